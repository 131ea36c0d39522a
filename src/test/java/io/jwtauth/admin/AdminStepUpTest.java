package io.jwtauth.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Authenticator;
import io.jwtauth.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With AUTH_ADMIN_REQUIRE_MFA=true every admin endpoint (users and clients) refuses a token whose login had no second
 * factor — 403 mfa_required — and serves one with otp in amr; callers without the role still get 401 or 403 forbidden.
 */
@QuarkusTest
@TestProfile(AdminStepUpTest.RequireMfa.class)
class AdminStepUpTest {

    public static class RequireMfa implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.admin.require-mfa", "true");
        }
    }

    @Inject
    MutableClock clock;

    @Test
    void anAdminTokenWithoutASecondFactorIsRefusedEverywhereUnderAdmin() {
        Accounts.Account admin = Accounts.admin("step-up");
        String passwordOnly = admin.login().access();

        for (String path : List.of("/admin/users", "/admin/users/" + admin.id(), "/admin/clients")) {
            given().auth()
                    .oauth2(passwordOnly)
                    .get(path)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("code", equalTo("mfa_required"));
        }
        given().auth()
                .oauth2(passwordOnly)
                .contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("user")))
                .put("/admin/users/" + admin.id() + "/roles")
                .then()
                .statusCode(403)
                .body("code", equalTo("mfa_required"));
        given().auth()
                .oauth2(passwordOnly)
                .delete("/admin/users/" + UUID.randomUUID() + "/mfa")
                .then()
                .statusCode(403)
                .body("code", equalTo("mfa_required"));
        // the account's own endpoints are not admin endpoints
        given().auth().oauth2(passwordOnly).get("/users/me").then().statusCode(200);
    }

    @Test
    void anAdminWhoLoggedInWithASecondFactorIsServed() {
        Accounts.Account admin = Accounts.admin("step-up-otp");
        Authenticator app = Authenticator.enrol(admin.login().access(), clock.instant());
        clock.advance(Duration.ofSeconds(30));
        String withOtp = Authenticator.loginWithCode(
                        Authenticator.mfaToken(admin.email(), admin.password()), app.code(clock.instant()))
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");

        given().auth().oauth2(withOtp).get("/admin/users").then().statusCode(200);
        given().auth().oauth2(withOtp).get("/admin/clients").then().statusCode(200);
        given().auth()
                .oauth2(withOtp)
                .get("/admin/users/" + admin.id())
                .then()
                .statusCode(200)
                .body("mfaEnabled", equalTo(true));
    }

    @Test
    void callersWithoutTheAdminRoleGetTheUsualAnswersNotMfaRequired() {
        Accounts.Account user = Accounts.register("step-up-user");
        Authenticator app = Authenticator.enrol(user.login().access(), clock.instant());
        clock.advance(Duration.ofSeconds(30));
        String withOtp = Authenticator.loginWithCode(
                        Authenticator.mfaToken(user.email(), user.password()), app.code(clock.instant()))
                .path("access_token");

        given().auth()
                .oauth2(withOtp)
                .get("/admin/users")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        given().get("/admin/users").then().statusCode(401).body("code", equalTo("unauthorized"));
    }
}
