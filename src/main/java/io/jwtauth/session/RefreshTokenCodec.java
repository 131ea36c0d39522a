package io.jwtauth.session;

import io.jwtauth.common.OpaqueTokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque refresh token ({@link OpaqueTokens}: 256 random bits, stored only as SHA-256). Its successor is kept
 * sealed (AES-GCM) under a key derived from the token itself, so within the grace window the holder of the old
 * token recovers the very same successor, while the database alone never reveals a usable token.
 */
@ApplicationScoped
class RefreshTokenCodec {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] SEAL_LABEL = "jwt-auth refresh successor seal v1".getBytes(StandardCharsets.UTF_8);

    private final SecureRandom random;
    private final OpaqueTokens tokens;

    RefreshTokenCodec(SecureRandom random, OpaqueTokens tokens) {
        this.random = random;
        this.tokens = tokens;
    }

    String generate() {
        return tokens.generate();
    }

    byte[] hash(String token) {
        return OpaqueTokens.hash(token);
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
