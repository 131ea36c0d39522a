package io.jwtauth.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;

/** Test helper: registers users with unique emails and logs them in, through the HTTP API. */
public final class Accounts {

    public static final String PASSWORD = "correct horse battery staple";

    private Accounts() {
    }

    public static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.com";
    }

    /** A registered user: email, password and id. */
    public record Account(String email, String password, String id) {

        public Tokens login() {
            return Accounts.login(email, password);
        }
    }

    /** A token pair from login / refresh. */
    public record Tokens(String access, String refresh) {
    }

    public static Account register(String prefix) {
        String email = uniqueEmail(prefix);
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "displayName", prefix))
                .post("/auth/register")
                .then().statusCode(201).extract().path("id");
        return new Account(email, PASSWORD, id);
    }

    public static Tokens login(String email, String password) {
        Response r = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/auth/login");
        r.then().statusCode(200);
        return new Tokens(r.path("access_token"), r.path("refresh_token"));
    }

    public static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refresh_token", refreshToken)).post("/auth/refresh");
    }
}
