package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Authenticator;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.SmtpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Turning MFA on (pending until a first code confirms it; recovery codes shown once; every other session revoked) and
 * off (by the account with its password and a code, or by an admin for a lost device; a notice mailed either way).
 */
@QuarkusTest
class MfaEnrolmentTest {

    private static final String NOTICE = "Two-step sign-in was turned off";
    private static final Pattern RECOVERY_CODE = Pattern.compile("[a-z2-7]{4}(-[a-z2-7]{4}){3}");

    @Inject
    MutableClock clock;

    SmtpServer smtp;

    @Test
    void enrolmentIsPendingUntilAFirstCodeConfirmsIt() {
        Accounts.Account account = Accounts.register("mfa-enrol");
        String access = account.login().access();

        Response begun = Authenticator.begin(access);
        begun.then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("otpauthUri", startsWith("otpauth://totp/jwt-auth:"));
        String secret = begun.path("secret");
        assertTrue(secret.matches("[A-Z2-7]{32}"), secret); // 160 bits, base32
        assertTrue(begun.<String>path("otpauthUri").contains("secret=" + secret + "&issuer=jwt-auth"));
        assertTrue(begun.<String>path("otpauthUri").contains("algorithm=SHA1&digits=6&period=30"));
        me(access).then().body("mfaEnabled", equalTo(false));
        Accounts.login(account.email(), account.password()); // pending: the password alone still logs in

        Authenticator app = new Authenticator(secret, List.of());
        String wrong = app.code(clock.instant().plus(Duration.ofMinutes(5)));
        Authenticator.confirm(access, wrong)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_mfa_code"));
        me(access).then().body("mfaEnabled", equalTo(false));

        Response confirmed = Authenticator.confirm(access, app.code(clock.instant()));
        confirmed.then().statusCode(200).header("Cache-Control", "no-store");
        List<String> codes = confirmed.path("recoveryCodes");
        assertEquals(10, codes.size());
        assertEquals(10, new HashSet<>(codes).size());
        codes.forEach(c -> assertTrue(RECOVERY_CODE.matcher(c).matches(), c));
        me(access).then().body("mfaEnabled", equalTo(true)); // the cached view was dropped
        Accounts.loginAttempt(account.email(), account.password())
                .then()
                .statusCode(403)
                .body("code", equalTo("mfa_required"));
    }

    @Test
    void aConfirmationCodeCannotBeUsedAgainAtLogin() {
        Accounts.Account account = Accounts.register("mfa-confirm-replay");
        String access = account.login().access();
        String secret = Authenticator.begin(access).path("secret");
        Authenticator app = new Authenticator(secret, List.of());
        String code = app.code(clock.instant());
        Authenticator.confirm(access, code).then().statusCode(200);

        Authenticator.loginWithCode(Authenticator.mfaToken(account.email(), account.password()), code)
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_mfa_code"));
    }

    @Test
    void confirmingWithoutAPendingAuthenticatorIsAnInvalidCode() {
        String access = Accounts.register("mfa-no-pending").login().access();
        Authenticator.confirm(access, "123456")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_mfa_code"));
    }

    @Test
    void turningMfaOnRevokesEveryOtherSessionButTheCallers() {
        Accounts.Account account = Accounts.register("mfa-others");
        Accounts.Tokens here = account.login();
        Accounts.Tokens elsewhere = account.login();

        Authenticator.enrol(here.access(), clock.instant());

        me(here.access()).then().statusCode(200);
        Accounts.refresh(here.refresh()).then().statusCode(200);
        me(elsewhere.access()).then().statusCode(401);
        Accounts.refresh(elsewhere.refresh()).then().statusCode(401);
    }

