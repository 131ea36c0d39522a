package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Authenticator;
import io.jwtauth.support.LogCapture;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.Recovery;
import io.jwtauth.support.SmtpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A login to an account with MFA on: 403 mfa_required with an mfa_token only after a correct password, then a TOTP
 * code or a recovery code, each accepted once (concurrent uses too), wrong codes counted on the mfa_token and
 * throttled for the account, amr on every token of the session, the secret nowhere after enrolment.
 */
@QuarkusTest
class MfaLoginTest {

    @Inject
    MutableClock clock;

    SmtpServer smtp;

    @Test
    void aCorrectPasswordAsksForTheSecondFactorAndACodeCompletesTheLogin() {
        Accounts.Account account = Accounts.register("mfa-login");
        Authenticator app = Authenticator.enrol(account.login().access(), clock.instant());

        Response first = Accounts.loginAttempt(account.email(), account.password());
        first.then()
                .statusCode(403)
                .contentType("application/problem+json")
                .header("Cache-Control", "no-store")
                .body("code", equalTo("mfa_required"))
                .body("methods", equalTo(List.of("totp", "recovery_code")))
                .body("members", equalTo(null))
                .body("access_token", equalTo(null))
                .body("refresh_token", equalTo(null));
        String mfaToken = first.path("mfa_token");
        assertTrue(Base64.getUrlDecoder().decode(mfaToken).length >= 32, "at least 256 bits");

        clock.advance(Duration.ofSeconds(30)); // the confirmation used the code of the previous step
        Response done = Authenticator.loginWithCode(mfaToken, app.code(clock.instant()));
        done.then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("device_token", notNullValue());
        assertEquals(List.of("pwd", "otp"), MfaEnrolmentTest.amr(done.path("access_token")));
        MfaEnrolmentTest.me(done.path("access_token")).then().statusCode(200);

        // the session keeps its amr through refreshes
        Response refreshed = Accounts.refresh(done.path("refresh_token"));
        refreshed.then().statusCode(200);
        assertEquals(List.of("pwd", "otp"), MfaEnrolmentTest.amr(refreshed.path("access_token")));

        // an mfa_token is single-use
        clock.advance(Duration.ofSeconds(30));
        Authenticator.loginWithCode(mfaToken, app.code(clock.instant()))
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_mfa_token"));
    }

    @Test
    void aPasswordLoginWithoutMfaCarriesAmrPwdAndKeepsItThroughRefresh() {
        Accounts.Tokens tokens = Accounts.register("amr-pwd").login();
        assertEquals(List.of("pwd"), MfaEnrolmentTest.amr(tokens.access()));
        assertEquals(
                List.of("pwd"),
                MfaEnrolmentTest.amr(Accounts.refresh(tokens.refresh()).path("access_token")));
    }

    @Test
    void aWrongPasswordStaysInvalidCredentialsWithoutAnMfaToken() {
        Accounts.Account account = Accounts.register("mfa-wrong-password");
        Authenticator.enrol(account.login().access(), clock.instant());

        Accounts.loginAttempt(account.email(), "a wrong password of some length")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_credentials"))
                .body("mfa_token", equalTo(null));
    }

    @Test
    void aRecoveryCodeLogsInOnceAndFailsTheSecondTime() {
        Accounts.Account account = Accounts.register("mfa-recovery");
        Authenticator app = Authenticator.enrol(account.login().access(), clock.instant());
        String recovery = app.recoveryCodes().get(0);

        Response done = Authenticator.loginWithRecoveryCode(
                Authenticator.mfaToken(account.email(), account.password()), recovery);
        done.then().statusCode(200);
        assertEquals(List.of("pwd", "otp"), MfaEnrolmentTest.amr(done.path("access_token")));

        Authenticator.loginWithRecoveryCode(Authenticator.mfaToken(account.email(), account.password()), recovery)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_mfa_code"));
        // written as a person types it from paper: upper case, no dashes
        String typed = app.recoveryCodes().get(1).replace("-", "").toUpperCase(Locale.ROOT);
        Authenticator.loginWithRecoveryCode(Authenticator.mfaToken(account.email(), account.password()), typed)
                .then()
                .statusCode(200);
    }

    @Test
    void aTotpCodeIsAcceptedOnceAndNoOlderCodeAfterIt() {
        Accounts.Account account = Accounts.register("mfa-replay");
        Authenticator app = Authenticator.enrol(account.login().access(), clock.instant());
        clock.advance(Duration.ofSeconds(30));
        String older = app.code(clock.instant());
        clock.advance(Duration.ofSeconds(30));
        String current = app.code(clock.instant());

        Authenticator.loginWithCode(Authenticator.mfaToken(account.email(), account.password()), current)
                .then()
                .statusCode(200);
        // the same code again, within its window
        Authenticator.loginWithCode(Authenticator.mfaToken(account.email(), account.password()), current)
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_mfa_code"));
        // the previous step's code is still inside the ±1 window, but older than one already used
        Authenticator.loginWithCode(Authenticator.mfaToken(account.email(), account.password()), older)
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_mfa_code"));
        // the next step's code is new
        clock.advance(Duration.ofSeconds(30));
        Authenticator.loginWithCode(
                        Authenticator.mfaToken(account.email(), account.password()), app.code(clock.instant()))
                .then()
                .statusCode(200);
    }

