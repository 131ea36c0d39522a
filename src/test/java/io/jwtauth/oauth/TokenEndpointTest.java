package io.jwtauth.oauth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Accounts.Client;
import io.jwtauth.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /oauth/token: the client credentials grant with client_secret_basic or client_secret_post (not both), the
 * client token's claims, and every error in RFC 6749's format — never problem+json, never a 5xx.
 */
@QuarkusTest
class TokenEndpointTest {

    static final String FORM = "application/x-www-form-urlencoded";

    Client client;

    @BeforeEach
    void aClient() {
        String admin = Accounts.admin("token-endpoint-admin").login().access();
        client = Accounts.createClient(admin, "token-endpoint", "resource-server", "user");
    }

    @Test
    void basicAuthenticationGetsAnAccessTokenAndNoRefreshToken() {
        Response r = Accounts.clientTokenResponse(client.id(), client.secret());
        r.then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .body("access_token", notNullValue())
                .body("refresh_token", nullValue());
        String token = r.path("access_token");
        JsonPath claims = JsonPath.from(TestTokens.payload(token));
        assertEquals(client.id(), claims.getString("sub"));
        assertEquals(client.id(), claims.getString("client_id"));
        assertEquals(
                List.of("resource-server", "user").stream().sorted().toList(),
                claims.getList("groups", String.class).stream().sorted().toList());
        assertNull(claims.get("upn"), "a client token names no user");
        assertEquals(TestTokens.ISSUER, claims.getString("iss"));
        assertEquals(TestTokens.AUDIENCE, claims.getString("aud"));
        assertEquals(900, claims.getLong("exp") - claims.getLong("iat"));
        for (String claim : List.of("jti", "sid", "ver")) {
            assertTrue(claims.get(claim) != null, claim + " missing: " + claims.prettify());
        }
        assertTrue(TestTokens.header(token).contains("\"kid\""), "kid header");
        // and it is accepted where its roles allow
        given().auth().oauth2(token).get("/users/me").then().statusCode(200);
    }

    @Test
    void postAuthenticationWorksToo() {
        form(Map.of(
                        "grant_type", "client_credentials",
                        "client_id", client.id(),
                        "client_secret", client.secret()))
                .post("/oauth/token")
                .then()
                .statusCode(200)
                .body("access_token", notNullValue());
    }

    @Test
    void everyTokenHasItsOwnJtiAndTheCredentialsSid() {
        String a = client.token();
        String b = client.token();
        assertNotEquals(TestTokens.claim(a, "jti"), TestTokens.claim(b, "jti"));
        assertEquals(TestTokens.claim(a, "sid"), TestTokens.claim(b, "sid"), "both issued with one credential");
    }

