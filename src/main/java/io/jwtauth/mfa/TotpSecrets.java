package io.jwtauth.mfa;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.GeneratedSecrets;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * TOTP secrets: 160 random bits each (RFC 4226's recommendation), stored only encrypted with AES-256-GCM under
 * {@code auth.mfa.encryption-key}, a key that lives in a Secret and never in the database, with the account's id as
 * associated data (a sealed secret copied to another account does not open). Prod refuses to start without the key
 * ({@code AUTH_MFA_ENCRYPTION_KEY}, base64 of 32 bytes); dev and test generate one.
 */
@Singleton
class TotpSecrets {

    static final String ENV = "AUTH_MFA_ENCRYPTION_KEY";
    static final int SECRET_BYTES = 20;
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Path DEV_FILE = Path.of("target", "dev-mfa-encryption-key");
    private static final String HOW = "generate one with `head -c 32 /dev/urandom | base64` and keep it in a Secret";

    private final Optional<String> configured;
    private final SecureRandom random;
    private volatile SecretKeySpec key;

    TotpSecrets(AuthConfig config, SecureRandom random) {
        this.configured = config.mfa().encryptionKey().filter(k -> !k.isBlank());
        this.random = random;
    }

    /** Resolves the key before traffic; in prod a missing or malformed one stops the service with one line. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        try {
            key();
        } catch (KeyException e) {
            Log.error("Refusing to start: " + e.getMessage());
            Quarkus.asyncExit(1);
        }
    }

    byte[] generate() {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return secret;
    }

    /** Nonce, then ciphertext and tag. */
    byte[] seal(UUID userId, byte[] secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, userId, nonce, secret, 0, secret.length);
        return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                .put(nonce)
                .put(sealed)
                .array();
    }

    byte[] open(UUID userId, byte[] sealed) {
        byte[] nonce = Arrays.copyOf(sealed, NONCE_BYTES);
        return crypt(Cipher.DECRYPT_MODE, userId, nonce, sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    }

    private byte[] crypt(int mode, UUID userId, byte[] nonce, byte[] input, int offset, int length) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(("mfa-totp|" + userId).getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input, offset, length);
        } catch (GeneralSecurityException e) {
            // a secret sealed under another key (the key was changed) or tampered with in the database
            throw new IllegalStateException("A TOTP secret does not open under " + ENV, e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = new SecretKeySpec(resolve(), "AES");
                }
                k = key;
            }
        }
        return k;
    }

    private byte[] resolve() {
        String text = configured
                .or(() -> GeneratedSecrets.unlessProd(DEV_FILE, ENV, random))
                .orElseThrow(() ->
                        new KeyException(ENV + " is not set (the key TOTP secrets are encrypted under; " + HOW + ")"));
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new KeyException(ENV + " is not base64; " + HOW);
        }
        if (bytes.length != KEY_BYTES) {
            throw new KeyException(ENV + " must be " + KEY_BYTES + " bytes (base64), not " + bytes.length + "; " + HOW);
        }
        return bytes;
    }

    /** A key setting that makes the service refuse to start; the message names the variable to fix. */
    static class KeyException extends RuntimeException {
        KeyException(String message) {
            super(message, null, false, false);
        }
    }
}
