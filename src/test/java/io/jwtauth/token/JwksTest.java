package io.jwtauth.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.security.Key;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

/** GET /.well-known/jwks.json publishes exactly the public keys that verify the access tokens the service issues. */
@QuarkusTest
class JwksTest {

    private static final String JWKS = "/.well-known/jwks.json";
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    @Test
    void jwksPublishesRsaSignatureKeysWithPublicPartsOnly() {
        Response r = given().get(JWKS);
        r.then().statusCode(200).contentType(containsString("json"));

        List<Map<String, Object>> keys = r.jsonPath().getList("keys");
        assertNotNull(keys, "a JWK Set has a keys array");
        assertFalse(keys.isEmpty(), "at least one verification key is published");
        Set<String> kids = new HashSet<>();
        for (Map<String, Object> key : keys) {
            assertEquals("RSA", key.get("kty"), "kty of " + key);
            assertEquals("sig", key.get("use"), "use of " + key);
            assertEquals("RS256", key.get("alg"), "alg of " + key);
            assertTrue(key.get("kid") instanceof String kid && !kid.isBlank(), "kid of " + key);
            assertTrue(kids.add((String) key.get("kid")), "kids are unique");
            assertTrue(
                    key.get("n") instanceof String n && n.matches("[A-Za-z0-9_-]{342,}"),
                    "n is base64url of a modulus of at least 2048 bits: " + key.get("n"));
            assertTrue(key.get("e") instanceof String e && e.matches("[A-Za-z0-9_-]+"), "e of " + key);
            Set<String> leaked = new HashSet<>(key.keySet());
            leaked.retainAll(PRIVATE_MEMBERS);
            assertTrue(leaked.isEmpty(), "no private key members, found " + leaked);
        }
    }

    @Test
    void jwksIsCacheable() {
        String cacheControl = given().get(JWKS).then().statusCode(200).extract().header("Cache-Control");
        assertNotNull(cacheControl, "Cache-Control tells verifiers how long to keep the keys");
        String cc = cacheControl.toLowerCase();
        assertFalse(
                cc.contains("no-store") || cc.contains("no-cache") || cc.contains("private"),
                "shared caches may keep the keys: " + cacheControl);
        Matcher maxAge = Pattern.compile("max-age=(\\d+)").matcher(cc);
        assertTrue(maxAge.find() && Integer.parseInt(maxAge.group(1)) > 0, "a positive max-age: " + cacheControl);
    }

    @Test
    void jwksMayBeCachedNoLongerThanTheKeysReloadInterval() {
        long interval = ConfigProvider.getConfig()
                .getValue("auth.keys.reload-interval", Duration.class)
                .toSeconds();
        String cacheControl = given().get(JWKS).then().statusCode(200).extract().header("Cache-Control");
        Matcher maxAge = Pattern.compile("max-age=(\\d+)").matcher(cacheControl);
        assertTrue(maxAge.find(), cacheControl);
        assertTrue(
                Long.parseLong(maxAge.group(1)) <= interval,
                "a verifier holding the keys longer than " + interval + " s may miss a newly published key: "
                        + cacheControl);
    }

    @Test
    void jwksRevalidatedWithItsETagIs304WithoutABody() {
        Response first = given().get(JWKS);
        String etag = first.then().statusCode(200).extract().header("ETag");
        assertNotNull(etag, "an ETag lets verifiers revalidate cheaply");
        assertTrue(etag.matches("\"[A-Za-z0-9_-]{43}\""), "a strong tag, the set's SHA-256: " + etag);

        Response again = given().header("If-None-Match", etag).get(JWKS);
        again.then().statusCode(304).header("ETag", etag).header("Cache-Control", first.header("Cache-Control"));
        assertEquals("", again.asString(), "a 304 has no body");
        // in a list, and as a weak comparison
        given().header("If-None-Match", "\"other\", " + etag).get(JWKS).then().statusCode(304);
        given().header("If-None-Match", "W/" + etag).get(JWKS).then().statusCode(304);
    }

    @Test
    void jwksWithAnotherETagIsSentInFull() {
        String etag = given().get(JWKS).then().statusCode(200).extract().header("ETag");
        String other = "\"" + "A".repeat(43) + "\"";
        given().header("If-None-Match", other)
                .get(JWKS)
                .then()
                .statusCode(200)
                .header("ETag", etag)
                .body("keys", org.hamcrest.Matchers.not(org.hamcrest.Matchers.empty()));
    }

