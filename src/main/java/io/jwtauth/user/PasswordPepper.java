package io.jwtauth.user;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.GeneratedSecrets;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server-side secret mixed into every password before bcrypt: the pre-hash is HMAC-SHA-256 under it, so a stolen
 * table of hashes cannot be tested against leaked unsalted SHA-256 lists from other sites ("hash shucking"), nor
 * cracked at all without the pepper, which lives in a Secret and never in the database.
 *
 * <p>Prod refuses to start without {@code AUTH_PASSWORD_PEPPER} (at least {@value #MIN_BYTES} bytes). Tests generate
 * one per start; dev generates one once and keeps it in {@code target/}, so dev accounts survive restarts.
 */
@Singleton
public class PasswordPepper {

    static final int MIN_BYTES = 32;
    static final String ENV = "AUTH_PASSWORD_PEPPER";
    private static final Path DEV_FILE = Path.of("target", "dev-password-pepper");

    private final Optional<String> configured;
    private final SecureRandom random;
    private volatile SecretKeySpec key;

    PasswordPepper(AuthConfig config, SecureRandom random) {
        this.configured = config.password().pepper().filter(p -> !p.isBlank());
        this.random = random;
    }

    /** Resolves the pepper before traffic; in prod a missing or short one stops the service with one line. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        try {
            key();
        } catch (PepperException e) {
            Log.error("Refusing to start: " + e.getMessage());
            Quarkus.asyncExit(1);
        }
    }

    /**
     * HMAC-SHA-256 under the pepper of a secret that is not a password (a service account's client secret), kept
     * apart from password pre-hashes by its {@code purpose}: the NUL that ends it can be in no password.
     */
    public byte[] mac(String purpose, String secret) {
        return mac(purpose + '\0' + secret);
    }

    /** HMAC-SHA-256 of the password under the pepper. */
    byte[] mac(String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = new SecretKeySpec(resolve(), "HmacSHA256");
                }
                k = key;
            }
        }
        return k;
    }

    private byte[] resolve() {
        if (configured.isPresent()) {
            byte[] bytes = configured.get().getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_BYTES) {
                throw new PepperException(ENV + " is shorter than " + MIN_BYTES + " bytes; generate one with "
                        + "`head -c 32 /dev/urandom | base64`");
            }
            return bytes;
        }
        return GeneratedSecrets.unlessProd(DEV_FILE, ENV, random)
                .orElseThrow(() -> new PepperException(ENV + " is not set (the secret mixed into every password hash; "
                        + "generate one with `head -c 32 /dev/urandom | base64` and keep it in a Secret)"))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A pepper setting that makes the service refuse to start; the message names the variable to fix. */
    static class PepperException extends RuntimeException {
        PepperException(String message) {
            super(message, null, false, false);
        }
    }
}
