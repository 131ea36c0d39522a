package io.jwtauth.session;

import io.jwtauth.common.OpaqueTokens;
import io.jwtauth.user.PasswordPepper;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The refresh token's format. A token names its session and its generation (the number of rotations before it), with
 * 256 random bits, under an HMAC-SHA-256 tag keyed by the server's pepper: {@code base64url(session id, generation,
 * random) "." base64url(tag)}. So a rotation finds its session by primary key and is one conditional UPDATE
 * ({@link RefreshTokenRotation}), and a genuine token of an older generation is recognisable as reuse without a row
 * per rotated token (Keycloak keeps only the current refresh token's id in its session for the same reason). Only the
 * current token's SHA-256 is stored; a database alone yields no usable token, and without the pepper no token can be
 * made.
 *
 * <p>Its successor is kept sealed (AES-GCM) under a key derived from the token itself, so within the grace window the
 * holder of the old token recovers the very same successor.
 *
 * <p>Tokens issued before sessions held their refresh state (version 1: 256 random bits, no dot) are still read, through
 * {@link LegacyRefreshTokens}.
 */
@ApplicationScoped
class RefreshTokenCodec {

    /** A presented token: its session, its generation and its SHA-256. */
    record Presented(UUID sessionId, long generation, byte[] hash) {}

    private static final String MAC_PURPOSE = "refresh-token v2";
    private static final int RANDOM_BYTES = 32;
    private static final int PAYLOAD_BYTES = 16 + 8 + RANDOM_BYTES;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();
    private static final int PAYLOAD_CHARS =
            BASE64URL.encodeToString(new byte[PAYLOAD_BYTES]).length();
    private static final int TOKEN_CHARS =
            PAYLOAD_CHARS + 1 + BASE64URL.encodeToString(new byte[32]).length();
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] SEAL_LABEL = "jwt-auth refresh successor seal v1".getBytes(StandardCharsets.UTF_8);

    private final SecureRandom random;
    private final PasswordPepper pepper;

    RefreshTokenCodec(SecureRandom random, PasswordPepper pepper) {
        this.random = random;
        this.pepper = pepper;
    }

    /** A new token for this generation of the session. */
    String mint(UUID sessionId, long generation) {
        byte[] secret = new byte[RANDOM_BYTES];
        random.nextBytes(secret);
        String payload = BASE64URL.encodeToString(ByteBuffer.allocate(PAYLOAD_BYTES)
                .putLong(sessionId.getMostSignificantBits())
                .putLong(sessionId.getLeastSignificantBits())
                .putLong(generation)
                .put(secret)
                .array());
        return payload + '.' + BASE64URL.encodeToString(tag(payload));
    }

    /** The session and generation a token of this format names; empty if it is not one, or its tag is wrong. */
    Optional<Presented> read(String token) {
        if (token.length() != TOKEN_CHARS || token.charAt(PAYLOAD_CHARS) != '.') {
            return Optional.empty();
        }
        String payload = token.substring(0, PAYLOAD_CHARS);
        try {
            byte[] tag = BASE64URL_DECODER.decode(token.substring(PAYLOAD_CHARS + 1));
            if (!MessageDigest.isEqual(tag, tag(payload))) {
                return Optional.empty();
            }
            ByteBuffer fields = ByteBuffer.wrap(BASE64URL_DECODER.decode(payload));
            UUID sessionId = new UUID(fields.getLong(), fields.getLong());
            return Optional.of(new Presented(sessionId, fields.getLong(), hash(token)));
        } catch (IllegalArgumentException e) { // not base64url
            return Optional.empty();
        }
    }

    /** What is stored and compared instead of the token. */
    byte[] hash(String token) {
        return OpaqueTokens.hash(token);
    }

    private byte[] tag(String payload) {
        return pepper.mac(MAC_PURPOSE, payload);
    }

    byte[] seal(String token, String successor) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealKey(token), new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(successor.getBytes(StandardCharsets.US_ASCII));
            return ByteBuffer.allocate(IV_BYTES + sealed.length)
                    .put(iv)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by every Java platform", e);
        }
    }

    /** The successor sealed under {@code token}; empty if it was not sealed under this token. */
    Optional<String> unseal(String token, byte[] sealed) {
        if (sealed == null || sealed.length <= IV_BYTES) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealKey(token), new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            byte[] plain = cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
            return Optional.of(new String(plain, StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** HMAC-SHA256(token, label): a 256-bit AES key only a holder of the token can compute. */
    private static SecretKeySpec sealKey(String token) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return new SecretKeySpec(mac.doFinal(SEAL_LABEL), "AES");
    }
}
