package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.user.UserRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code auth.registration.enabled=false}, POST /auth/register is closed: 403 and no account. */
@QuarkusTest
@TestProfile(RegistrationDisabledTest.RegistrationClosed.class)
class RegistrationDisabledTest {

    /** Registration switched off. */
    public static class RegistrationClosed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.registration.enabled", "false");
        }
    }

    @Inject
    UserRepository users;

    @Test
    void registrationIsRefusedWith403AndCreatesNoAccount() {
        String email = Accounts.uniqueEmail("closed");
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Accounts.PASSWORD, "displayName", "closed"))
                .post("/auth/register")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("status", equalTo(403))
                .body("detail", notNullValue())
                .body("code", equalTo("registration_disabled"));

        assertTrue(
                QuarkusTransaction.requiringNew()
                        .call(() -> users.findByEmail(email).isEmpty()),
                "no account was created");
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Accounts.PASSWORD))
                .post("/auth/login")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_credentials"));
    }
}
