package io.jwtauth.resourceserver;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An application with this library and nothing else of it (its application.properties names the client and the
 * issuer; the JWKS comes from jwt-auth.url): roles work as before, revoked tokens are refused within 2 s, staleness is
 * readiness data and a metric.
 */
@QuarkusTest
@QuarkusTestResource(AuthServiceFixtureResource.class)
class ProtectedResourceTest {

    private static final Duration PROMISE = Duration.ofSeconds(2);

    @Test
    void rolesWorkAsBefore() {
        String sub = subject();
        given().auth()
                .oauth2(FixtureTokens.user(sub, sid(), 1, "user"))
                .get("/probe/user")
                .then()
                .statusCode(200)
                .body(equalTo(sub));
        given().auth()
                .oauth2(FixtureTokens.user(sub, sid(), 1, "user"))
                .get("/probe/admin")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(FixtureTokens.user(sub, sid(), 1, "user", "admin"))
                .get("/probe/admin")
                .then()
                .statusCode(200);
        given().get("/probe/user").then().statusCode(401);
    }

    @Test
    void aRevokedSessionIsRefusedWithinTwoSecondsAndTheUsersOtherSessionsLiveOn() {
        String sub = subject();
        String sid = sid();
        String revoked = FixtureTokens.user(sub, sid, 1, "user");
        String other = FixtureTokens.user(sub, sid(), 1, "user");
        status(revoked, 200);

        authService().publish(RevocationEvent.SESSION_REVOKED, sub, sid, null, null);
        Duration delay = refusedWithin(revoked);
        System.out.printf("session_revoked refused after %d ms%n", delay.toMillis());

        given().auth()
                .oauth2(revoked)
                .get("/probe/user")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"));
        status(other, 200);
        assertTrue(metric("jwt_auth_tokens_refused_total{reason=\"session_revoked\"}") >= 1);
    }

    @Test
    void revokedTokensRefuseEveryOlderVersionOfTheSubject() {
        String sub = subject();
        String old = FixtureTokens.user(sub, sid(), 3, "user");
        status(old, 200);

        authService().publish(RevocationEvent.TOKENS_REVOKED, sub, null, 4L, null);
        refusedWithin(old);
        status(FixtureTokens.user(sub, sid(), 4, "user"), 200);
        status(FixtureTokens.user(subject(), sid(), 3, "user"), 200);
    }

    @Test
    void aDisabledSubjectIsRefusedUntilEnabled() {
        String sub = subject();
        String token = FixtureTokens.user(sub, sid(), 1, "user", "admin");
        status(token, 200);

        authService().publish(RevocationEvent.SUBJECT_DISABLED, sub, null, null, null);
        refusedWithin(token);
        given().auth().oauth2(token).get("/probe/admin").then().statusCode(401);

        authService().publish(RevocationEvent.SUBJECT_ENABLED, sub, null, null, null);
        Eventually.within(PROMISE, "accepted again", () -> statusOf(token) == 200);
    }

    @Test
    void aTokenLivingLongerThanRevocationsAreRememberedIsRefused() {
        long now = Instant.now().getEpochSecond();
        status(FixtureTokens.sign(subject(), sid(), 1L, now, now + 901, "user"), 401);
        status(FixtureTokens.sign(subject(), sid(), 1L, now, now + 900, "user"), 200);
    }

    @Test
    void readinessAndMetricsShowTheFeed() {
        Eventually.within(PROMISE, "ready", () -> given().get("/q/health/ready").statusCode() == 200);
        JsonPath health =
                given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        Map<String, Object> check = feedCheck(health);
        assertEquals("UP", check.get("status"));
        Map<?, ?> data = (Map<?, ?>) check.get("data");
        assertEquals(true, data.get("connected"));
        assertEquals(true, data.get("current"));
        assertEquals("accept", data.get("whenStale"));
        assertTrue(((Number) data.get("lastHeartbeatAgeMillis")).longValue() < 2000);

        assertTrue(metric("jwt_auth_revocation_feed_staleness_seconds") < 2);
        assertEquals(1.0, metric("jwt_auth_revocation_feed_connected"));
    }

    @Test
    void whileTheAuthServiceIsDownTokensAreAcceptedOnSignatureAndKnownRevocationsStillRefused() throws Exception {
        String sub = subject();
        String sid = sid();
        String revoked = FixtureTokens.user(sub, sid, 1, "user");
        authService().publish(RevocationEvent.SESSION_REVOKED, sub, sid, null, null);
        refusedWithin(revoked);

        authService().stop();
        try {
            Eventually.within(
                    Duration.ofSeconds(5), "stale", () -> metric("jwt_auth_revocation_feed_staleness_seconds") > 2);
            Map<?, ?> data = (Map<?, ?>) feedCheck(given().get("/q/health/ready")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath())
                    .get("data");
            assertEquals(false, data.get("connected"));
            assertEquals(false, data.get("current"));
            status(FixtureTokens.user(sub, sid(), 1, "user"), 200);
            status(revoked, 401);
        } finally {
            authService().restart();
        }
        Eventually.within(
                Duration.ofSeconds(3), "current again", () -> metric("jwt_auth_revocation_feed_connected") == 1);
    }

    private static Map<String, Object> feedCheck(JsonPath health) {
        assertTrue(health.getList("checks.name").contains(FeedReadiness.NAME), health.prettify());
        return health.getMap("checks.find { it.name == '" + FeedReadiness.NAME + "' }");
    }

    private static Duration refusedWithin(String token) {
        return Eventually.within(PROMISE, "refused", () -> statusOf(token) == 401);
    }

    private static void status(String token, int expected) {
        given().auth().oauth2(token).get("/probe/user").then().statusCode(expected);
    }

    private static int statusOf(String token) {
        return given().auth().oauth2(token).get("/probe/user").statusCode();
    }

    private static double metric(String series) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines()
                .filter(line -> line.startsWith(series + " ") || line.startsWith(series.replace("}", ",")))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + series + " in\n" + text));
    }

    private static AuthServiceFixture authService() {
        return AuthServiceFixtureResource.authService;
    }

    private static String subject() {
        return "user-" + UUID.randomUUID();
    }

    private static String sid() {
        return UUID.randomUUID().toString();
    }
}
