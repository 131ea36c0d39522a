package io.jwtauth.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** /admin/users: role admin only; list, get, roles, status, revoke-tokens; the last admin is protected. */
@QuarkusTest
class AdminTest {

    @Test
    void aUserWithoutTheAdminRoleIsForbidden() {
        String user = Accounts.register("not-admin").login().access();
        given().auth()
                .oauth2(user)
                .get("/admin/users")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("forbidden"));
        given().get("/admin/users").then().statusCode(401);
    }

    @Test
    void listIsPagedAndFilteredByEmailSubstring() {
        String admin = Accounts.admin("lister").login().access();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            Accounts.register("find-" + tag);
        }
        given().auth()
                .oauth2(admin)
                .queryParam("q", "FIND-" + tag)
                .queryParam("size", 2)
                .get("/admin/users")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("total", equalTo(3))
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("items[0]", not(hasKey("passwordHash")))
                .body("items[0]", not(hasKey("tokenVersion")));
        given().auth()
                .oauth2(admin)
                .queryParam("q", "find-" + tag)
                .queryParam("size", 2)
                .queryParam("page", 1)
                .get("/admin/users")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("total", equalTo(3));
        // LIKE wildcards in q are literal
        given().auth()
                .oauth2(admin)
                .queryParam("q", "%")
                .get("/admin/users")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        given().auth()
                .oauth2(admin)
                .queryParam("size", 0)
                .get("/admin/users")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(admin)
                .queryParam("page", -1)
                .get("/admin/users")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(admin)
                .queryParam("page", "abc")
                .get("/admin/users")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("page"));
        given().auth()
                .oauth2(admin)
                .queryParam("size", "1e3")
                .get("/admin/users")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("size"));
        given().auth()
                .oauth2(admin)
                .queryParam("size", 101)
                .get("/admin/users")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(admin)
                .queryParam("page", 1_000_000)
                .queryParam("size", 100)
                .get("/admin/users")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void getReturnsTheUserViewOr404() {
        String admin = Accounts.admin("getter").login().access();
        Accounts.Account target = Accounts.register("target");
        given().auth()
                .oauth2(admin)
                .get("/admin/users/" + target.id())
                .then()
                .statusCode(200)
                .body("email", equalTo(target.email()))
                .body("roles", containsInAnyOrder("user"))
                .body("$", not(hasKey("passwordHash")))
                .body("$", not(hasKey("tokenVersion")));
        given().auth()
                .oauth2(admin)
                .get("/admin/users/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
    }

    @Test
    void rolesMustBeKnownAndUserIsAlwaysKept() {
        String admin = Accounts.admin("roles").login().access();
        Accounts.Account target = Accounts.register("roles-target");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("superuser")))
                .put("/admin/users/" + target.id() + "/roles")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("roles"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("admin")))
                .put("/admin/users/" + target.id() + "/roles")
                .then()
                .statusCode(200)
                .body("roles", containsInAnyOrder("user", "admin"));
        // the promoted user logs in again and is an admin
        given().auth()
                .oauth2(target.login().access())
                .get("/admin/users")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("user")))
                .put("/admin/users/" + UUID.randomUUID() + "/roles")
                .then()
                .statusCode(404);
    }

    @Test
    void theLastEnabledAdminCanBeNeitherDemotedNorDisabled() {
        Accounts.Account only = Accounts.admin("last");
        Accounts.demoteAdminsExcept(only.id());
        String token = only.login().access();
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("user")))
                .put("/admin/users/" + only.id() + "/roles")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("last_admin"));
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("enabled", false))
                .put("/admin/users/" + only.id() + "/status")
                .then()
                .statusCode(409)
                .body("code", equalTo("last_admin"));
        // still an admin, token still valid (nothing changed)
        given().auth().oauth2(token).get("/admin/users").then().statusCode(200);
    }

    @Test
    void twoAdminsDemotingEachOtherAtOnceLeaveOneAdmin() throws Exception {
        Accounts.Account first = Accounts.admin("duel-a");
        Accounts.Account second = Accounts.admin("duel-b");
        Accounts.demoteAdminsExcept(first.id(), second.id());
        String firstToken = first.login().access();
        String secondToken = second.login().access();
        // warm both tokens, so both requests pass authentication before either change lands
        given().auth()
                .oauth2(firstToken)
                .get("/admin/users/" + second.id())
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(secondToken)
                .get("/admin/users/" + first.id())
                .then()
                .statusCode(200);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> results = new ArrayList<>();
            results.add(pool.submit(() -> demote(start, firstToken, second.id())));
            results.add(pool.submit(() -> demote(start, secondToken, first.id())));
            start.countDown();
            int ok = 0;
            for (Future<Response> f : results) {
                int status = f.get().statusCode();
                if (status == 200) {
                    ok++;
                } else {
                    // 409 last_admin, or 401 if the winner's role change already revoked the loser's token
                    assertEquals(true, status == 409 || status == 401, "unexpected " + status);
                }
            }
            assertEquals(1, ok, "exactly one demotion wins");
        } finally {
            pool.shutdownNow();
        }
        long admins = Accounts.enabledAdminCount();
        assertEquals(1, admins, "one enabled admin remains");
    }

    @Test
    void statusDisablesAndEnables() {
        String admin = Accounts.admin("status").login().access();
        Accounts.Account target = Accounts.register("status-target");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("enabled", false))
                .put("/admin/users/" + target.id() + "/status")
                .then()
                .statusCode(200)
                .body("enabled", equalTo(false));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("enabled", true))
                .put("/admin/users/" + target.id() + "/status")
                .then()
                .statusCode(200)
                .body("enabled", equalTo(true));
        target.login();
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("enabled", "maybe"))
                .put("/admin/users/" + target.id() + "/status")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of())
                .put("/admin/users/" + target.id() + "/status")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
    }

    private static Response demote(CountDownLatch start, String token, String targetId) throws InterruptedException {
        start.await();
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("user")))
                .put("/admin/users/" + targetId + "/roles");
    }
}