    @Test
    void codesOutsideTheDriftWindowAreRefused() {
        Accounts.Account account = Accounts.register("mfa-drift");
        Authenticator app = Authenticator.enrol(account.login().access(), clock.instant());
        String mfaToken = Authenticator.mfaToken(account.email(), account.password());

        Authenticator.loginWithCode(mfaToken, app.code(clock.instant().plus(Duration.ofSeconds(90))))
                .then()
                .statusCode(401);
        Authenticator.loginWithCode(mfaToken, app.code(clock.instant().minus(Duration.ofSeconds(90))))
                .then()
                .statusCode(401);
        Authenticator.loginWithCode(mfaToken, app.code(clock.instant().plus(Duration.ofSeconds(30))))
                .then()
                .statusCode(200);
    }

    @Test
    void theFifthWrongCodeKillsTheMfaToken() {
        Accounts.Account account = Accounts.register("mfa-count");
        Authenticator app = Authenticator.enrol(account.login().access(), clock.instant());
        clock.advance(Duration.ofSeconds(30));
        String right = app.code(clock.instant());
        String mfaToken = Authenticator.mfaToken(account.email(), account.password());

        for (int i = 0; i < 5; i++) {
            Authenticator.loginWithCode(mfaToken, MfaEnrolmentTest.wrongCode(right))
                    .then()
                    .statusCode(401)
                    .body("code", equalTo("invalid_mfa_code"));
        }
        Authenticator.loginWithCode(mfaToken, right).then().statusCode(401).body("code", equalTo("invalid_mfa_token"));
        Authenticator.loginWithRecoveryCode(mfaToken, app.recoveryCodes().get(0))
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_mfa_token"));
    }

    @Test
    void wrongCodesAreThrottledForTheAccountAcrossFreshMfaTokensUntilTheWaitEnds() {
        Accounts.Account account = Accounts.register("mfa-throttle");
        Authenticator app = Authenticator.enrol(account.login().access(), clock.instant());
        clock.advance(Duration.ofSeconds(30));
        String wrong = MfaEnrolmentTest.wrongCode(app.code(clock.instant()));

        // a correct password hands out a fresh mfa_token each time, but never a fresh allowance of guesses
        for (int i = 0; i < 5; i++) {
            Authenticator.loginWithCode(Authenticator.mfaToken(account.email(), account.password()), wrong)
                    .then()
                    .statusCode(401);
        }
        String fresh = Authenticator.mfaToken(account.email(), account.password());
        Response throttled = Authenticator.loginWithCode(fresh, app.code(clock.instant()));
        throttled
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("too_many_attempts"));
        assertNotNull(throttled.header("Retry-After"));
        // a recovery code waits too: one throttle for every second factor
        Authenticator.loginWithRecoveryCode(fresh, app.recoveryCodes().get(0))
                .then()
                .statusCode(429);

