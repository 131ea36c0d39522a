package io.jwtauth.oauth;

import static io.jwtauth.oauth.TokenEndpointTest.oauthError;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Accounts.Account;
import io.jwtauth.support.Accounts.Client;
import io.jwtauth.support.Accounts.Tokens;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.StatementCounter;
import io.jwtauth.support.TestTokens;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /oauth/introspect (RFC 7662): an active token of a user or a client with its claims; a revoked, expired, forged
 * or unknown one {"active": false}; only for a client with role resource-server, by its credentials or its token;
 * with warm caches, no database round trip.
 */
@QuarkusTest
class IntrospectionTest {

    static final String INACTIVE = "{\"active\":false}";

    @Inject
    MutableClock clock;

    @Inject
    Scheduler scheduler;

    String admin;
    Client resourceServer;
    Account user;
    Tokens tokens;

    @BeforeEach
    void arrange() {
        admin = Accounts.admin("introspect-admin").login().access();
        resourceServer = Accounts.createClient(admin, "orders-api", "resource-server");
        user = Accounts.register("introspected");
        tokens = user.login();
    }

    @Test
    void anActiveUserTokenWithItsClaims() {
        Response r = introspect(tokens.access());
        r.then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("active", equalTo(true))
                .body("sub", equalTo(user.id()))
                .body("username", equalTo(user.email()))
                .body("groups", equalTo(List.of("user")))
                .body("sid", equalTo(TestTokens.claim(tokens.access(), "sid")))
                .body("jti", equalTo(TestTokens.claim(tokens.access(), "jti")))
                .body("exp", equalTo(Integer.parseInt(TestTokens.claim(tokens.access(), "exp"))))
                .body("iat", equalTo(Integer.parseInt(TestTokens.claim(tokens.access(), "iat"))))
                .body("iss", equalTo(TestTokens.ISSUER))
                .body("aud", equalTo(TestTokens.AUDIENCE))
                .body("token_type", equalTo("Bearer"))
                .body("$", not(hasKey("client_id")));
    }

    @Test
    void anActiveClientTokenWithItsClaims() {
        Client other = Accounts.createClient(admin, "billing-job", "user", "admin");
        String token = other.token();
        introspect(token)
                .then()
                .statusCode(200)
                .body("active", equalTo(true))
                .body("sub", equalTo(other.id()))
                .body("client_id", equalTo(other.id()))
                .body("groups", equalTo(List.of("admin", "user")))
                .body("sid", equalTo(TestTokens.claim(token, "sid")))
                .body("$", not(hasKey("username")));
    }

    @Test
    void theCallerMayAlsoPresentItsOwnAccessToken() {
        given().auth()
                .oauth2(resourceServer.token())
                .contentType(TokenEndpointTest.FORM)
                .formParam("token", tokens.access())
                .post("/oauth/introspect")
                .then()
                .statusCode(200)
                .body("active", equalTo(true))
                .body("sub", equalTo(user.id()));
    }

    @Test
    void revokedTokensAreInactive() {
        introspect(tokens.access()).then().body("active", equalTo(true)); // cached: the revocation must reach it
        given().auth().oauth2(tokens.access()).post("/auth/logout").then().statusCode(204);
        assertInactive(tokens.access());

        Tokens again = user.login();
        introspect(again.access()).then().body("active", equalTo(true));
        given().auth().oauth2(again.access()).post("/auth/logout-all").then().statusCode(204);
        assertInactive(again.access());

        Client other = Accounts.createClient(admin, "rotated-away", "user");
        String clientToken = other.token();
        introspect(clientToken).then().body("active", equalTo(true));
        given().auth()
                .oauth2(admin)
                .post("/admin/clients/" + other.id() + "/secret")
                .then()
                .statusCode(200);
        assertInactive(clientToken);

        Client deleted = Accounts.createClient(admin, "deleted-away", "user");
        String deletedToken = deleted.token();
        introspect(deletedToken).then().body("active", equalTo(true));
        given().auth()
                .oauth2(admin)
                .delete("/admin/clients/" + deleted.id())
                .then()
                .statusCode(204);
        assertInactive(deletedToken);
    }

    @Test
    void expiredTokensAreInactive() {
        introspect(tokens.access()).then().body("active", equalTo(true));
        clock.advance(Duration.ofMinutes(16)); // past 900 s and the 30 s of skew
        assertInactive(tokens.access());
    }

