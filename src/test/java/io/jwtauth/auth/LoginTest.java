package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.jwtauth.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginTest {

    @Test
    void loginReturnsATokenPairThatOpensUsersMe() {
        Accounts.Account account = Accounts.register("login");
        given().contentType(ContentType.JSON)
                .body(Map.of("email", account.email(), "password", account.password()))
                .post("/auth/login")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .body("refresh_expires_in", equalTo(604800))
                .body("access_token", notNullValue())
                .body("refresh_token", notNullValue());
        Accounts.Tokens tokens = account.login();
        given().auth()
                .oauth2(tokens.access())
                .get("/users/me")
                .then()
                .statusCode(200)
                .body("email", equalTo(account.email()))
                .body("id", equalTo(account.id()));
    }
}
