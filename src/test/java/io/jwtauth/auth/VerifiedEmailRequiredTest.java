package io.jwtauth.auth;

import static org.hamcrest.Matchers.equalTo;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Recovery;
import io.jwtauth.support.SmtpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With AUTH_REGISTRATION_REQUIRE_VERIFIED_EMAIL=true, login waits for the address, and says so only after a correct password. */
@QuarkusTest
@TestProfile(VerifiedEmailRequiredTest.RequireVerifiedEmail.class)
class VerifiedEmailRequiredTest {

    public static class RequireVerifiedEmail implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.registration.require-verified-email", "true");
        }
    }

    SmtpServer smtp;

    @Test
    void loginBeforeVerificationIs403EmailUnverifiedOnlyAfterACorrectPassword() {
        Accounts.Account account = Accounts.register("unverified");

        Accounts.loginAttempt(account.email(), "not the password at all")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_credentials"));
        Accounts.loginAttempt(account.email(), account.password())
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("email_unverified"));

        Recovery.verifyEmail(
                        smtp.awaitOne(account.email(), Recovery.VERIFY_SUBJECT).token())
                .then()
                .statusCode(204);
        Accounts.loginAttempt(account.email(), account.password()).then().statusCode(200);
    }

    @Test
    void aPasswordResetProvesTheAddressToo() {
        Accounts.Account account = Accounts.register("unverified-reset");
        Recovery.requestReset(account.email()).then().statusCode(202);

        Recovery.confirmReset(
                        smtp.awaitOne(account.email(), Recovery.RESET_SUBJECT).token(), "purple monkey dishwasher lamp")
                .then()
                .statusCode(204);
        Accounts.loginAttempt(account.email(), "purple monkey dishwasher lamp")
                .then()
                .statusCode(200);
    }
}