    @Test
    void mfaCannotBeEnrolledTwice() {
        Accounts.Account account = Accounts.register("mfa-twice");
        String access = account.login().access();
        Authenticator.enrol(access, clock.instant());

        Authenticator.begin(access)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("mfa_already_enabled"));
        Authenticator.confirm(access, "123456").then().statusCode(409).body("code", equalTo("mfa_already_enabled"));
    }

    @Test
    void theAccountTurnsMfaOffWithItsPasswordAndACodeAndIsMailedANotice() {
        Accounts.Account account = Accounts.register("mfa-off");
        String access = account.login().access();
        Authenticator app = Authenticator.enrol(access, clock.instant());
        clock.advance(Duration.ofSeconds(30));
        String code = app.code(clock.instant());

        disable(access, "not the password at all!", code)
                .then()
                .statusCode(403)
                .body("code", equalTo("invalid_credentials"));
        disable(access, account.password(), wrongCode(code))
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_credentials"));
        me(access).then().body("mfaEnabled", equalTo(true));
        assertTrue(notices(account.email()).isEmpty());

        disable(access, account.password(), code).then().statusCode(204);

        me(access).then().body("mfaEnabled", equalTo(false));
        String token = Accounts.login(account.email(), account.password()).access();
        assertEquals(List.of("pwd"), amr(token));
        SmtpServer.Received notice = awaitNotice(account.email());
        assertTrue(notice.text().contains(account.email()), notice.text());
        assertTrue(notice.text().contains("by you"), notice.text());
        // off means off: the old code and recovery codes are gone with the authenticator
        disable(access, account.password(), app.recoveryCodes().get(0)).then().statusCode(403);
    }

    @Test
    void wrongCodesWhenTurningMfaOffAreThrottledLikeLoginCodes() {
        Accounts.Account account = Accounts.register("mfa-off-throttle");
        String access = account.login().access();
        Authenticator app = Authenticator.enrol(access, clock.instant());
        clock.advance(Duration.ofSeconds(30));
        String code = app.code(clock.instant());
        for (int i = 0; i < 5; i++) {
            disable(access, account.password(), wrongCode(code)).then().statusCode(403);
        }

        Response throttled = disable(access, account.password(), code);
        throttled.then().statusCode(429).body("code", equalTo("too_many_attempts"));
        // and the same account's login codes wait with them: one count per account and network
        Authenticator.loginWithCode(Authenticator.mfaToken(account.email(), account.password()), code)
                .then()
                .statusCode(429);
        clock.advance(Duration.ofSeconds(Long.parseLong(throttled.header("Retry-After"))));
        disable(access, account.password(), app.code(clock.instant())).then().statusCode(204);
    }

    @Test
    void aRecoveryCodeTurnsMfaOffWhenTheDeviceIsLost() {
        Accounts.Account account = Accounts.register("mfa-off-recovery");
        String access = account.login().access();
        Authenticator app = Authenticator.enrol(access, clock.instant());

        disable(access, account.password(), app.recoveryCodes().get(3)).then().statusCode(204);
        awaitNotice(account.email());
    }

    @Test
    void anAdminResetsALostAuthenticatorEveryTokenDiesAndTheUserIsMailed() {
        Accounts.Account account = Accounts.register("mfa-reset");
        Accounts.Tokens tokens = account.login();
        Authenticator.enrol(tokens.access(), clock.instant());
        String admin = Accounts.admin("mfa-reset-admin").login().access();

        given().auth()
                .oauth2(admin)
                .delete("/admin/users/" + account.id() + "/mfa")
                .then()
                .statusCode(204);

        me(tokens.access()).then().statusCode(401); // tokenVersion + 1
        Accounts.refresh(tokens.refresh()).then().statusCode(401);
        String fresh = Accounts.login(account.email(), account.password()).access(); // no second factor any more
        me(fresh).then().body("mfaEnabled", equalTo(false));
        given().auth().oauth2(admin).get("/admin/users/" + account.id()).then().body("mfaEnabled", equalTo(false));
        assertTrue(awaitNotice(account.email()).text().contains("by an administrator"));
        // and the user can enrol again
        Authenticator.enrol(fresh, clock.instant().plus(Duration.ofSeconds(30)));
    }

    @Test
    void resettingAnUnknownUsersMfaIs404() {
        String admin = Accounts.admin("mfa-reset-404").login().access();
        given().auth()
                .oauth2(admin)
                .delete("/admin/users/" + UUID.randomUUID() + "/mfa")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        String user = Accounts.register("mfa-reset-not-admin").login().access();
        given().auth()
                .oauth2(user)
                .delete("/admin/users/" + UUID.randomUUID() + "/mfa")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    static Response me(String access) {
        return given().auth().oauth2(access).get("/users/me");
    }

    static List<String> amr(String accessToken) {
        return io.restassured.path.json.JsonPath.from(io.jwtauth.support.TestTokens.payload(accessToken))
                .getList("amr");
    }

    static String wrongCode(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private static Response disable(String access, String password, String code) {
        return given().auth()
                .oauth2(access)
                .contentType(ContentType.JSON)
                .body(Map.of("currentPassword", password, "code", code))
                .delete("/users/me/mfa");
    }

    private List<SmtpServer.Received> notices(String email) {
        return smtp.to(email, NOTICE);
    }

    private SmtpServer.Received awaitNotice(String email) {
        return smtp.awaitOne(email, NOTICE);
    }
}
