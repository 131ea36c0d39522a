package io.jwtauth.oauth;

import static io.jwtauth.oauth.TokenEndpointTest.oauthError;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Accounts.Account;
import io.jwtauth.support.Accounts.Client;
import io.jwtauth.support.Accounts.Tokens;
import io.jwtauth.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /oauth/revoke (RFC 7009): for anyone holding the token, 200 whatever it is; a refresh or access token revokes
 * its session as logout does; a client's access token kills the tokens of its credential, not its secret.
 */
@QuarkusTest
class TokenRevocationTest {

    Account user;
    Tokens a;
    Tokens b;

    @BeforeEach
    void twoSessions() {
        user = Accounts.register("oauth-revoke");
        a = user.login();
        b = user.login();
        accepted(a.access());
        accepted(b.access());
    }

    @Test
    void aRefreshTokenRevokesItsSessionOnly() {
        revoke(a.refresh()).then().statusCode(200);
        refused(a.access());
        Accounts.refresh(a.refresh()).then().statusCode(401).body("code", equalTo("invalid_refresh_token"));
        accepted(b.access());
        Accounts.refresh(b.refresh()).then().statusCode(200);
    }

    @Test
    void anAccessTokenRevokesItsSessionOnly() {
        revoke(a.access()).then().statusCode(200);
        refused(a.access());
        Accounts.refresh(a.refresh()).then().statusCode(401);
        accepted(b.access());
    }

    @Test
    void aClientsAccessTokenKillsItsCredentialsTokensButNotItsSecret() {
        String admin = Accounts.admin("oauth-revoke-admin").login().access();
        Client client = Accounts.createClient(admin, "revoked-token", "user");
        String first = client.token();
        String second = client.token();
        accepted(first);
        accepted(second);
        revoke(first).then().statusCode(200);
        refused(first);
        refused(second); // issued with the same credential
        String next = client.token(); // the secret still holds: a new credential
        accepted(next);
        assertNotEquals(TestTokens.claim(first, "sid"), TestTokens.claim(next, "sid"));
    }

    @Test
    void unknownExpiredOrForgedTokensAnswer200AndRevokeNothing() {
        KeyPair foreign = TestTokens.foreignKeyPair();
        String kid = TestTokens.header(a.access()).replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
        String sid = TestTokens.claim(a.access(), "sid");
        // a forgery naming the victim's session must not be able to end it
        String forged = TestTokens.sign(TestTokens.claims(user.id(), sid, 0), foreign.getPrivate(), kid);
        for (String token : List.of(
                "never-issued",
                "a.b.c",
                forged,
                TestTokens.algNone(a.access()),
                TestTokens.tamper(a.access(), sid, TestTokens.claim(b.access(), "sid")), // a's signature, b's sid
                "x".repeat(9_000))) {
            revoke(token).then().statusCode(200);
        }
        accepted(a.access());
        accepted(b.access());
    }

    @Test
    void aMissingTokenIsInvalidRequest() {
        oauthError(
                given().contentType(TokenEndpointTest.FORM)
                        .formParam("token_type_hint", "access_token")
                        .post("/oauth/revoke"),
                400,
                "invalid_request");
        oauthError(given().contentType("application/json").body("{}").post("/oauth/revoke"), 400, "invalid_request");
    }

    private static Response revoke(String token) {
        return given().contentType(TokenEndpointTest.FORM)
                .formParam("token", token)
                .post("/oauth/revoke");
    }

    private static void accepted(String access) {
        given().auth().oauth2(access).get("/users/me").then().statusCode(200);
    }

    private static void refused(String access) {
        given().auth().oauth2(access).get("/users/me").then().statusCode(401).body("code", equalTo("invalid_token"));
    }
}
