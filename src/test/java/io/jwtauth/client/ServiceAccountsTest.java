package io.jwtauth.client;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jwtauth.common.Sha256;
import io.jwtauth.support.Accounts;
import io.jwtauth.support.Accounts.Client;
import io.jwtauth.support.NativeQueries;
import io.jwtauth.support.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /admin/clients: service accounts created, listed, given a new secret and deleted by an admin; the secret shown once
 * and stored as a keyed hash; a client's tokens accepted where its roles allow and dead after rotation or deletion;
 * clients kept apart from users (not in /admin/users, never the last admin).
 */
@QuarkusTest
class ServiceAccountsTest {

    private static final String BASE64URL_256_BITS = "[A-Za-z0-9_-]{43}";

    @Inject
    NativeQueries db;

    String admin;

    @BeforeEach
    void anAdmin() {
        admin = Accounts.admin("clients-admin").login().access();
    }

    @Test
    void createShowsTheSecretOnceAndListNeverShowsIt() {
        Response created = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "orders-api", "roles", List.of("resource-server", "user")))
                .post("/admin/clients");
        created.then()
                .statusCode(201)
                .header("Cache-Control", "no-store")
                .body("clientId", matchesPattern("[0-9a-f-]{36}"))
                .body("clientSecret", matchesPattern(BASE64URL_256_BITS))
                .body("name", equalTo("orders-api"))
                .body("roles", containsInAnyOrder("resource-server", "user"))
                .body("createdAt", notNullValue());
        String clientId = created.path("clientId");
        String secret = created.path("clientSecret");

        Response list = given().auth().oauth2(admin).get("/admin/clients");
        list.then()
                .statusCode(200)
                .body("clientId", hasItem(clientId))
                .body("find { it.clientId == '" + clientId + "' }.name", equalTo("orders-api"))
                .body("find { it.clientId == '" + clientId + "' }", not(hasKey("clientSecret")))
                .body("find { it.clientId == '" + clientId + "' }.secretCreatedAt", notNullValue());
        assertFalse(list.asString().contains(secret), "the list shows a secret");
    }

    @Test
    void theSecretIsStoredOnlyAsAKeyedHash() {
        Client client = Accounts.createClient(admin, "stored-hash", "resource-server");
        byte[] stored = QuarkusTransaction.requiringNew()
                .call(() -> (byte[]) db.createNativeQuery("SELECT secret_hash FROM clients WHERE id = ?1")
                        .setParameter(1, UUID.fromString(client.id()))
                        .getSingleResult());
        assertEquals(32, stored.length, "an HMAC-SHA-256");
        // not the secret, and not its plain SHA-256 (which anyone could compute from a guess): keyed by the pepper
        assertNotEquals(
                HexFormat.of().formatHex(Sha256.of(client.secret())),
                HexFormat.of().formatHex(stored));
        long plaintext = QuarkusTransaction.requiringNew()
                .call(() -> ((Number) db.createNativeQuery(
                                        "SELECT count(*) FROM clients c JOIN users u ON u.id = c.id WHERE c.id = ?1"
                                                + " AND (position(convert_to(?2, 'UTF8') in c.secret_hash) > 0"
                                                + " OR u::text LIKE '%' || ?2 || '%')")
                                .setParameter(1, UUID.fromString(client.id()))
                                .setParameter(2, client.secret())
                                .getSingleResult())
                        .longValue());
        assertEquals(0, plaintext, "the secret is stored somewhere in the clear");
    }

    @Test
    void aNewSecretReplacesTheOldOneAndKillsItsTokens() {
        Client client = Accounts.createClient(admin, "rotated", "user");
        String before = client.token();
        given().auth().oauth2(before).get("/users/me").then().statusCode(200); // cached, so rotation must reach it

        Response rotated = given().auth().oauth2(admin).post("/admin/clients/" + client.id() + "/secret");
        rotated.then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("clientId", equalTo(client.id()))
                .body("clientSecret", matchesPattern(BASE64URL_256_BITS))
                .body("clientSecret", not(equalTo(client.secret())));

        given().auth().oauth2(before).get("/users/me").then().statusCode(401).body("code", equalTo("invalid_token"));
        Accounts.clientTokenResponse(client.id(), client.secret())
                .then()
                .statusCode(401)
                .body("error", equalTo("invalid_client"));
        String after = client.withSecret(rotated.path("clientSecret")).token();
        given().auth().oauth2(after).get("/users/me").then().statusCode(200);
    }

    @Test
    void deletingAClientKillsItsSecretAndEveryToken() {
        Client client = Accounts.createClient(admin, "deleted", "user");
        String first = client.token();
        String second = client.token();
        given().auth().oauth2(first).get("/users/me").then().statusCode(200);
        given().auth().oauth2(second).get("/users/me").then().statusCode(200);

        given().auth()
                .oauth2(admin)
                .delete("/admin/clients/" + client.id())
                .then()
                .statusCode(204);

        given().auth().oauth2(first).get("/users/me").then().statusCode(401);
        given().auth().oauth2(second).get("/users/me").then().statusCode(401);
        Accounts.clientTokenResponse(client.id(), client.secret())
                .then()
                .statusCode(401)
                .body("error", equalTo("invalid_client"));
        given().auth().oauth2(admin).get("/admin/clients").then().body("clientId", not(hasItem(client.id())));
        given().auth()
                .oauth2(admin)
                .delete("/admin/clients/" + client.id())
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        given().auth()
                .oauth2(admin)
                .post("/admin/clients/" + client.id() + "/secret")
                .then()
                .statusCode(404);
    }

    @Test
    void unknownClientsAreNotFound() {
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            given().auth()
                    .oauth2(admin)
                    .post("/admin/clients/" + id + "/secret")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
            given().auth().oauth2(admin).delete("/admin/clients/" + id).then().statusCode(404);
        }
    }

    @Test
    void onlyAnAdminManagesClients() {
        String user = Accounts.register("clients-not-admin").login().access();
        given().auth().oauth2(user).get("/admin/clients").then().statusCode(403).body("code", equalTo("forbidden"));
        given().auth()
                .oauth2(user)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x", "roles", List.of("admin")))
                .post("/admin/clients")
                .then()
                .statusCode(403);
        given().get("/admin/clients").then().statusCode(401);
    }

    @Test
    void invalidRequestsNameTheField() {
        Map<String, String> bodies = Map.of(
                "{\"roles\":[\"user\"]}",
                "name",
                "{\"name\":\"  \",\"roles\":[\"user\"]}",
                "name",
                "{\"name\":\"bell\\u0007\",\"roles\":[\"user\"]}",
                "name",
                "{\"name\":\"" + "n".repeat(201) + "\",\"roles\":[\"user\"]}",
                "name",
                "{\"name\":\"x\"}",
                "roles",
                "{\"name\":\"x\",\"roles\":[]}",
                "roles",
                "{\"name\":\"x\",\"roles\":[\"root\"]}",
                "roles");
        bodies.forEach((body, field) -> given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/admin/clients")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("errors.field", hasItem(field)));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"roles\":\"user\"}")
                .post("/admin/clients")
                .then()
                .statusCode(400)
                .body("code", equalTo("malformed_request"));
    }

    @Test
    void aClientIsNoUserOfAdminUsers() {
        Client client = Accounts.createClient(admin, "not-a-user", "user");
        String path = "/admin/users/" + client.id();
        given().auth().oauth2(admin).get(path).then().statusCode(404).body("code", equalTo("not_found"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("user", "admin")))
                .put(path + "/roles")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("enabled", false))
                .put(path + "/status")
                .then()
                .statusCode(404);
        given().auth().oauth2(admin).post(path + "/revoke-tokens").then().statusCode(404);
        long accounts = QuarkusTransaction.requiringNew()
                .call(() -> ((Number) db.createNativeQuery("SELECT count(*) FROM users WHERE kind = 'user'")
                                .getSingleResult())
                        .longValue());
        given().auth()
                .oauth2(admin)
                .queryParam("size", 1)
                .get("/admin/users")
                .then()
                .statusCode(200)
                .body("total", equalTo((int) accounts));
        // the client still works: the refused admin actions did not touch it
        given().auth().oauth2(client.token()).get("/users/me").then().statusCode(200);
    }

    @Test
    void aClientWithTheAdminRoleNeverCountsAsTheLastAdmin() {
        Accounts.Account lastAdmin = Accounts.admin("clients-last-admin");
        Accounts.demoteAdminsExcept(lastAdmin.id());
        String lastAdminAccess = lastAdmin.login().access();
        Client adminClient = Accounts.createClient(lastAdminAccess, "admin-robot", "admin");
        assertEquals(1, Accounts.enabledAdminCount());
        given().auth()
                .oauth2(lastAdminAccess)
                .contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("user")))
                .put("/admin/users/" + lastAdmin.id() + "/roles")
                .then()
                .statusCode(409)
                .body("code", equalTo("last_admin"));
        // and the client's admin role works where an admin's does
        given().auth().oauth2(adminClient.token()).get("/admin/users").then().statusCode(200);
    }

    @Test
    void usersNeverHoldResourceServer() {
        Accounts.Account user = Accounts.register("clients-no-rs");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("user", "resource-server")))
                .put("/admin/users/" + user.id() + "/roles")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
    }

    @Test
    void aClientTokenIsAcceptedWhereItsRolesAllowAndOnlyThere() {
        Client user = Accounts.createClient(admin, "with-user-role", "user");
        Client resourceServer = Accounts.createClient(admin, "resource-server-only", "resource-server");
        given().auth()
                .oauth2(user.token())
                .get("/users/me")
                .then()
                .statusCode(200)
                .body("id", equalTo(user.id()))
                .body("displayName", equalTo("with-user-role"))
                .body("email", nullValue());
        given().auth().oauth2(user.token()).get("/admin/users").then().statusCode(403);
        given().auth()
                .oauth2(resourceServer.token())
                .get("/users/me")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void aClientsOwnLogoutAllKillsItsTokensButNotItsSecret() {
        Client client = Accounts.createClient(admin, "logs-out", "user");
        String before = client.token();
        given().auth().oauth2(before).post("/auth/logout-all").then().statusCode(204);
        given().auth().oauth2(before).get("/users/me").then().statusCode(401);
        String after = client.token(); // a new credential under the new tokenVersion
        given().auth().oauth2(after).get("/users/me").then().statusCode(200);
        assertNotEquals(TestTokens.claim(before, "sid"), TestTokens.claim(after, "sid"));
        assertEquals(
                Integer.parseInt(TestTokens.claim(before, "ver")) + 1,
                Integer.parseInt(TestTokens.claim(after, "ver")));
    }

    @Test
    void aClientHasNoPasswordToChange() {
        Client client = Accounts.createClient(admin, "no-password", "user");
        given().auth()
                .oauth2(client.token())
                .contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "anything at all here", "newPassword", "a completely new passphrase"))
                .put("/users/me/password")
                .then()
                .statusCode(403)
                .body("code", equalTo("invalid_credentials"));
    }
}
