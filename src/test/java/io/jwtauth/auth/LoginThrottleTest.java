package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Metrics;
import io.jwtauth.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Failed logins slow the attacker down with growing waits, never lock the owner out, and the wait ends; parallel
 * attempts never pass a limit; registrations are limited per client and service-wide.
 */
@QuarkusTest
@TestProfile(LoginThrottleTest.TightLimits.class)
class LoginThrottleTest {

    /**
     * Small limits, and 127.0.0.1 as a trusted proxy so tests can speak for several client IPs (every account is
     * registered from an address of its own: registrations count per client address).
     */
    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "auth.throttle.login-max-failures",
                    "3",
                    "auth.throttle.ip-max-failures",
                    "6",
                    "auth.throttle.account-max-failures",
                    "4",
                    "auth.throttle.registration-max-per-client",
                    "2",
                    "auth.throttle.base-delay",
                    "30s",
                    "auth.throttle.max-delay",
                    "120s",
                    "auth.trusted-proxies",
                    "127.0.0.0/8",
                    "auth.throttle.password-reset-max-per-client",
                    "4");
        }
    }

    @Inject
    MutableClock clock;

    @Test
    void afterTheAllowedFailuresLoginWaitsWithRetryAfterEvenForTheRightPassword() {
        Accounts.Account account = registerFromNewIp("throttle");
        String ip = newIp();
        for (int i = 0; i < 3; i++) {
            login(account.email(), "wrong password attempt " + i, ip).then().statusCode(401);
        }
        Response throttled = login(account.email(), account.password(), ip);
        throttled
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("too_many_attempts"))
                .header("Retry-After", notNullValue());
        assertEquals(30, Integer.parseInt(throttled.header("Retry-After")));
    }

    @Test
    void theWaitEndsAndGrowsExponentiallyWithFurtherFailures() {
        Accounts.Account account = registerFromNewIp("throttle-wait");
        String ip = newIp();
        for (int i = 0; i < 3; i++) {
            login(account.email(), "wrong password attempt " + i, ip).then().statusCode(401);
        }
        login(account.email(), "another wrong password", ip)
                .then()
                .statusCode(429)
                .header("Retry-After", "30");
        clock.advance(Duration.ofSeconds(31));
        // the wait is over: one more failure doubles the next wait
        login(account.email(), "yet another wrong one", ip).then().statusCode(401);
        login(account.email(), account.password(), ip).then().statusCode(429).header("Retry-After", "60");
        clock.advance(Duration.ofSeconds(61));
        // and once it is over, the right password gets in (and clears the count)
        login(account.email(), account.password(), ip).then().statusCode(200);
        login(account.email(), "wrong after success", ip).then().statusCode(401);
    }

    @Test
    void guessingTheCurrentPasswordWithAStolenTokenIsThrottled() {
        Accounts.Account account = registerFromNewIp("throttle-change");
        // every request of this class names its client: 127.0.0.1 itself carries other classes' failures
        String access = login(account.email(), account.password(), newIp())
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        String ip = newIp();
        for (int i = 0; i < 3; i++) {
            changePassword(access, "guessed password " + i, ip)
                    .then()
                    .statusCode(403)
                    .body("code", equalTo("invalid_credentials"));
        }
        changePassword(access, account.password(), ip).then().statusCode(429).header("Retry-After", notNullValue());
    }

    @Test
    void oldFailuresAreForgotten() {
        Accounts.Account account = registerFromNewIp("throttle-decay");
        String ip = newIp();
        login(account.email(), "wrong password one", ip).then().statusCode(401);
        login(account.email(), "wrong password two", ip).then().statusCode(401);
        clock.advance(Duration.ofMinutes(16)); // past auth.throttle.decay (15 min)
        login(account.email(), "wrong password three", ip).then().statusCode(401);
        login(account.email(), "wrong password four", ip).then().statusCode(401);
        // only two recent failures: below the threshold of three
        login(account.email(), account.password(), ip).then().statusCode(200);
    }

    @Test
    void theWaitNeverExceedsTheCap() {
        Accounts.Account account = registerFromNewIp("throttle-cap");
        String ip = newIp();
        for (int i = 0; i < 8; i++) {
            login(account.email(), "wrong password attempt " + i, ip);
            clock.advance(Duration.ofSeconds(121));
        }
        login(account.email(), "wrong password again", ip).then().statusCode(401);
        Response r = login(account.email(), account.password(), ip);
        r.then().statusCode(429);
        int wait = Integer.parseInt(r.header("Retry-After"));
        assertTrue(wait > 60 && wait <= 120, "doubled up to, and capped at, max-delay: " + wait);
    }

    @Test
    void anAttackerFromOneIpDoesNotLockTheOwnerOut() {
        Accounts.Account account = registerFromNewIp("throttle-owner");
        String attacker = newIp();
        for (int i = 0; i < 5; i++) {
            login(account.email(), "attacker guess " + i, attacker);
        }
        login(account.email(), account.password(), attacker).then().statusCode(429);
        login(account.email(), account.password(), newIp()).then().statusCode(200);
    }

    @Test
    void unknownEmailsAreThrottledToo() {
        String ip = newIp();
        String email = Accounts.uniqueEmail("nobody");
        for (int i = 0; i < 3; i++) {
            login(email, "guess number " + i, ip).then().statusCode(401);
        }
        login(email, "guess number 4", ip).then().statusCode(429).body("code", equalTo("too_many_attempts"));
    }

    @Test
    void oneIpProbingManyEmailsIsThrottled() {
        String ip = newIp();
        for (int i = 0; i < 6; i++) {
            login(Accounts.uniqueEmail("probe"), "probing password " + i, ip)
                    .then()
                    .statusCode(401);
        }
        Accounts.Account account = registerFromNewIp("probe-victim");
        login(account.email(), account.password(), ip).then().statusCode(429);
        login(account.email(), account.password(), newIp()).then().statusCode(200);
    }

    @Test
    void registrationsFromOneIpAreThrottledWhetherRefusedOrNot() {
        Accounts.Account existing = registerFromNewIp("reg-throttle");
        String ip = newIp();
        for (int i = 0; i < 2; i++) {
            register(existing.email(), ip).then().statusCode(409);
        }
        register(Accounts.uniqueEmail("fresh"), ip).then().statusCode(429).header("Retry-After", notNullValue());
        register(Accounts.uniqueEmail("fresh"), newIp()).then().statusCode(201);
        clock.advance(Duration.ofSeconds(31));
        register(Accounts.uniqueEmail("fresh"), ip).then().statusCode(201);
    }

    @Test
    void onlyTheRightMostForwardedForEntryCounts() {
        // the right-most entry added by the trusted proxy wins; a client-supplied left part cannot pick an IP
        Accounts.Account account = registerFromNewIp("xff");
        String real = newIp();
        for (int i = 0; i < 3; i++) {
            login(account.email(), "wrong " + i, "10.9.9." + i + ", " + real)
                    .then()
                    .statusCode(401);
        }
        login(account.email(), account.password(), "1.2.3.4, " + real).then().statusCode(429);
    }

    @Test
    void successfulRegistrationsFromOneIpCountToo() {
        String ip = newIp();
        register(Accounts.uniqueEmail("reg-ok"), ip).then().statusCode(201);
        register(Accounts.uniqueEmail("reg-ok"), ip).then().statusCode(201);
        register(Accounts.uniqueEmail("reg-ok"), ip).then().statusCode(429).header("Retry-After", "30");
    }

    @Test
    void failuresFromManyAddressesReachThePerAccountLimit() {
        Accounts.Account account = registerFromNewIp("throttle-account");
        for (int i = 0; i < 4; i++) {
            login(account.email(), "spread guess " + i, newIp()).then().statusCode(401);
        }
        Response r = login(account.email(), account.password(), newIp());
        r.then().statusCode(429).body("code", equalTo("too_many_attempts"));
        assertEquals(30, Integer.parseInt(r.header("Retry-After")));
    }

    @Test
    void theOwnersDeviceTokenIsExemptFromThePerAccountWaitButNotFromItsOwnFailures() {
        Accounts.Account account = registerFromNewIp("throttle-device");
        Accounts.Account other = registerFromNewIp("throttle-device-other");
        String device = login(account.email(), account.password(), newIp())
                .then()
                .statusCode(200)
                .extract()
                .path("device_token");
        String otherDevice = login(other.email(), other.password(), newIp())
                .then()
                .statusCode(200)
                .extract()
                .path("device_token");
        assertTrue(device != null && device.length() >= 43, "256 bits, base64url: " + device);
        for (int i = 0; i < 4; i++) {
            login(account.email(), "attacker guess " + i, newIp()).then().statusCode(401);
        }
        login(account.email(), account.password(), newIp()).then().statusCode(429);
        login(account.email(), account.password(), newIp(), otherDevice).then().statusCode(429);
        login(account.email(), account.password(), newIp(), "not-a-device-token")
                .then()
                .statusCode(429);
        login(account.email(), account.password(), newIp(), device)
                .then()
                .statusCode(200)
                .body("device_token", equalTo(device));

        // the device token does not lift the (email, client) rule: its own wrong guesses still count
        String ip = newIp();
        for (int i = 0; i < 3; i++) {
            login(account.email(), "owner typo " + i, ip, device).then().statusCode(401);
        }
        login(account.email(), account.password(), ip, device).then().statusCode(429);
    }

    @Test
    void aBrowserKeepsItsDeviceTokenInACookie() {
        Accounts.Account account = registerFromNewIp("throttle-device-cookie");
        Response first = given().header("X-Forwarded-For", newIp())
                .header("X-Refresh-Transport", "cookie")
                .contentType(ContentType.JSON)
                .body(Map.of("email", account.email(), "password", account.password()))
                .post("/auth/login");
        first.then().statusCode(200).body("device_token", nullValue());
        String device = first.cookie("device");
        assertTrue(device != null && !device.isBlank());
        for (int i = 0; i < 4; i++) {
            login(account.email(), "attacker guess " + i, newIp()).then().statusCode(401);
        }
        login(account.email(), account.password(), newIp()).then().statusCode(429);
        given().header("X-Forwarded-For", newIp())
                .header("X-Refresh-Transport", "cookie")
                .cookie("device", device)
                .contentType(ContentType.JSON)
                .body(Map.of("email", account.email(), "password", account.password()))
                .post("/auth/login")
                .then()
                .statusCode(200);
    }

    @Test
    void parallelFailuresNeverRunMorePasswordChecksThanTheLimit() throws Exception {
        Accounts.Account account = registerFromNewIp("throttle-race");
        String ip = newIp();
        double bcryptBefore = Metrics.sum("auth_bcrypt_operations_total");
        Map<Integer, Integer> statuses = parallel(20, i -> login(account.email(), "racing guess " + i, ip));
        assertEquals(3, statuses.getOrDefault(401, 0), "auth.throttle.login-max-failures: " + statuses);
        assertEquals(17, statuses.getOrDefault(429, 0), statuses.toString());
        assertEquals(3.0, Metrics.sum("auth_bcrypt_operations_total") - bcryptBefore, "password checks run");
    }

    @Test
    void parallelFailuresFromManyAddressesNeverPassThePerAccountLimit() throws Exception {
        Accounts.Account account = registerFromNewIp("throttle-race-account");
        Map<Integer, Integer> statuses = parallel(20, i -> login(account.email(), "spread racing guess " + i, newIp()));
        assertEquals(4, statuses.getOrDefault(401, 0), "auth.throttle.account-max-failures: " + statuses);
        assertEquals(16, statuses.getOrDefault(429, 0), statuses.toString());
    }

    /** Runs {@code n} requests at once (a latch releases them together); counts the answers by status. */
    private static Map<Integer, Integer> parallel(int n, IntFunction<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return request.apply(index);
                }));
            }
            start.countDown();
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<Response> answer : answers) {
                statuses.merge(answer.get(60, TimeUnit.SECONDS).statusCode(), 1, Integer::sum);
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Accounts.Account registerFromNewIp(String prefix) {
        String email = Accounts.uniqueEmail(prefix);
        String id = register(email, newIp()).then().statusCode(201).extract().path("id");
        return new Accounts.Account(email, Accounts.PASSWORD, id);
    }

    private static Response login(String email, String password, String forwardedFor, String deviceToken) {
        return given().header("X-Forwarded-For", forwardedFor)
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password, "device_token", deviceToken))
                .post("/auth/login");
    }

    private static Response login(String email, String password, String forwardedFor) {
        return given().header("X-Forwarded-For", forwardedFor)
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .post("/auth/login");
    }

    private static Response changePassword(String access, String current, String forwardedFor) {
        return given().auth()
                .oauth2(access)
                .header("X-Forwarded-For", forwardedFor)
                .contentType(ContentType.JSON)
                .body(Map.of("currentPassword", current, "newPassword", "a completely new passphrase"))
                .put("/users/me/password");
    }

    static Response register(String email, String forwardedFor) {
        return given().header("X-Forwarded-For", forwardedFor)
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Accounts.PASSWORD))
                .post("/auth/register");
    }

    static String newIp() {
        UUID u = UUID.randomUUID();
        return "198.51." + Math.floorMod(u.getMostSignificantBits(), 250) + "."
                + Math.floorMod(u.getLeastSignificantBits(), 250);
    }
}
