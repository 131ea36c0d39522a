package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.Recovery;
import io.jwtauth.support.SmtpServer;
import io.jwtauth.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Email verification and email change through HTTP and real SMTP: registration mails a link (from AUTH_PUBLIC_URL)
 * that verifies the address once, within 48 hours; UserView and new access tokens say so; a new link replaces the old
 * and is limited per account; a change needs the password, mails the new address and notifies the old one, and takes
 * effect (in the one normalised form) only when the new address's link is used.
 */
@QuarkusTest
class EmailVerificationTest {

    SmtpServer smtp;

    @Inject
    MutableClock clock;

    @Test
    void registrationMailsALinkThatVerifiesTheAddressOnce() {
        Accounts.Account account = Accounts.register("verify");
        String before = account.login().access();
        assertEquals("false", TestTokens.claim(before, "email_verified"));
        me(before).body("emailVerified", equalTo(false));

        SmtpServer.Received mail = smtp.awaitOne(account.email(), Recovery.VERIFY_SUBJECT);
        assertEquals("https://auth.example.com/verify-email", mail.linkTarget());
        assertTrue(mail.text().contains("48 hours"), mail.text());
        Recovery.verifyEmail(mail.token()).then().statusCode(204);

        me(before).body("emailVerified", equalTo(true)); // nothing revoked, the view follows at once
        assertEquals("true", TestTokens.claim(account.login().access(), "email_verified"));
        Recovery.verifyEmail(mail.token())
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_verification_token"));
    }

    @Test
    void aVerificationLinkDiesAfterFortyEightHours() {
        Accounts.Account account = Accounts.register("verify-expiry");
        String token = smtp.awaitOne(account.email(), Recovery.VERIFY_SUBJECT).token();

        clock.advance(Duration.ofHours(49));

        Recovery.verifyEmail(token).then().statusCode(400).body("code", equalTo("invalid_verification_token"));
    }

    @Test
    void forgedTokensAndResetTokensDoNotVerify() {
        Accounts.Account account = Accounts.register("verify-forged");
        String verification =
                smtp.awaitOne(account.email(), Recovery.VERIFY_SUBJECT).token();
        Recovery.requestReset(account.email()).then().statusCode(202);
        String reset = smtp.awaitOne(account.email(), Recovery.RESET_SUBJECT).token();

        for (String forged : List.of(reset, verification.substring(1), "nope")) {
            Recovery.verifyEmail(forged).then().statusCode(400).body("code", equalTo("invalid_verification_token"));
        }
        Recovery.verifyEmail("a\u0000b").then().statusCode(400).body("code", equalTo("validation_failed"));
        Recovery.verifyEmail(verification).then().statusCode(204);
    }

    @Test
    void aNewLinkReplacesTheOlderAndIsLimitedPerAccount() {
        Accounts.Account account = Accounts.register("verify-resend");
        String access = account.login().access();
        String first = smtp.awaitOne(account.email(), Recovery.VERIFY_SUBJECT).token();

        Recovery.resendVerification(access).then().statusCode(202);
        // by subject: the login above also mailed a new-sign-in notice
        String second = smtp.await(account.email(), Recovery.VERIFY_SUBJECT, 2).stream()
                .map(SmtpServer.Received::token)
                .filter(t -> !t.equals(first))
                .findFirst()
                .orElseThrow();
        Recovery.resendVerification(access).then().statusCode(202);
        Recovery.resendVerification(access).then().statusCode(202);
        Recovery.resendVerification(access).then().statusCode(429).body("code", equalTo("too_many_attempts"));

        Recovery.verifyEmail(first).then().statusCode(400);
        smtp.await(account.email(), Recovery.VERIFY_SUBJECT, 4); // the third and fourth links replaced the second
        Recovery.verifyEmail(second).then().statusCode(400);
        Recovery.verifyEmail(
                        smtp.to(account.email(), Recovery.VERIFY_SUBJECT).get(3).token())
                .then()
                .statusCode(204);
        given().post("/users/me/email/verification").then().statusCode(401);
    }

