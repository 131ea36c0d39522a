package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.jwtauth.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reset requests are limited per client network, whatever addresses it names (LoginThrottleTest's profile). */
@QuarkusTest
@TestProfile(LoginThrottleTest.TightLimits.class)
class PasswordResetThrottleTest {

    @Test
    void aClientNamingManyAddressesIsSlowedDownAndOthersAreNot() {
        String attacker = "198.51.100.77";
        for (int i = 0; i < 4; i++) {
            reset(Accounts.uniqueEmail("spray" + i), attacker).then().statusCode(202);
        }
        reset(Accounts.uniqueEmail("spray-more"), attacker)
                .then()
                .statusCode(429)
                .body("code", equalTo("too_many_attempts"));
        reset(Accounts.uniqueEmail("bystander"), "198.51.100.78").then().statusCode(202);
    }

    private static io.restassured.response.Response reset(String email, String forwardedFor) {
        return given().header("X-Forwarded-For", forwardedFor)
                .contentType("application/json")
                .body(Map.of("email", email))
                .post("/auth/password-reset");
    }
}
