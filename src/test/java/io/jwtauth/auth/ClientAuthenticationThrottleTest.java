package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Accounts.Client;
import io.jwtauth.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service account's secret is throttled like a password, with LoginThrottleTest's limits (3 per client id and
 * address, 6 per address, 4 per client id from anywhere; first wait 30 s): past a limit the right secret waits too,
 * an unknown client id counts and answers like a wrong secret, and the answers are OAuth's (429 slow_down).
 */
@QuarkusTest
@TestProfile(LoginThrottleTest.TightLimits.class)
class ClientAuthenticationThrottleTest {

    @Inject
    MutableClock clock;

    String admin;

    @BeforeEach
    void anAdmin() {
        String email = Accounts.uniqueEmail("client-throttle-admin");
        String id = LoginThrottleTest.register(email, LoginThrottleTest.newIp())
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Accounts.Account account = Accounts.promoteToAdmin(new Accounts.Account(email, Accounts.PASSWORD, id));
        admin = given().header("X-Forwarded-For", LoginThrottleTest.newIp())
                .contentType("application/json")
                .body(Map.of("email", email, "password", Accounts.PASSWORD))
                .post("/auth/login")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    @Test
    void afterTheAllowedFailuresTheRightSecretWaitsTooWithRetryAfter() {
        Client client = Accounts.createClient(admin, "throttled", "user");
        String ip = LoginThrottleTest.newIp();
        for (int i = 0; i < 3; i++) {
            token(client.id(), "wrong-secret-" + i, ip).then().statusCode(401).body("error", equalTo("invalid_client"));
        }
        Response throttled = token(client.id(), client.secret(), ip);
        throttled
                .then()
                .statusCode(429)
                .contentType("application/json")
                .header("Content-Type", not(equalTo("application/problem+json")))
                .body("error", equalTo("slow_down"))
                .body("error_description", containsString("try again"));
        assertEquals("30", throttled.header("Retry-After"));
        // from another address the client still gets in (3 failures are below the per-client limit of 4)
        token(client.id(), client.secret(), LoginThrottleTest.newIp()).then().statusCode(200);
        // and the wait ends
        clock.advance(Duration.ofSeconds(31));
        token(client.id(), client.secret(), ip).then().statusCode(200);
    }

    @Test
    void anUnknownClientIdIsCountedAndAnsweredLikeAWrongSecret() {
        Client client = Accounts.createClient(admin, "throttled-known", "user");
        String unknown = UUID.randomUUID().toString();
        String ipKnown = LoginThrottleTest.newIp();
        String ipUnknown = LoginThrottleTest.newIp();
        for (int i = 0; i < 3; i++) {
            Response wrong = token(client.id(), "wrong-secret-" + i, ipKnown);
            Response nobody = token(unknown, "wrong-secret-" + i, ipUnknown);
            assertEquals(401, nobody.statusCode());
            assertEquals(wrong.asString(), nobody.asString());
        }
        Response wrong = token(client.id(), "wrong-secret", ipKnown);
        Response nobody = token(unknown, "wrong-secret", ipUnknown);
        assertEquals(429, nobody.statusCode());
        assertEquals(wrong.statusCode(), nobody.statusCode());
        assertEquals(wrong.asString(), nobody.asString());
        assertEquals(wrong.header("Retry-After"), nobody.header("Retry-After"));
    }

    @Test
    void failuresFromManyAddressesMakeTheClientWaitEverywhere() {
        Client client = Accounts.createClient(admin, "sprayed", "user");
        for (int i = 0; i < 4; i++) {
            token(client.id(), "wrong-secret-" + i, LoginThrottleTest.newIp())
                    .then()
                    .statusCode(401);
        }
        token(client.id(), client.secret(), LoginThrottleTest.newIp())
                .then()
                .statusCode(429)
                .body("error", equalTo("slow_down"));
    }

    @Test
    void aClientInUseIsNotLockedOutByFailuresOthersCauseOnItsId() {
        Client client = Accounts.createClient(admin, "in-use", "user");
        String home = LoginThrottleTest.newIp();
        token(client.id(), client.secret(), home).then().statusCode(200); // verified: remembered from now on
        for (int i = 0; i < 6; i++) {
            token(client.id(), "wrong-secret-" + i, LoginThrottleTest.newIp());
        }
        token(client.id(), "wrong-secret", LoginThrottleTest.newIp()).then().statusCode(429);
        token(client.id(), client.secret(), home).then().statusCode(200);
        token(client.id(), client.secret(), LoginThrottleTest.newIp()).then().statusCode(200);
    }

    @Test
    void failuresFromOneAddressCountWhateverTheClientId() {
        String ip = LoginThrottleTest.newIp();
        for (int i = 0; i < 6; i++) {
            token(UUID.randomUUID().toString(), "wrong-secret", ip).then().statusCode(401);
        }
        Client client = Accounts.createClient(admin, "same-address", "user");
        token(client.id(), client.secret(), ip).then().statusCode(429);
    }

    private static Response token(String clientId, String secret, String ip) {
        return Accounts.clientTokenResponse(clientId, secret, ip);
    }
}
