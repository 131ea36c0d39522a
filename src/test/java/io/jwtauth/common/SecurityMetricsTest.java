package io.jwtauth.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Prometheus counters on the management port move with logins, refreshes, revocations and rejections. */
@QuarkusTest
class SecurityMetricsTest {

    @Test
    void loginsAreCountedByOutcome() {
        Accounts.Account account = Accounts.register("metrics-login");
        double ok = Metrics.sum("auth_logins_total", "outcome=\"success\"");
        double bad = Metrics.sum("auth_logins_total", "outcome=\"invalid_credentials\"");
        account.login();
        given().contentType(ContentType.JSON)
                .body(Map.of("email", account.email(), "password", "not the password at all"))
                .post("/auth/login")
                .then()
                .statusCode(401);
        assertEquals(ok + 1, Metrics.sum("auth_logins_total", "outcome=\"success\""));
        assertEquals(bad + 1, Metrics.sum("auth_logins_total", "outcome=\"invalid_credentials\""));
    }

    @Test
    void refreshesAndRevocationsAreCounted() {
        Accounts.Tokens tokens = Accounts.register("metrics-refresh").login();
        double rotated = Metrics.sum("auth_refreshes_total", "outcome=\"rotated\"");
        double logouts = Metrics.sum("auth_revocations_total", "kind=\"logout\"");
        double logoutAll = Metrics.sum("auth_revocations_total", "kind=\"logout_all\"");
        String access = Accounts.refresh(tokens.refresh())
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        assertEquals(rotated + 1, Metrics.sum("auth_refreshes_total", "outcome=\"rotated\""));
        given().auth().oauth2(access).post("/auth/logout").then().statusCode(204);
        assertEquals(logouts + 1, Metrics.sum("auth_revocations_total", "kind=\"logout\""));
        Accounts.Tokens other = Accounts.register("metrics-all").login();
        given().auth().oauth2(other.access()).post("/auth/logout-all").then().statusCode(204);
        assertEquals(logoutAll + 1, Metrics.sum("auth_revocations_total", "kind=\"logout_all\""));
    }

    @Test
    void tokenRejectionsAreCountedByReason() {
        Accounts.Tokens tokens = Accounts.register("metrics-reject").login();
        double revoked = Metrics.sum("auth_token_rejections_total", "reason=\"revoked\"");
        double all = Metrics.sum("auth_token_rejections_total");
        given().auth().oauth2(tokens.access()).post("/auth/logout").then().statusCode(204);
        given().auth().oauth2(tokens.access()).get("/users/me").then().statusCode(401);
        given().auth().oauth2("garbage").get("/users/me").then().statusCode(401);
        assertEquals(revoked + 1, Metrics.sum("auth_token_rejections_total", "reason=\"revoked\""));
        assertTrue(Metrics.sum("auth_token_rejections_total") >= all + 2);
    }

    @Test
    void metricsAndHealthAreOnlyOnTheManagementPort() {
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(404);
        given().port(Metrics.managementPort())
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.hasItem("keys"))
                .body("checks.name", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.containsString("Database")))
                .body("checks.status", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("UP")));
        given().port(Metrics.managementPort()).get("/q/health/live").then().statusCode(200);
    }
}