    @Test
    void accessTokenHeaderIsRs256JwtWithAPublishedKid() {
        String token = Accounts.register("jwks-kid").login().access();
        JsonPath header = JsonPath.from(TestTokens.header(token));

        assertEquals("RS256", header.getString("alg"));
        assertEquals("JWT", header.getString("typ"));
        assertTrue(
                publishedKids().contains(header.getString("kid")),
                "kid " + header.getString("kid") + " is one of " + publishedKids());
    }

    @Test
    void accessTokenVerifiesWithThePublishedKeyAndCarriesTheContractClaims() throws Exception {
        Accounts.Account account = Accounts.register("jwks-verify");
        String token = account.login().access();

        JwtClaims claims = consumer(publishedKey(token)).processToClaims(token);

        assertEquals(TestTokens.ISSUER, claims.getIssuer());
        assertEquals(List.of(TestTokens.AUDIENCE), claims.getAudience());
        assertEquals(account.id(), claims.getSubject());
        assertEquals(account.email(), claims.getStringClaimValue("upn"));
        assertEquals(List.of("user"), claims.getStringListClaimValue("groups"));
        long iat = claims.getIssuedAt().getValue();
        long exp = claims.getExpirationTime().getValue();
        assertTrue(Math.abs(iat - System.currentTimeMillis() / 1000) < 60, "iat is now");
        assertEquals(900, exp - iat, "default lifetime 900 s");
        assertNotNull(claims.getJwtId());
        UUID.fromString(claims.getStringClaimValue("sid"));
        assertEquals(0L, claims.getClaimValue("ver", Long.class), "a new user's tokenVersion");
    }

    @Test
    void accessTokenDoesNotVerifyWithAnyOtherKey() throws Exception {
        String token = Accounts.register("jwks-foreign").login().access();
        RsaJsonWebKey foreign = RsaJwkGenerator.generateJwk(2048);

        assertThrows(
                InvalidJwtException.class,
                () -> consumer(foreign.getPublicKey()).processToClaims(token));
        String forged = TestTokens.tamper(token, "\"user\"", "\"admin\"");
        assertThrows(
                InvalidJwtException.class, () -> consumer(publishedKey(token)).processToClaims(forged));
    }

    @Test
    void everyAccessTokenHasItsOwnJti() {
        Accounts.Account account = Accounts.register("jwks-jti");
        Accounts.Tokens first = account.login();
        Accounts.Tokens second = account.login();
        String third = Accounts.refresh(second.refresh())
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");

        Set<String> jtis = new HashSet<>();
        for (String token : List.of(first.access(), second.access(), third)) {
            String jti = JsonPath.from(TestTokens.payload(token)).getString("jti");
            assertNotNull(jti);
            assertTrue(jtis.add(jti), "jti " + jti + " was already used");
        }
        String sid = JsonPath.from(TestTokens.payload(second.access())).getString("sid");
        assertEquals(sid, JsonPath.from(TestTokens.payload(third)).getString("sid"), "refresh stays in the session");
        assertNotEquals(
                sid,
                JsonPath.from(TestTokens.payload(first.access())).getString("sid"),
                "each login is its own session");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static JwtConsumer consumer(Key key) {
        return new JwtConsumerBuilder()
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer(TestTokens.ISSUER)
                .setExpectedAudience(TestTokens.AUDIENCE)
                .setRequireSubject()
                .setRequireIssuedAt()
                .setRequireExpirationTime()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(30)
                .build();
    }

    /** The public key the JWKS publishes under the token's kid. */
    private static Key publishedKey(String token) throws JoseException {
        String kid = JsonPath.from(TestTokens.header(token)).getString("kid");
        JsonWebKeySet set = new JsonWebKeySet(
                given().get(JWKS).then().statusCode(200).extract().asString());
        JsonWebKey jwk = set.findJsonWebKey(kid, "RSA", "sig", "RS256");
        assertNotNull(jwk, "the JWKS has the key with kid " + kid);
        return jwk.getKey();
    }

    private static Set<String> publishedKids() {
        return new HashSet<>(
                given().get(JWKS).then().statusCode(200).extract().jsonPath().getList("keys.kid"));
    }
}
