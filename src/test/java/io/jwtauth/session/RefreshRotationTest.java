package io.jwtauth.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Accounts.Tokens;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.NativeQueries;
import io.jwtauth.support.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Rotation: single use, the same successor within the grace window, reuse after it revokes that session only. */
@QuarkusTest
class RefreshRotationTest {

    @Inject
    MutableClock clock;

    @Inject
    SessionRepository sessions;

    @Inject
    NativeQueries db;

    @Test
    void refreshRotatesToANewWorkingPair() {
        Tokens first = Accounts.register("rotate").login();
        Response r = Accounts.refresh(first.refresh());
        r.then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("access_token", notNullValue());
        String second = r.path("refresh_token");
        assertNotEquals(first.refresh(), second);
        assertTrue(second.length() >= 43, "at least 256 bits, base64url");
        given().auth()
                .oauth2(r.<String>path("access_token"))
                .get("/users/me")
                .then()
                .statusCode(200);
        Accounts.refresh(second).then().statusCode(200);
    }

    @Test
    void presentedAgainWithinGraceTheSameSuccessorIsReturned() {
        Tokens first = Accounts.register("grace").login();
        String successor = Accounts.refresh(first.refresh())
                .then()
                .statusCode(200)
                .extract()
                .path("refresh_token");
        clock.advance(Duration.ofSeconds(9));
        Response again = Accounts.refresh(first.refresh());
        again.then().statusCode(200);
        assertEquals(successor, again.path("refresh_token"), "a token never has two different successors");
        given().auth()
                .oauth2(again.<String>path("access_token"))
                .get("/users/me")
                .then()
                .statusCode(200);
        Accounts.refresh(successor).then().statusCode(200);
    }

    @Test
    void reusedRefreshTokenRevokesTheWholeSessionAndOnlyIt() {
        Accounts.Account account = Accounts.register("reuse");
        Tokens victim = account.login();
        Tokens otherDevice = account.login();
        Response rotated = Accounts.refresh(victim.refresh());
        String successor = rotated.path("refresh_token");
        String successorAccess = rotated.path("access_token");
        double reusesBefore = reuseCount();

        clock.advance(Duration.ofSeconds(11));
        Accounts.refresh(victim.refresh())
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("refresh_token_reused"));

        // the session is dead: its current refresh token and its access tokens
        Accounts.refresh(successor).then().statusCode(401).body("code", equalTo("invalid_refresh_token"));
        given().auth().oauth2(successorAccess).get("/users/me").then().statusCode(401);
        given().auth().oauth2(victim.access()).get("/users/me").then().statusCode(401);
        // the user's other session lives on
        given().auth().oauth2(otherDevice.access()).get("/users/me").then().statusCode(200);
        Accounts.refresh(otherDevice.refresh()).then().statusCode(200);

        UUID sid = UUID.fromString(io.jwtauth.support.TestTokens.claim(victim.access(), "sid"));
        String reason = QuarkusTransaction.requiringNew()
                .call(() -> sessions.findByIdOptional(sid).orElseThrow().revokedReason);
        assertEquals("refresh_token_reused", reason);
        assertEquals(reusesBefore + 1, reuseCount(), "reuse is counted in the metric");
    }

    @Test
    void unknownRefreshTokenIsRefused() {
        Accounts.refresh("not-a-token-we-issued-" + UUID.randomUUID())
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_refresh_token"));
    }

    @Test
    void expiredRefreshTokenIsRefused() {
        Tokens tokens = Accounts.register("expired-refresh").login();
        clock.advance(Duration.ofDays(7).plusSeconds(1));
        Accounts.refresh(tokens.refresh()).then().statusCode(401).body("code", equalTo("invalid_refresh_token"));
    }

    @Test
    void rotationNeverExtendsTheThirtyDaySessionCap() {
        Tokens tokens = Accounts.register("cap").login();
        String refresh = tokens.refresh();
        for (int day = 6; day <= 24; day += 6) {
            clock.advance(Duration.ofDays(6));
            refresh = Accounts.refresh(refresh).then().statusCode(200).extract().path("refresh_token");
        }
        clock.advance(Duration.ofDays(4)); // day 28: the session has 2 days left
        Response nearEnd = Accounts.refresh(refresh);
        nearEnd.then().statusCode(200);
        long left = ((Number) nearEnd.path("refresh_expires_in")).longValue();
        assertTrue(
                left <= Duration.ofDays(2).toSeconds()
                        && left > Duration.ofDays(2).minusMinutes(5).toSeconds(),
                "refresh_expires_in is capped by the session: " + left);
        clock.advance(Duration.ofDays(2).plusSeconds(1)); // day 30: over
        Accounts.refresh(nearEnd.path("refresh_token"))
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_refresh_token"));
    }

    @Test
    void missingRefreshTokenIsAValidationError() {
        given().contentType("application/json")
                .body("{}")
                .post("/auth/refresh")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
    }

    @Test
    void aRefreshedTokenCarriesTheStoredRolesAndAmrAsTheyAre() {
        JsonPath claims =
                refreshedWith("columns", new String[] {"user", "a,b", "c d", "\"{x}\""}, new String[] {"pwd", "otp"});
        assertEquals(
                List.of("user", "a,b", "c d", "\"{x}\""), claims.getList("groups"), "roles read element by element");
        assertEquals(List.of("pwd", "otp"), claims.getList("amr"), "amr in its stored order");
    }

    @Test
    void emptyRolesAndAmrStayEmptyOnRefresh() {
        JsonPath claims = refreshedWith("empty-columns", new String[0], new String[0]);
        assertEquals(List.of(), orEmpty(claims.getList("groups")), "no roles");
        assertEquals(List.of(), orEmpty(claims.getList("amr")), "no amr");
    }

    /**
     * The claims of the access token a refresh issues after the user's roles and its session's amr were written
     * straight to their array columns.
     */
    private JsonPath refreshedWith(String prefix, String[] roles, String[] amr) {
        Accounts.Account account = Accounts.register(prefix);
        Tokens tokens = account.login();
        UUID sessionId = UUID.fromString(TestTokens.claim(tokens.access(), "sid"));
        Accounts.changeInDatabase(account.id(), user -> user.roles = roles);
        QuarkusTransaction.requiringNew().run(() -> {
            db.createNativeQuery("UPDATE sessions SET amr = ?1 WHERE id = ?2")
                    .setParameter(1, amr)
                    .setParameter(2, sessionId)
                    .executeUpdate();
        });
        String access = Accounts.refresh(tokens.refresh())
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        return JsonPath.from(TestTokens.payload(access));
    }

    private static List<Object> orEmpty(List<Object> claim) {
        return claim == null ? List.of() : claim;
    }

    static double reuseCount() {
        return io.jwtauth.support.Metrics.sum("auth_refresh_reuse_detected_total");
    }
}
