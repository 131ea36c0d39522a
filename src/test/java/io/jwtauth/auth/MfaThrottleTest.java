package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Authenticator;
import io.jwtauth.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Wrong second-factor codes count per account from any address, like wrong passwords, and the owner's device token
 * exempts it from that count (no lock-out). LoginThrottleTest's profile: small limits (per account and network 3,
 * per account 4), and 127.0.0.1 a trusted proxy so the attacker can use many addresses.
 */
@QuarkusTest
@TestProfile(LoginThrottleTest.TightLimits.class)
class MfaThrottleTest {

    @Inject
    MutableClock clock;

    @Test
    void codeGuessesFromManyAddressesHitTheAccountLimitButNotTheOwnersDevice() {
        String home = LoginThrottleTest.newIp();
        Accounts.Account account = register(home);
        String access = passwordStep(account, home, null)
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        Authenticator app = Authenticator.enrol(access, clock.instant());
        clock.advance(Duration.ofSeconds(30));
        String deviceToken = secondStep(
                        passwordStep(account, home, null).path("mfa_token"), app.code(clock.instant()), home, null)
                .then()
                .statusCode(200)
                .extract()
                .path("device_token");

        // the attacker has the password, and a new address for every guess
        clock.advance(Duration.ofSeconds(30));
        String right = app.code(clock.instant());
        String wrong = MfaEnrolmentTest.wrongCode(right);
        for (int i = 0; i < 4; i++) {
            String ip = LoginThrottleTest.newIp();
            secondStep(passwordStep(account, ip, null).path("mfa_token"), wrong, ip, null)
                    .then()
                    .statusCode(401);
        }
        String ip = LoginThrottleTest.newIp();
        secondStep(passwordStep(account, ip, null).path("mfa_token"), right, ip, null)
                .then()
                .statusCode(429)
                .body("code", equalTo("too_many_attempts"));

        // the owner, with the device token, from an address of their own
        String travelling = LoginThrottleTest.newIp();
        Response owner = secondStep(
                passwordStep(account, travelling, deviceToken).path("mfa_token"), right, travelling, deviceToken);
        owner.then().statusCode(200);
    }

    private static Accounts.Account register(String ip) {
        String email = Accounts.uniqueEmail("mfa-throttle-anywhere");
        String id = given().header("X-Forwarded-For", ip)
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Accounts.PASSWORD))
                .post("/auth/register")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return new Accounts.Account(email, Accounts.PASSWORD, id);
    }

    private static Response passwordStep(Accounts.Account account, String ip, String deviceToken) {
        Map<String, String> body = new HashMap<>(Map.of("email", account.email(), "password", account.password()));
        if (deviceToken != null) {
            body.put("device_token", deviceToken);
        }
        return given().header("X-Forwarded-For", ip)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/auth/login");
    }

    private static Response secondStep(String mfaToken, String code, String ip, String deviceToken) {
        Map<String, String> body = new HashMap<>(Map.of("mfa_token", mfaToken, "code", code));
        if (deviceToken != null) {
            body.put("device_token", deviceToken);
        }
        return given().header("X-Forwarded-For", ip)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/auth/login/mfa");
    }
}