    @Test
    void anEmailChangeTakesEffectWhenTheNewAddressIsVerifiedAndTheOldOneIsTold() {
        Accounts.Account account = Accounts.register("change");
        String access = account.login().access();
        String newEmail = Accounts.uniqueEmail("changed");

        Recovery.changeEmail(access, "  " + newEmail.toUpperCase() + " ", account.password())
                .then()
                .statusCode(202);
        SmtpServer.Received notice = smtp.awaitOne(account.email(), Recovery.CHANGE_NOTICE_SUBJECT);
        assertTrue(notice.text().contains(newEmail), notice.text());
        SmtpServer.Received link = smtp.awaitOne(newEmail, Recovery.VERIFY_SUBJECT);
        assertEquals("https://auth.example.com/verify-email", link.linkTarget());

        // nothing changes before the new address is proved
        me(access).body("email", equalTo(account.email()));
        Accounts.login(account.email(), account.password());

        Recovery.verifyEmail(link.token()).then().statusCode(204);

        me(access).body("email", equalTo(newEmail)).body("emailVerified", equalTo(true));
        Accounts.loginAttempt(account.email(), account.password()).then().statusCode(401);
        String fresh =
                Accounts.login(newEmail.toUpperCase(), account.password()).access();
        assertEquals(newEmail, TestTokens.claim(fresh, "upn"));
        assertEquals("true", TestTokens.claim(fresh, "email_verified"));
    }

    @Test
    void anEmailChangeNeedsTheCurrentPasswordAndAFreeAddress() {
        Accounts.Account account = Accounts.register("change-refused");
        Accounts.Account other = Accounts.register("change-taken");
        String access = account.login().access();

        Recovery.changeEmail(access, Accounts.uniqueEmail("x"), "not the password at all")
                .then()
                .statusCode(403)
                .body("code", equalTo("invalid_credentials"));
        Recovery.changeEmail(access, " " + other.email().toUpperCase(), account.password())
                .then()
                .statusCode(409)
                .body("code", equalTo("email_taken"));
        Recovery.changeEmail(access, "not an address", account.password())
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        Recovery.changeEmail(access, account.email(), account.password())
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("newEmail"));
        assertEquals(List.of(), smtp.to(account.email(), Recovery.CHANGE_NOTICE_SUBJECT));
    }

    @Test
    void anAddressTakenBeforeTheChangeIsVerifiedIsRefusedThen() {
        Accounts.Account account = Accounts.register("change-race");
        String newEmail = Accounts.uniqueEmail("change-race-new");
        Recovery.changeEmail(account.login().access(), newEmail, account.password())
                .then()
                .statusCode(202);
        String token = smtp.awaitOne(newEmail, Recovery.VERIFY_SUBJECT).token();
        Accounts.registration(newEmail, Accounts.PASSWORD, null).then().statusCode(201);

        Recovery.verifyEmail(token).then().statusCode(409).body("code", equalTo("email_taken"));
        Accounts.login(account.email(), account.password());
    }

    @Test
    void aResetLinkMailedToTheOldAddressDiesWithTheChange() {
        Accounts.Account account = Accounts.register("change-reset");
        Recovery.requestReset(account.email()).then().statusCode(202);
        String reset = smtp.awaitOne(account.email(), Recovery.RESET_SUBJECT).token();
        String newEmail = Accounts.uniqueEmail("change-reset-new");
        Recovery.changeEmail(account.login().access(), newEmail, account.password())
                .then()
                .statusCode(202);
        Recovery.verifyEmail(smtp.awaitOne(newEmail, Recovery.VERIFY_SUBJECT).token())
                .then()
                .statusCode(204);

        Recovery.confirmReset(reset, "purple monkey dishwasher lamp")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_reset_token"));
    }

    private static io.restassured.response.ValidatableResponse me(String access) {
        return given().auth().oauth2(access).get("/users/me").then().statusCode(200);
    }
}
