package io.jwtauth.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Accounts.Account;
import io.jwtauth.support.Accounts.Tokens;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One test per row of API.md's revocation table: after the event, the next request with what died is refused
 * (on this instance at once; MultiInstanceRevocationIT covers the other instances).
 */
@QuarkusTest
class RevocationTest {

    @Inject
    MutableClock clock;

    Account account;
    Tokens a;
    Tokens b;

    @BeforeEach
    void twoSessions() {
        account = Accounts.register("revoke");
        a = account.login();
        b = account.login();
        // warm the verification cache, so the tests prove revocation reaches a cached entry
        accepted(a.access());
        accepted(b.access());
    }

    @Test
    void logoutWithTheAccessTokenKillsThatSessionOnly() {
        given().auth().oauth2(a.access()).post("/auth/logout").then().statusCode(204);
        refused(a.access());
        Accounts.refresh(a.refresh()).then().statusCode(401).body("code", equalTo("invalid_refresh_token"));
        accepted(b.access());
        Accounts.refresh(b.refresh()).then().statusCode(200);
    }

    @Test
    void logoutWithTheRefreshTokenKillsThatSessionOnly() {
        given().contentType(ContentType.JSON)
                .body(Map.of("refresh_token", a.refresh()))
                .post("/auth/logout")
                .then()
                .statusCode(204);
        refused(a.access());
        Accounts.refresh(a.refresh()).then().statusCode(401);
        accepted(b.access());
    }

    @Test
    void logoutIsIdempotent() {
        given().contentType(ContentType.JSON)
                .body(Map.of("refresh_token", "never-issued"))
                .post("/auth/logout")
                .then()
                .statusCode(204);
        given().auth().oauth2(a.access()).post("/auth/logout").then().statusCode(204);
        given().auth().oauth2(a.access()).post("/auth/logout").then().statusCode(204);
        given().post("/auth/logout").then().statusCode(204);
    }

    @Test
    void deletingASessionKillsItsTokens() {
        String sidA = TestTokens.claim(a.access(), "sid");
        given().auth()
                .oauth2(b.access())
                .delete("/users/me/sessions/" + sidA)
                .then()
                .statusCode(204);
        refused(a.access());
        Accounts.refresh(a.refresh()).then().statusCode(401);
        accepted(b.access());
    }

    @Test
    void logoutAllKillsEveryTokenOfTheUser() {
        given().auth().oauth2(a.access()).post("/auth/logout-all").then().statusCode(204);
        refused(a.access());
        refused(b.access());
        Accounts.refresh(a.refresh()).then().statusCode(401);
        Accounts.refresh(b.refresh()).then().statusCode(401);
        // a new login works again
        accepted(account.login().access());
    }

    @Test
    void passwordChangeKillsEveryOtherTokenAndReturnsAFreshPair() {
        String newPassword = "a brand new passphrase " + System.nanoTime();
        var fresh = given().auth()
                .oauth2(a.access())
                .contentType(ContentType.JSON)
                .body(Map.of("currentPassword", account.password(), "newPassword", newPassword))
                .put("/users/me/password");
        fresh.then().statusCode(200).header("Cache-Control", "no-store");
        refused(a.access());
        refused(b.access());
        Accounts.refresh(a.refresh()).then().statusCode(401);
        Accounts.refresh(b.refresh()).then().statusCode(401);
        accepted(fresh.path("access_token"));
        Accounts.refresh(fresh.path("refresh_token")).then().statusCode(200);
        Accounts.login(account.email(), newPassword);
    }

    @Test
    void roleChangeKillsEveryTokenOfTheUser() {
        Tokens admin = Accounts.admin("revoke-admin").login();
        given().auth()
                .oauth2(admin.access())
                .contentType(ContentType.JSON)
                .body(Map.of("roles", new String[] {"user", "admin"}))
                .put("/admin/users/" + account.id() + "/roles")
                .then()
                .statusCode(200);
        refused(a.access());
        refused(b.access());
        Accounts.refresh(a.refresh()).then().statusCode(401);
    }

    @Test
    void disablingKillsEveryTokenAndBlocksLogin() {
        Tokens admin = Accounts.admin("revoke-admin").login();
        given().auth()
                .oauth2(admin.access())
                .contentType(ContentType.JSON)
                .body(Map.of("enabled", false))
                .put("/admin/users/" + account.id() + "/status")
                .then()
                .statusCode(200)
                .body("enabled", equalTo(false));
        refused(a.access());
        refused(b.access());
        Accounts.refresh(b.refresh()).then().statusCode(401);
        given().contentType(ContentType.JSON)
                .body(Map.of("email", account.email(), "password", account.password()))
                .post("/auth/login")
                .then()
                .statusCode(403)
                .body("code", equalTo("account_disabled"));
    }

    @Test
    void adminRevokeTokensKillsEveryTokenOfTheUser() {
        Tokens admin = Accounts.admin("revoke-admin").login();
        given().auth()
                .oauth2(admin.access())
                .post("/admin/users/" + account.id() + "/revoke-tokens")
                .then()
                .statusCode(204);
        refused(a.access());
        refused(b.access());
        Accounts.refresh(a.refresh()).then().statusCode(401);
        accepted(admin.access());
    }

    @Test
    void reuseAfterGraceKillsOnlyThatSession() {
        Accounts.refresh(a.refresh()).then().statusCode(200);
        clock.advance(Duration.ofSeconds(11));
        Accounts.refresh(a.refresh()).then().statusCode(401).body("code", equalTo("refresh_token_reused"));
        refused(a.access());
        accepted(b.access());
    }

    @Test
    void sessionExpiresAfterThirtyDays() {
        clock.advance(Duration.ofDays(30).plusSeconds(1));
        Accounts.refresh(b.refresh()).then().statusCode(401);
        refused(a.access()); // its session is over, even though the token itself has not expired
    }

    static void accepted(String access) {
        given().auth().oauth2(access).get("/users/me").then().statusCode(200);
    }

    static void refused(String access) {
        given().auth().oauth2(access).get("/users/me").then().statusCode(401).body("code", equalTo("invalid_token"));
    }
}
