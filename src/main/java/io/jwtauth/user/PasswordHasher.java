package io.jwtauth.user;

import io.jwtauth.common.AuthConfig;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * bcrypt (Elytron) over base64(SHA-256(password)), so every character of a long password counts: bcrypt alone
 * silently ignores everything past 72 bytes.
 */
@ApplicationScoped
public class PasswordHasher {

    private final int cost;
    /** A real hash at the configured cost, compared against for unknown emails so timing reveals nothing. */
    private final String dummyHash;

    PasswordHasher(AuthConfig config) {
        this.cost = config.password().bcryptCost();
        this.dummyHash = BcryptUtil.bcryptHash(preHash("dummy password for unknown accounts"), cost);
    }

    public String hash(String password) {
        return BcryptUtil.bcryptHash(preHash(password), cost);
    }

    public boolean matches(String password, String hash) {
        return BcryptUtil.matches(preHash(password), hash);
    }

    /** Spends the same work as {@link #matches} when there is no account to compare with. */
    public void matchDummy(String password) {
        BcryptUtil.matches(preHash(password), dummyHash);
    }

    /** Whether a stored hash was made with a lower cost than configured (re-hash at the next login). */
    public boolean needsRehash(String hash) {
        // Modular crypt format: $2a$12$...
        String[] parts = hash.split("\\$");
        return parts.length < 3 || Integer.parseInt(parts[2]) < cost;
    }

    static String preHash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
