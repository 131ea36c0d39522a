package io.jwtauth.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /users/me/sessions lists the live sessions with `current`; DELETE revokes only the caller's own. */
@QuarkusTest
class SessionsTest {

    @Test
    void listShowsLiveSessionsAndMarksTheCurrentOne() {
        Accounts.Account account = Accounts.register("sessions");
        given().header("User-Agent", "phone-app/1.0")
                .contentType(ContentType.JSON)
                .body(Map.of("email", account.email(), "password", account.password()))
                .post("/auth/login")
                .then()
                .statusCode(200);
        Accounts.Tokens laptop = account.login();
        String sid = TestTokens.claim(laptop.access(), "sid");

        Response list = given().auth().oauth2(laptop.access()).get("/users/me/sessions");
        list.then().statusCode(200).body("$", hasSize(2));
        List<Map<String, Object>> sessions = list.path("$");
        Map<String, Object> current = sessions.stream()
                .filter(s -> (Boolean) s.get("current"))
                .findFirst()
                .orElseThrow();
        assertEquals(sid, current.get("id"));
        assertEquals(
                1, sessions.stream().filter(s -> (Boolean) s.get("current")).count());
        Map<String, Object> phone = sessions.stream()
                .filter(s -> !(Boolean) s.get("current"))
                .findFirst()
                .orElseThrow();
        assertEquals("phone-app/1.0", phone.get("userAgent"));
        for (String field : List.of("createdAt", "lastUsedAt", "expiresAt", "ipAddress")) {
            assertEquals(true, phone.get(field) != null, field + " is present");
        }

        given().auth()
                .oauth2(laptop.access())
                .delete("/users/me/sessions/" + phone.get("id"))
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(laptop.access())
                .get("/users/me/sessions")
                .then()
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].id", equalTo(sid));
    }

    @Test
    void anotherUsersSessionIsNotFound() {
        Accounts.Tokens mine = Accounts.register("sessions-mine").login();
        Accounts.Tokens theirs = Accounts.register("sessions-theirs").login();
        String theirSid = TestTokens.claim(theirs.access(), "sid");
        given().auth()
                .oauth2(mine.access())
                .delete("/users/me/sessions/" + theirSid)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not_found"));
        given().auth().oauth2(theirs.access()).get("/users/me").then().statusCode(200);
        given().auth()
                .oauth2(mine.access())
                .delete("/users/me/sessions/" + UUID.randomUUID())
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(mine.access())
                .delete("/users/me/sessions/not-a-uuid")
                .then()
                .statusCode(404);
    }

    @Test
    void sessionsNeedABearerToken() {
        given().get("/users/me/sessions").then().statusCode(401);
    }
}