    @Test
    void bothAuthenticationMethodsAtOnceAreInvalidRequest() {
        basic(client.id(), client.secret())
                .contentType(FORM)
                .formParams(Map.of(
                        "grant_type", "client_credentials",
                        "client_id", client.id(),
                        "client_secret", client.secret()))
                .post("/oauth/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
        basic(client.id(), client.secret())
                .contentType(FORM)
                .formParams(Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        UUID.randomUUID().toString()))
                .post("/oauth/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void noClientAuthenticationIsInvalidClientWithABasicChallenge() {
        for (Response r : List.of(
                form(Map.of("grant_type", "client_credentials")).post("/oauth/token"),
                form(Map.of("grant_type", "client_credentials", "client_id", client.id()))
                        .post("/oauth/token"),
                given().auth()
                        .oauth2(client.token())
                        .contentType(FORM)
                        .formParam("grant_type", "client_credentials")
                        .post("/oauth/token"),
                given().header("Authorization", "Basic not*base64")
                        .contentType(FORM)
                        .formParam("grant_type", "client_credentials")
                        .post("/oauth/token"),
                given().header("Authorization", "Basic " + b64("no-colon-here"))
                        .contentType(FORM)
                        .formParam("grant_type", "client_credentials")
                        .post("/oauth/token"))) {
            oauthError(r, 401, "invalid_client").header("WWW-Authenticate", "Basic realm=\"jwt-auth\"");
        }
    }

    @Test
    void anUnknownClientAndAWrongSecretGetTheSameAnswer() {
        Response wrongSecret = Accounts.clientTokenResponse(client.id(), client.secret() + "x");
        Response unknown = Accounts.clientTokenResponse(UUID.randomUUID().toString(), client.secret());
        Response notAnId = Accounts.clientTokenResponse("orders-api", client.secret());
        for (Response r : List.of(wrongSecret, unknown, notAnId)) {
            oauthError(r, 401, "invalid_client").header("WWW-Authenticate", "Basic realm=\"jwt-auth\"");
            assertEquals(wrongSecret.asString(), r.asString());
        }
    }

    @Test
    void onlyTheClientCredentialsGrantWithoutScope() {
        oauthError(basic(client.id(), client.secret()).contentType(FORM).post("/oauth/token"), 400, "invalid_request");
        oauthError(
                basic(client.id(), client.secret())
                        .contentType(FORM)
                        .formParam("grant_type", "password")
                        .post("/oauth/token"),
                400,
                "unsupported_grant_type");
        oauthError(
                basic(client.id(), client.secret())
                        .contentType(FORM)
                        .formParams(Map.of("grant_type", "client_credentials", "scope", "orders:read"))
                        .post("/oauth/token"),
                400,
                "invalid_scope");
        // a parameter without a value counts as omitted, an unknown one is ignored (RFC 6749 §3.2)
        basic(client.id(), client.secret())
                .contentType(FORM)
                .body("grant_type=client_credentials&scope=&audience=anything")
                .post("/oauth/token")
                .then()
                .statusCode(200);
    }

    @Test
    void oddInputIsInvalidRequestInOAuthFormatNeverA5xx() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("repeated", "grant_type=client_credentials&grant_type=client_credentials");
        bodies.put("NUL", "grant_type=client_credentials%00");
        bodies.put("control", "grant_type=client%1Bcredentials");
        bodies.put("broken escape", "grant_type=client_credentials%G1");
        bodies.put("cut escape", "grant_type=client_credentials%4");
        bodies.put("not UTF-8", "grant_type=client_credentials%C3%28");
        bodies.put("lone surrogate", "grant_type=%ED%A0%80");
        bodies.put("raw non-ASCII", "grant_type=client_crédentials");
        bodies.put("too long", "grant_type=" + "x".repeat(65));
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            Response r = basic(client.id(), client.secret())
                    .contentType(FORM + "; charset=UTF-8")
                    .body(body.getValue())
                    .post("/oauth/token");
            assertEquals(400, r.statusCode(), body.getKey() + ": " + r.asString());
            oauthError(r, 400, "invalid_request");
        }
        for (String contentType : List.of("application/json", "text/plain")) {
            oauthError(
                    basic(client.id(), client.secret())
                            .contentType(contentType)
                            .body("{\"grant_type\":\"client_credentials\"}")
                            .post("/oauth/token"),
                    400,
                    "invalid_request");
        }
        oauthError(basic(client.id(), client.secret()).post("/oauth/token"), 400, "invalid_request");
        // a client id or secret beyond any real one's length
        oauthError(
                form(Map.of(
                                "grant_type",
                                "client_credentials",
                                "client_id",
                                "c".repeat(300),
                                "client_secret",
                                client.secret()))
                        .post("/oauth/token"),
                400,
                "invalid_request");
        oauthError(Accounts.clientTokenResponse(client.id(), "s".repeat(300)), 401, "invalid_client");
    }

    @Test
    void basicCredentialsAreFormDecoded() {
        // RFC 6749 §2.3.1: id and secret are form-encoded before Basic; ours need no escaping, but escapes are read
        String escapedId = client.id().replace("-", "%2D");
        given().header("Authorization", "Basic " + b64(escapedId + ":" + client.secret()))
                .contentType(FORM)
                .formParam("grant_type", "client_credentials")
                .post("/oauth/token")
                .then()
                .statusCode(200);
    }

    @Test
    void aClientsTokenDiesWithItsSecretButNotWithAnotherClients() {
        String admin = Accounts.admin("token-endpoint-other").login().access();
        Client other = Accounts.createClient(admin, "other", "user");
        String mine = client.token();
        String theirs = other.token();
        given().auth()
                .oauth2(admin)
                .post("/admin/clients/" + other.id() + "/secret")
                .then()
                .statusCode(200);
        given().auth().oauth2(theirs).get("/users/me").then().statusCode(401);
        given().auth().oauth2(mine).get("/users/me").then().statusCode(200);
        Accounts.clientTokenResponse(client.id(), client.secret()).then().statusCode(200);
    }

    /** The answer is an OAuth error (not problem+json) with this status and code, and a description. */
    static io.restassured.response.ValidatableResponse oauthError(Response r, int status, String error) {
        return r.then()
                .statusCode(status)
                .contentType(ContentType.JSON)
                .header("Content-Type", not(equalTo("application/problem+json")))
                .body("error", equalTo(error))
                .body("error_description", notNullValue())
                .body("code", nullValue());
    }

    private static RequestSpecification form(Map<String, String> parameters) {
        return given().contentType(FORM).formParams(parameters);
    }

    private static RequestSpecification basic(String id, String secret) {
        return given().auth().preemptive().basic(id, secret);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
