package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Metrics;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.Recovery;
import io.jwtauth.support.SmtpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Password reset through HTTP and real SMTP: the link comes from AUTH_PUBLIC_URL whatever the request's headers, works
 * once (also under a race), dies when a newer one is mailed and after 30 minutes, sets a password the policy accepts,
 * revokes every session and mails a notice; admins can send one.
 */
@QuarkusTest
class PasswordResetTest {

    private static final String NEW_PASSWORD = "purple monkey dishwasher lamp";

    SmtpServer smtp;

    @Inject
    MutableClock clock;

    @Test
    void aResetLinkFromThePublicUrlSetsThePasswordRevokesEverySessionAndMailsANotice() {
        Accounts.Account account = Accounts.register("reset");
        Accounts.Tokens before = account.login();

        given().header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Proto", "http")
                .header("Host", "evil.example")
                .contentType("application/json")
                .body(Map.of("email", account.email()))
                .post("/auth/password-reset")
                .then()
                .statusCode(202);
        SmtpServer.Received mail = smtp.awaitOne(account.email(), Recovery.RESET_SUBJECT);
        assertEquals("https://auth.example.com/reset-password", mail.linkTarget(), "never from request headers");
        assertTrue(mail.html().contains("https://auth.example.com/reset-password?token=" + mail.token()), mail.html());
        assertTrue(mail.text().contains("30 minutes"), mail.text());
        assertTrue(mail.token().length() >= 43, "at least 256 bits");

        Recovery.confirmReset(mail.token(), NEW_PASSWORD).then().statusCode(204);

        given().auth().oauth2(before.access()).get("/users/me").then().statusCode(401);
        Accounts.refresh(before.refresh()).then().statusCode(401);
        Accounts.loginAttempt(account.email(), account.password()).then().statusCode(401);
        Accounts.Tokens after = Accounts.login(account.email(), NEW_PASSWORD);
        given().auth()
                .oauth2(after.access())
                .get("/users/me")
                .then()
                .statusCode(200)
                .body("emailVerified", equalTo(true)); // the link reached the address
        assertTrue(smtp.awaitOne(account.email(), Recovery.RESET_NOTICE_SUBJECT)
                .text()
                .contains("every session of the account was logged out"));
    }

    @Test
    void aResetTokenWorksOnce() {
        Accounts.Account account = Accounts.register("reset-once");
        String token = mailedResetToken(account.email());

        Recovery.confirmReset(token, NEW_PASSWORD).then().statusCode(204);
        Recovery.confirmReset(token, "another long passphrase here")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_reset_token"));
        Accounts.login(account.email(), NEW_PASSWORD);
    }

