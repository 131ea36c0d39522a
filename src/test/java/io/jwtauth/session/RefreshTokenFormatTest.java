package io.jwtauth.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.common.OpaqueTokens;
import io.jwtauth.support.Accounts;
import io.jwtauth.support.Accounts.Tokens;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.NativeQueries;
import io.jwtauth.support.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The refresh token names its session and generation under an HMAC: a made-up token for a known session id (sids are
 * in every access token) is refused as invalid and revokes nothing; and tokens issued before the format changed
 * (migration V11) keep working, with their grace window and reuse detection.
 */
@QuarkusTest
class RefreshTokenFormatTest {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    MutableClock clock;

    @Inject
    NativeQueries db;

    @Inject
    RefreshTokenCodec codec;

    @Test
    void aTokenMadeUpForAKnownSessionIsInvalidAndRevokesNothing() {
        Tokens tokens = Accounts.register("forged-refresh").login();
        UUID sid = UUID.fromString(TestTokens.claim(tokens.access(), "sid"));
        String genuine = tokens.refresh();
        for (int i = 0; i < 3; i++) {
            genuine = Accounts.refresh(genuine).then().statusCode(200).extract().path("refresh_token");
        }
        // every older generation (which, genuine, would be reuse), the current one and the next, with a tag that is
        // not the server's
        for (long generation = 0; generation <= 4; generation++) {
            Accounts.refresh(madeUp(sid, generation, genuine))
                    .then()
                    .statusCode(401)
                    .body("code", equalTo("invalid_refresh_token"));
        }
        // the genuine token's payload with its tag cut short, or one character of the tag changed
        String payload = genuine.substring(0, genuine.indexOf('.'));
        Accounts.refresh(payload).then().statusCode(401).body("code", equalTo("invalid_refresh_token"));
        char last = genuine.charAt(genuine.length() - 5);
        String flipped = genuine.substring(0, genuine.length() - 5)
                + (last == 'A' ? 'B' : 'A')
                + genuine.substring(genuine.length() - 4);
        Accounts.refresh(flipped).then().statusCode(401).body("code", equalTo("invalid_refresh_token"));

        Accounts.refresh(genuine).then().statusCode(200);
        given().auth().oauth2(tokens.access()).get("/users/me").then().statusCode(200);
    }

    @Test
    void aTokenIssuedBeforeTheFormatChangedStillRotatesWithGraceAndReuseDetection() throws IOException {
        Tokens login = Accounts.register("legacy-refresh").login();
        UUID userId = UUID.fromString(TestTokens.claim(login.access(), "sub"));
        Instant now = clock.instant();
        UUID sid = UUID.randomUUID();
        String older = legacyToken();
        String current = legacyToken();
        String[] migration = v11DataStatements();
        // a session as the code before V11 left it: its rows in refresh_tokens, the older token rotated 5 s ago
        QuarkusTransaction.requiringNew().run(() -> {
            db.createNativeQuery("INSERT INTO sessions (id, user_id, token_version, created_at, last_used_at,"
                            + " expires_at) SELECT ?1, id, token_version, ?2, ?2, ?3 FROM users WHERE id = ?4")
                    .setParameter(1, sid)
                    .setParameter(2, now.minusSeconds(3600))
                    .setParameter(3, now.plus(Duration.ofDays(29)))
                    .setParameter(4, userId)
                    .executeUpdate();
            insertLegacy(sid, older, now.plus(Duration.ofDays(6)), now.minusSeconds(5), codec.seal(older, current));
            insertLegacy(sid, current, now.plus(Duration.ofDays(7)), null, null);
            for (String statement : migration) {
                db.createNativeQuery(statement).executeUpdate();
            }
        });

        // the older token within its grace window: the same successor it produced before the upgrade
        Accounts.refresh(older).then().statusCode(200).body("refresh_token", equalTo(current));
        // the current one rotates into the new format, in the same session
        var rotated = Accounts.refresh(current).then().statusCode(200).extract();
        String next = rotated.path("refresh_token");
        assertTrue(next.contains("."), "the successor has the new format");
        assertEquals(sid.toString(), TestTokens.claim(rotated.path("access_token"), "sid"));
        Accounts.refresh(current).then().statusCode(200).body("refresh_token", equalTo(next));

        clock.advance(Duration.ofSeconds(11));
        Accounts.refresh(older).then().statusCode(401).body("code", equalTo("refresh_token_reused"));
        Accounts.refresh(next).then().statusCode(401).body("code", equalTo("invalid_refresh_token"));
        Accounts.refresh(login.refresh()).then().statusCode(200); // the user's other session lives on
    }

    private String madeUp(UUID sid, long generation, String genuine) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String payload = BASE64URL.encodeToString(ByteBuffer.allocate(56)
                .putLong(sid.getMostSignificantBits())
                .putLong(sid.getLeastSignificantBits())
                .putLong(generation)
                .put(secret)
                .array());
        byte[] tag = new byte[32];
        RANDOM.nextBytes(tag);
        String token = payload + "." + BASE64URL.encodeToString(tag);
        assertEquals(genuine.length(), token.length(), "shaped like a real token");
        assertNotEquals(genuine, token);
        return token;
    }

    private static String legacyToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    private void insertLegacy(UUID sid, String token, Instant expires, Instant usedAt, byte[] sealed) {
        db.createNativeQuery("INSERT INTO refresh_tokens (id, session_id, token_hash, created_at, expires_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, sid)
                .setParameter(3, OpaqueTokens.hash(token))
                .setParameter(4, clock.instant().minusSeconds(60))
                .setParameter(5, expires)
                .executeUpdate();
        if (usedAt != null) {
            db.createNativeQuery("UPDATE refresh_tokens SET used_at = ?1, successor_sealed = ?2 WHERE token_hash = ?3")
                    .setParameter(1, usedAt)
                    .setParameter(2, sealed)
                    .setParameter(3, OpaqueTokens.hash(token))
                    .executeUpdate();
        }
    }

    /** The statements of V11 that copy the refresh state (its first statement adds the columns, already there). */
    private static String[] v11DataStatements() throws IOException {
        try (InputStream in = RefreshTokenFormatTest.class
                .getClassLoader()
                .getResourceAsStream("db/migration/V11__refresh_state_on_sessions.sql")) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)--.*$", "");
            String[] statements = sql.split(";");
            return Arrays.stream(statements)
                    .map(String::strip)
                    .filter(s -> s.startsWith("UPDATE"))
                    .toArray(String[]::new);
        }
    }
}
