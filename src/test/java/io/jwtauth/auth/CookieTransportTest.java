package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Browsers: the refresh token in an HttpOnly cookie, accepted only with the X-Refresh-Transport header. */
@QuarkusTest
class CookieTransportTest {

    static final String HEADER = "X-Refresh-Transport";

    @Test
    void loginWithTheHeaderSetsTheCookieAndLeavesItOutOfTheBody() {
        Response login = cookieLogin(Accounts.register("cookie"));
        login.then()
                .statusCode(200)
                .body("access_token", notNullValue())
                .body("refresh_token", nullValue())
                .body("device_token", nullValue());
        Cookie refresh = login.detailedCookie("refresh_token");
        assertTrue(refresh.isHttpOnly() && refresh.isSecured(), refresh.toString());
        assertEquals("Strict", refresh.getSameSite());
        assertEquals("/auth", refresh.getPath());
        assertEquals(604800, refresh.getMaxAge());
        Cookie device = login.detailedCookie("device");
        assertTrue(device.isHttpOnly() && device.isSecured(), device.toString());
        assertEquals("Strict", device.getSameSite());
        assertEquals("/auth/login", device.getPath(), "sent back to the login only");
        assertEquals(90 * 24 * 3600, device.getMaxAge());
    }

    @Test
    void refreshReadsTheCookieAndRotatesIt() {
        String cookie = cookieLogin(Accounts.register("cookie-refresh")).cookie("refresh_token");
        Response refreshed =
                given().header(HEADER, "cookie").cookie("refresh_token", cookie).post("/auth/refresh");
        refreshed.then().statusCode(200).body("refresh_token", nullValue()).body("access_token", notNullValue());
        String rotated = refreshed.cookie("refresh_token");
        assertNotEquals(cookie, rotated);
        given().header(HEADER, "cookie")
                .cookie("refresh_token", rotated)
                .post("/auth/refresh")
                .then()
                .statusCode(200);
    }

    @Test
    void theCookieWithoutTheHeaderIsRefused() {
        String cookie = cookieLogin(Accounts.register("cookie-csrf")).cookie("refresh_token");
        given().cookie("refresh_token", cookie)
                .post("/auth/refresh")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_refresh_token"));
        // and a logout forged the same way does nothing: the cookie still works with the header
        given().cookie("refresh_token", cookie).post("/auth/logout").then().statusCode(204);
        given().header(HEADER, "cookie")
                .cookie("refresh_token", cookie)
                .post("/auth/refresh")
                .then()
                .statusCode(200);
    }

    @Test
    void logoutRevokesTheCookieSessionAndClearsTheCookie() {
        Response login = cookieLogin(Accounts.register("cookie-logout"));
        String cookie = login.cookie("refresh_token");
        given().header(HEADER, "cookie")
                .cookie("refresh_token", cookie)
                .post("/auth/logout")
                .then()
                .statusCode(204)
                .header("Set-Cookie", containsString("refresh_token=;"))
                .header("Set-Cookie", containsString("Max-Age=0"));
        given().header(HEADER, "cookie")
                .cookie("refresh_token", cookie)
                .post("/auth/refresh")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(login.<String>path("access_token"))
                .get("/users/me")
                .then()
                .statusCode(401);
    }

    private static Response cookieLogin(Accounts.Account account) {
        return given().header(HEADER, "cookie")
                .contentType(ContentType.JSON)
                .body(Map.of("email", account.email(), "password", account.password()))
                .post("/auth/login");
    }
}