        clock.advance(Duration.ofSeconds(Long.parseLong(throttled.header("Retry-After"))));
        Authenticator.loginWithCode(fresh, app.code(clock.instant())).then().statusCode(200);
    }

    @Test
    void twoConcurrentUsesOfOneTotpCodeLetExactlyOneIn() throws Exception {
        Accounts.Account account = Accounts.register("mfa-race-totp");
        Authenticator app = Authenticator.enrol(account.login().access(), clock.instant());
        clock.advance(Duration.ofSeconds(30));
        String code = app.code(clock.instant());

        assertEquals(
                List.of(200, 401, 401, 401, 401), race(account, token -> Authenticator.loginWithCode(token, code)));
    }

    @Test
    void twoConcurrentUsesOfOneRecoveryCodeLetExactlyOneIn() throws Exception {
        Accounts.Account account = Accounts.register("mfa-race-recovery");
        Authenticator app = Authenticator.enrol(account.login().access(), clock.instant());
        String recovery = app.recoveryCodes().get(0);

        assertEquals(
                List.of(200, 401, 401, 401, 401),
                race(account, token -> Authenticator.loginWithRecoveryCode(token, recovery)));
    }

    @Test
    void concurrentUsesOfOneMfaTokenOpenAtMostOneSession() throws Exception {
        Accounts.Account account = Accounts.register("mfa-race-token");
        Authenticator app = Authenticator.enrol(account.login().access(), clock.instant());
        String mfaToken = Authenticator.mfaToken(account.email(), account.password());
        List<String> recovery = app.recoveryCodes();
        int threads = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String code = recovery.get(i); // a different, valid recovery code each
            answers.add(pool.submit(() -> {
                start.await();
                return Authenticator.loginWithRecoveryCode(mfaToken, code).statusCode();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(threads - 1, statuses.stream().filter(s -> s == 401).count(), statuses.toString());
    }

    @Test
    void aPasswordChangeLeavesMfaOn() {
        Accounts.Account account = Accounts.register("mfa-password-change");
        String access = account.login().access();
        Authenticator.enrol(access, clock.instant());
        String newPassword = "a completely different passphrase 42";

        given().auth()
                .oauth2(access)
                .contentType(ContentType.JSON)
                .body(Map.of("currentPassword", account.password(), "newPassword", newPassword))
                .put("/users/me/password")
                .then()
                .statusCode(200);

        Accounts.loginAttempt(account.email(), newPassword)
                .then()
                .statusCode(403)
                .body("code", equalTo("mfa_required"))
                .body("mfa_token", notNullValue());
    }

    @Test
    void aPasswordResetLeavesMfaOnAndItsCodesWorking() {
        Accounts.Account account = Accounts.register("mfa-password-reset");
        Authenticator app = Authenticator.enrol(account.login().access(), clock.instant());
        String newPassword = "a reset passphrase nobody guesses";

        Recovery.requestReset(account.email()).then().statusCode(202);
        Recovery.confirmReset(
                        smtp.awaitOne(account.email(), Recovery.RESET_SUBJECT).token(), newPassword)
                .then()
                .statusCode(204);

        String mfaToken = Authenticator.mfaToken(account.email(), newPassword);
        Authenticator.loginWithRecoveryCode(mfaToken, app.recoveryCodes().get(0))
                .then()
                .statusCode(200);
    }

    @Test
    void anUnknownMfaTokenOrAnExpiredOneIsRefusedAndBadBodiesAre400() {
        Accounts.Account account = Accounts.register("mfa-token-bad");
        Authenticator app = Authenticator.enrol(account.login().access(), clock.instant());
        Authenticator.loginWithCode("no-such-token", "123456")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_mfa_token"));

        String mfaToken = Authenticator.mfaToken(account.email(), account.password());
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        Authenticator.loginWithCode(mfaToken, app.code(clock.instant()))
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_mfa_token"));

        String live = Authenticator.mfaToken(account.email(), account.password());
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("mfa_token", live),
                Map.of("mfa_token", live, "code", "123456", "recovery_code", "aaaa-bbbb-cccc-dddd"),
                Map.of("code", "123456"),
                Map.of("mfa_token", live, "code", 123456),
                Map.of("mfa_token", live, "code", "12\u00003456"))) {
            given().contentType(ContentType.JSON)
                    .body(body)
                    .post("/auth/login/mfa")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        // none of those counted on the token
        Authenticator.loginWithCode(live, app.code(clock.instant())).then().statusCode(200);
    }

    @Test
    void theSecretAndTheCodesAppearInNoResponseAfterEnrolmentAndInNoLog() {
        try (LogCapture logs = LogCapture.start()) {
            Accounts.Account account = Accounts.register("mfa-secret");
            String access = account.login().access();
            Authenticator app = Authenticator.enrol(access, clock.instant());
            String mfaToken = Authenticator.mfaToken(account.email(), account.password());
            clock.advance(Duration.ofSeconds(30));
            String code = app.code(clock.instant());
            Response done = Authenticator.loginWithCode(mfaToken, code);
            String admin = Accounts.admin("mfa-secret-admin").login().access();

            List<String> answers = List.of(
                    MfaEnrolmentTest.me(access).asString(),
                    MfaEnrolmentTest.me(done.path("access_token")).asString(),
                    done.asString(),
                    given().auth()
                            .oauth2(admin)
                            .get("/admin/users/" + account.id())
                            .asString(),
                    given().auth().oauth2(admin).get("/admin/users?size=100").asString(),
                    Authenticator.begin(done.path("access_token")).asString(),
                    given().auth().oauth2(access).get("/users/me/sessions").asString());
            for (String answer : answers) {
                assertFalse(answer.contains(app.secret()), answer);
                app.recoveryCodes().forEach(c -> assertFalse(answer.contains(c), answer));
            }
            List<String> secrets = new ArrayList<>(app.recoveryCodes());
            secrets.addAll(List.of(app.secret(), code, mfaToken, done.path("access_token"), done.path("device_token")));
            for (var record : logs.records()) {
                String line = LogCapture.line(record);
                secrets.forEach(s -> assertFalse(line.contains(s), line));
            }
        }
    }

    /**
     * Five mfa_tokens of the account, each presented at once with the same second factor; the statuses, sorted. Five:
     * the throttle lets no more code checks run at once for an account from one client.
     */
    private List<Integer> race(Accounts.Account account, Function<String, Response> attempt) throws Exception {
        int threads = 5;
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            tokens.add(Authenticator.mfaToken(account.email(), account.password()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (String token : tokens) {
            answers.add(pool.submit(() -> {
                start.await();
                return attempt.apply(token).statusCode();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        statuses.sort(null);
        return statuses;
    }
}
