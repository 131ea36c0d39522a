package io.jwtauth.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every way of presenting a bad bearer token is refused with 401, RFC 6750 challenge and problem+json. */
@QuarkusTest
class BearerTokenAttackTest {

    @Inject
    KeyRing keys;

    @Inject
    MutableClock clock;

    String userId;
    String sessionId;
    String validToken;

    @BeforeEach
    void loggedInUser() {
        Accounts.Account account = Accounts.register("attack");
        validToken = account.login().access();
        userId = account.id();
        sessionId = TestTokens.claim(validToken, "sid");
    }

    @Test
    void aGenuineTokenIsAccepted() {
        given().auth().oauth2(validToken).get("/users/me").then().statusCode(200);
        // and one the test signs itself with the service key, proving the attack tokens below differ only in the attack
        String own = TestTokens.sign(
                TestTokens.claims(userId, sessionId, 0),
                keys.current().signingKey(),
                keys.current().signingKid());
        given().auth().oauth2(own).get("/users/me").then().statusCode(200);
    }

    @Test
    void missingTokenGetsABareChallenge() {
        given().get("/users/me")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"jwt-auth\""))
                .contentType("application/problem+json")
                .body("status", equalTo(401));
    }

    @Test
    void algNoneIsRefused() {
        rejected(TestTokens.algNone(validToken));
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() {
        String jwks = given().get("/.well-known/jwks.json").then().extract().asString();
        rejected(TestTokens.hs256WithKey(
                validToken,
                jwks.getBytes(StandardCharsets.UTF_8),
                keys.current().signingKid()));
        rejected(TestTokens.hs256WithKey(
                validToken,
                publicKeyPem().getBytes(StandardCharsets.US_ASCII),
                keys.current().signingKid()));
    }

    @Test
    void tokenSignedByAForeignKeyIsRefused() {
        KeyPair foreign = TestTokens.foreignKeyPair();
        rejected(TestTokens.sign(
                TestTokens.claims(userId, sessionId, 0),
                foreign.getPrivate(),
                keys.current().signingKid()));
    }

    @Test
    void unknownKidIsRefused() {
        KeyPair foreign = TestTokens.foreignKeyPair();
        rejected(TestTokens.sign(TestTokens.claims(userId, sessionId, 0), foreign.getPrivate(), "unknown-kid"));
        // even with a valid signature, a kid that is not one of the verification keys is refused
        rejected(TestTokens.sign(
                TestTokens.claims(userId, sessionId, 0), keys.current().signingKey(), "retired-kid"));
    }

    @Test
    void tamperedPayloadIsRefused() {
        rejected(TestTokens.tamper(validToken, "\"user\"", "\"admin\""));
        rejected(TestTokens.tamper(validToken, userId, "00000000-0000-0000-0000-000000000000"));
    }

    @Test
    void expiredTokenIsRefused() {
        long past = Instant.now().getEpochSecond() - 3600;
        String expired = TestTokens.sign(
                TestTokens.claims(userId, sessionId, 0).issuedAt(past - 900).expiresAt(past),
                keys.current().signingKey(),
                keys.current().signingKid());
        rejected(expired).header("WWW-Authenticate", containsString("expired"));
    }

    @Test
    void aTokenAcceptedBeforeIsRefusedOnceItExpires() {
        long now = Instant.now().getEpochSecond();
        String shortLived = TestTokens.sign(
                TestTokens.claims(userId, sessionId, 0).issuedAt(now).expiresAt(now + 60),
                keys.current().signingKey(),
                keys.current().signingKid());
        given().auth().oauth2(shortLived).get("/users/me").then().statusCode(200);
        given().auth().oauth2(shortLived).get("/users/me").then().statusCode(200);
        clock.advance(Duration.ofSeconds(60 + 30)); // exp plus the 30 s clock skew
        rejected(shortLived).header("WWW-Authenticate", containsString("expired"));
    }

    @Test
    void aTokenAcceptedBeforeIsRefusedOnceItsSessionIsLoggedOut() {
        given().auth().oauth2(validToken).get("/users/me").then().statusCode(200);
        given().auth().oauth2(validToken).post("/auth/logout").then().statusCode(204);
        rejected(validToken).header("WWW-Authenticate", containsString("revoked"));
    }

    @Test
    void tokenIssuedInTheFutureIsRefused() {
        long future = Instant.now().getEpochSecond() + 600;
        rejected(TestTokens.sign(
                TestTokens.claims(userId, sessionId, 0).issuedAt(future).expiresAt(future + 900),
                keys.current().signingKey(),
                keys.current().signingKid()));
    }

    @Test
    void aTokenRefusedAsNotYetValidIsNotRememberedAsRefused() {
        long future = Instant.now().getEpochSecond() + 120;
        String early = TestTokens.sign(
                TestTokens.claims(userId, sessionId, 0).issuedAt(future).expiresAt(future + 900),
                keys.current().signingKey(),
                keys.current().signingKid());
        rejected(early);
        clock.advance(Duration.ofSeconds(150));
        given().auth().oauth2(early).get("/users/me").then().statusCode(200);
    }

    @Test
    void aRefusedTokenPresentedAgainIsRefusedAgainForTheSameReason() {
        String forged = TestTokens.tamper(validToken, "\"user\"", "\"admin\"");
        String first = rejected(forged).extract().header("WWW-Authenticate");
        String again = rejected(forged).extract().header("WWW-Authenticate");
        assertEquals(first, again);
        // and the genuine token is unaffected
        given().auth().oauth2(validToken).get("/users/me").then().statusCode(200);
    }

    @Test
    void wrongIssuerOrAudienceIsRefused() {
        rejected(TestTokens.sign(
                TestTokens.claims(userId, sessionId, 0).issuer("https://evil.example.com"),
                keys.current().signingKey(),
                keys.current().signingKid()));
        rejected(TestTokens.sign(
                TestTokens.claims(userId, sessionId, 0).audience("someone-else"),
                keys.current().signingKey(),
                keys.current().signingKid()));
    }

    @Test
    void garbageTokensAreRefused() {
        rejected("garbage");
        rejected("a.b.c");
        rejected("eyJhbGciOiJSUzI1NiJ9.e30.");
        rejected(validToken.substring(0, validToken.length() - 5));
    }

    @Test
    void oversizedTokenIsRefusedBeforeParsing() {
        String huge = validToken + "A".repeat(9 * 1024);
        rejected(huge).header("WWW-Authenticate", containsString("too large"));
    }

    @Test
    void staleTokenVersionIsRefused() {
        rejected(TestTokens.sign(
                TestTokens.claims(userId, sessionId, 7),
                keys.current().signingKey(),
                keys.current().signingKid()));
    }

    @Test
    void sessionOfAnotherUserOrNoSessionIsRefused() {
        Accounts.Account other = Accounts.register("attack-other");
        String otherSid = TestTokens.claim(other.login().access(), "sid");
        rejected(TestTokens.sign(
                TestTokens.claims(userId, otherSid, 0),
                keys.current().signingKey(),
                keys.current().signingKid()));
        rejected(TestTokens.sign(
                TestTokens.claims(userId, java.util.UUID.randomUUID().toString(), 0),
                keys.current().signingKey(),
                keys.current().signingKid()));
    }

    @Test
    void tokenWithoutTheUserRoleIsForbidden() {
        String noRole = TestTokens.sign(
                TestTokens.claims(userId, sessionId, 0).groups(Set.of()),
                keys.current().signingKey(),
                keys.current().signingKid());
        given().auth()
                .oauth2(noRole)
                .get("/users/me")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("forbidden"));
    }

    @Test
    void rejectionNeverEchoesTheToken() {
        String forged = TestTokens.tamper(validToken, "\"user\"", "\"admin\"");
        rejected(forged).body(not(containsString(forged.substring(0, 40))));
    }

    private static ValidatableResponse rejected(String token) {
        return given().header("Authorization", "Bearer " + token)
                .get("/users/me")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer realm=\"jwt-auth\""))
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .header("WWW-Authenticate", containsString("error_description="))
                .body("code", equalTo("invalid_token"))
                .body("status", equalTo(401));
    }

    /** The service's public key as the PEM an attacker would download and use as an HMAC secret. */
    private static String publicKeyPem() {
        try {
            String jwks = given().get("/.well-known/jwks.json").then().extract().asString();
            byte[] der =
                    new JsonWebKeySet(jwks).getJsonWebKeys().get(0).getKey().getEncoded();
            return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                    + "\n-----END PUBLIC KEY-----\n";
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
