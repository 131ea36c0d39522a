package io.jwtauth.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Opaque bearer secrets (refresh tokens, device tokens): 256 random bits, URL-safe base64; stored only as their
 * SHA-256, which is enough for 256-bit random values (nothing to guess, nothing to stretch).
 */
@ApplicationScoped
public class OpaqueTokens {

    private static final int TOKEN_BYTES = 32;
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random;

    OpaqueTokens(SecureRandom random) {
        this.random = random;
    }

    public String generate() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return URL.encodeToString(bytes);
    }

    /** What is stored and looked up instead of the token. */
    public static byte[] hash(String token) {
        return Sha256.of(token);
    }
}