    @Test
    void ofEightConcurrentConfirmsWithOneTokenExactlyOneWins() throws Exception {
        Accounts.Account account = Accounts.register("reset-race");
        String token = mailedResetToken(account.email());
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> winners = new ArrayList<>();
        List<String> losers = new ArrayList<>();
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String password = "racing passphrase number " + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    int status = Recovery.confirmReset(token, password).statusCode();
                    synchronized (winners) {
                        (status == 204 ? winners : losers).add(password);
                    }
                    return status;
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                statuses.merge(answer.get(30, TimeUnit.SECONDS), 1, Integer::sum);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Map.of(204, 1, 400, threads - 1), statuses);
        Accounts.loginAttempt(account.email(), losers.get(0)).then().statusCode(401);
        Accounts.loginAttempt(account.email(), winners.get(0)).then().statusCode(200);
    }

    @Test
    void aNewerResetLinkReplacesTheOlder() {
        Accounts.Account account = Accounts.register("reset-newer");
        String older = mailedResetToken(account.email());
        Recovery.requestReset(account.email()).then().statusCode(202);
        String newer = smtp.await(account.email(), 3).stream()
                .filter(m -> m.subject().equals(Recovery.RESET_SUBJECT))
                .map(SmtpServer.Received::token)
                .filter(t -> !t.equals(older))
                .findFirst()
                .orElseThrow();

        Recovery.confirmReset(older, NEW_PASSWORD).then().statusCode(400).body("code", equalTo("invalid_reset_token"));
        Recovery.confirmReset(newer, NEW_PASSWORD).then().statusCode(204);
    }

    @Test
    void aResetLinkDiesAfterThirtyMinutes() {
        Accounts.Account account = Accounts.register("reset-expiry");
        String token = mailedResetToken(account.email());

        clock.advance(Duration.ofMinutes(31));

        Recovery.confirmReset(token, NEW_PASSWORD).then().statusCode(400).body("code", equalTo("invalid_reset_token"));
        clock.reset();
        Accounts.login(account.email(), account.password());
    }

    @Test
    void aLinkIsStillLiveAfterTwentyNineMinutes() {
        Accounts.Account account = Accounts.register("reset-in-time");
        String token = mailedResetToken(account.email());

        clock.advance(Duration.ofMinutes(29));

        // the token is looked up before the password policy: a policy refusal says the link is still live, and uses
        // nothing up (a 204 here would write its revocation 29 minutes into the future of the shared event log)
        Recovery.confirmReset(token, "short").then().statusCode(400).body("code", equalTo("validation_failed"));
        clock.advance(Duration.ofMinutes(2));
        Recovery.confirmReset(token, "short").then().statusCode(400).body("code", equalTo("invalid_reset_token"));
    }

    @Test
    void forgedUnknownAndOtherKindsOfTokensAreRefused() {
        Accounts.Account account = Accounts.register("reset-forged");
        String reset = mailedResetToken(account.email());
        String verification =
                smtp.awaitOne(account.email(), Recovery.VERIFY_SUBJECT).token();

        for (String forged : List.of(
                verification,
                reset.substring(0, reset.length() - 1) + (reset.endsWith("A") ? "B" : "A"),
                "x",
                "../../etc/passwd",
                "' OR 1=1 --")) {
            Recovery.confirmReset(forged, NEW_PASSWORD)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("invalid_reset_token"));
        }
        Recovery.confirmReset("", NEW_PASSWORD).then().statusCode(400).body("code", equalTo("validation_failed"));
        Recovery.confirmReset("x".repeat(300), NEW_PASSWORD)
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        Recovery.confirmReset(reset, NEW_PASSWORD).then().statusCode(204);
    }

    @Test
    void theNewPasswordFollowsThePolicyAndARefusalLeavesTheLinkUsable() {
        Accounts.Account account = Accounts.register("reset-policy");
        String token = mailedResetToken(account.email());

        for (String weak : List.of("short", account.email(), "password1234567890")) {
            Recovery.confirmReset(token, weak)
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("validation_failed"))
                    .body("errors[0].field", equalTo("newPassword"));
        }
        Recovery.confirmReset(token, NEW_PASSWORD).then().statusCode(204);
    }

    @Test
    void requestsAreThrottledPerAddressKnownOrNot() {
        for (String email :
                List.of(Accounts.register("reset-throttle").email(), Accounts.uniqueEmail("reset-throttle-ghost"))) {
            for (int i = 0; i < 3; i++) {
                Recovery.requestReset(email).then().statusCode(202);
            }
            Recovery.requestReset(email)
                    .then()
                    .statusCode(429)
                    .contentType("application/problem+json")
                    .body("code", equalTo("too_many_attempts"))
                    .header("Retry-After", notNullValue());
            Recovery.requestReset(email.toUpperCase()).then().statusCode(429); // one normalised address
        }
    }

    @Test
    void anAdminMailsAResetLinkToAUser() {
        Accounts.Account user = Accounts.register("reset-by-admin");
        String admin = Accounts.admin("reset-admin").login().access();

        given().auth()
                .oauth2(user.login().access())
                .post("/admin/users/" + user.id() + "/password-reset")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        given().auth()
                .oauth2(admin)
                .post("/admin/users/00000000-0000-0000-0000-000000000000/password-reset")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        assertEquals(List.of(), smtp.to(user.email(), Recovery.RESET_SUBJECT));

        given().auth()
                .oauth2(admin)
                .post("/admin/users/" + user.id() + "/password-reset")
                .then()
                .statusCode(202);
        String token = smtp.awaitOne(user.email(), Recovery.RESET_SUBJECT).token();
        Recovery.confirmReset(token, NEW_PASSWORD).then().statusCode(204);
        Accounts.login(user.email(), NEW_PASSWORD);
    }

    @Test
    void aResetRequestNeverWaitsOnSmtpAndItsMailIsDeliveredOnceSmtpIsBack() {
        Accounts.Account account = Accounts.register("reset-outage");
        smtp.awaitOne(account.email(), Recovery.VERIFY_SUBJECT);
        String retries = "outcome=\"retry\",template=\"password-reset\"";
        double retriedBefore = Metrics.sum("auth_mails_total", retries);
        smtp.stop();
        try {
            long started = System.nanoTime();
            Response answer = Recovery.requestReset(account.email());
            long millis = (System.nanoTime() - started) / 1_000_000;
            answer.then().statusCode(202);
            assertTrue(millis < 2_000, "answered in " + millis + " ms with SMTP down");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Metrics.sum("auth_mails_total", retries) == retriedBefore && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(Metrics.sum("auth_mails_total", retries) > retriedBefore, "the sender tried and failed");
            assertEquals(List.of(), smtp.to(account.email(), Recovery.RESET_SUBJECT));
        } finally {
            smtp.start();
        }
        clock.advance(Duration.ofMinutes(1)); // past the first retry's wait
        String token = smtp.awaitOne(account.email(), Recovery.RESET_SUBJECT).token();
        clock.reset(); // the revocation below is written at the real time, as other tests expect of the event log
        Recovery.confirmReset(token, NEW_PASSWORD).then().statusCode(204);
    }

    private String mailedResetToken(String email) {
        Recovery.requestReset(email).then().statusCode(202);
        return smtp.awaitOne(email, Recovery.RESET_SUBJECT).token();
    }
}
