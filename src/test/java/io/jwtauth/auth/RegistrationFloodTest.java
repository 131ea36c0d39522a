package io.jwtauth.auth;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registrations are limited service-wide: a flood from many addresses cannot fill the bcrypt queue for long. */
@QuarkusTest
@TestProfile(RegistrationFloodTest.SmallGlobalLimit.class)
class RegistrationFloodTest {

    static final int GLOBAL_MAX = 40;

    /**
     * 40 registrations per minute service-wide, and 127.0.0.1 as a trusted proxy so each one comes from an address
     * of its own (the per-client rule never applies). Its own profile: the window is shared with every other test
     * class's registrations, whose profiles do not limit them.
     */
    public static class SmallGlobalLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "auth.throttle.registration-global-max",
                    String.valueOf(GLOBAL_MAX),
                    "auth.throttle.registration-global-window",
                    "1m",
                    "auth.trusted-proxies",
                    "127.0.0.0/8");
        }
    }

    @Inject
    MutableClock clock;

    @Test
    void registrationsAreLimitedServiceWidePerWindowWhateverTheAddress() {
        clock.advance(Duration.ofDays(1)); // a window no other test has used
        int created = 0;
        Response refused = null;
        while (refused == null && created <= GLOBAL_MAX) {
            Response r = LoginThrottleTest.register(Accounts.uniqueEmail("reg-flood"), LoginThrottleTest.newIp());
            if (r.statusCode() == 201) {
                created++;
            } else {
                refused = r;
            }
        }
        assertEquals(GLOBAL_MAX, created, "auth.throttle.registration-global-max");
        refused.then().statusCode(429).body("code", equalTo("too_many_attempts"));
        int wait = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(wait >= 1 && wait <= 60, "until the window ends: " + wait);
        clock.advance(Duration.ofSeconds(61));
        LoginThrottleTest.register(Accounts.uniqueEmail("reg-flood"), LoginThrottleTest.newIp())
                .then()
                .statusCode(201);
    }
}