    @Test
    void forgedTokensAreInactive() {
        KeyPair foreign = TestTokens.foreignKeyPair();
        String sid = TestTokens.claim(tokens.access(), "sid");
        String ver = TestTokens.claim(tokens.access(), "ver");
        String header = TestTokens.header(tokens.access());
        String kid = header.replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
        for (String forged : List.of(
                TestTokens.sign(TestTokens.claims(user.id(), sid, Integer.parseInt(ver)), foreign.getPrivate(), kid),
                TestTokens.algNone(tokens.access()),
                TestTokens.tamper(tokens.access(), "\"user\"", "\"admin\""),
                tokens.access().substring(0, tokens.access().length() - 2)
                        + (tokens.access().endsWith("AA") ? "BB" : "AA"))) {
            assertInactive(forged);
        }
    }

    @Test
    void unknownTokensAreInactive() {
        for (String unknown :
                List.of("not-a-token", tokens.refresh(), "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "x".repeat(9_000))) {
            assertInactive(unknown);
        }
    }

    @Test
    void onlyAResourceServerMayIntrospectAndIsToldInOAuthFormat() {
        Response none = given().contentType(TokenEndpointTest.FORM)
                .formParam("token", tokens.access())
                .post("/oauth/introspect");
        oauthError(none, 401, "invalid_client").header("WWW-Authenticate", "Basic realm=\"jwt-auth\"");
        oauthError(introspectAs(resourceServer.withSecret("wrong"), tokens.access()), 401, "invalid_client")
                .header("WWW-Authenticate", "Basic realm=\"jwt-auth\"");

        Client notResourceServer = Accounts.createClient(admin, "plain-client", "user", "admin");
        oauthError(introspectAs(notResourceServer, tokens.access()), 403, "unauthorized_client");
        for (String token : List.of(tokens.access(), notResourceServer.token())) {
            oauthError(
                            bearer(token).formParam("token", tokens.access()).post("/oauth/introspect"),
                            403,
                            "insufficient_scope")
                    .header("WWW-Authenticate", containsString("error=\"insufficient_scope\""));
        }
        String forged = TestTokens.tamper(resourceServer.token(), "\"resource-server\"", "\"resource-serveR\"");
        oauthError(bearer(forged).formParam("token", tokens.access()).post("/oauth/introspect"), 401, "invalid_token")
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        oauthError(
                given().auth()
                        .preemptive()
                        .basic(resourceServer.id(), resourceServer.secret())
                        .contentType(TokenEndpointTest.FORM)
                        .post("/oauth/introspect"),
                400,
                "invalid_request");
    }

    @Test
    void warmIntrospectionRunsNoQueries() {
        String clientToken = Accounts.createClient(admin, "warm", "user").token();
        String callerToken = resourceServer.token();
        // warms the caches: the callers' credential and token, the introspected tokens' state
        introspect(tokens.access()).then().body("active", equalTo(true));
        introspect(clientToken).then().body("active", equalTo(true));
        bearer(callerToken)
                .formParam("token", tokens.access())
                .post("/oauth/introspect")
                .then()
                .statusCode(200);
        scheduler.pause(); // the purge jobs would be counted too
        try {
            StatementCounter stats = StatementCounter.reset();
            for (int i = 0; i < 20; i++) {
                introspect(tokens.access()).then().body("active", equalTo(true));
                introspect(clientToken).then().body("active", equalTo(true));
                bearer(callerToken)
                        .formParam("token", tokens.access())
                        .post("/oauth/introspect")
                        .then()
                        .body("active", equalTo(true));
                introspect("not-a-token").then().body("active", equalTo(false));
            }
            assertEquals(0, stats.getPrepareStatementCount(), "warm introspections ran queries");
        } finally {
            scheduler.resume();
        }
    }

    private void assertInactive(String token) {
        Response r = introspect(token);
        r.then().statusCode(200);
        assertEquals(INACTIVE, r.asString(), "for " + token);
    }

    private Response introspect(String token) {
        return introspectAs(resourceServer, token);
    }

    static Response introspectAs(Client caller, String token) {
        return given().auth()
                .preemptive()
                .basic(caller.id(), caller.secret())
                .contentType(TokenEndpointTest.FORM)
                .formParam("token", token)
                .post("/oauth/introspect");
    }

    private static RequestSpecification bearer(String token) {
        return given().auth().oauth2(token).contentType(TokenEndpointTest.FORM);
    }
}
