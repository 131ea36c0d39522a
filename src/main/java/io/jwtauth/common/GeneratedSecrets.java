package io.jwtauth.common;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Server-side secrets that prod must be given (a Secret) but dev and test make themselves: tests one per start, dev
 * one kept in {@code target/} so that what it protects survives restarts. The one rule for the password pepper and
 * the MFA encryption key.
 */
public final class GeneratedSecrets {

    /** 32 random bytes, base64: what {@code head -c 32 /dev/urandom | base64} makes. */
    private static final int BYTES = 32;

    private GeneratedSecrets() {}

    /**
     * A generated secret (base64 text of 32 random bytes) in test and dev (kept in {@code devFile}, named by
     * {@code env} in its log line); empty in prod, where the caller refuses to start.
     */
    public static Optional<String> unlessProd(Path devFile, String env, SecureRandom random) {
        return switch (LaunchMode.current()) {
            case TEST -> Optional.of(generate(random));
            case DEVELOPMENT -> Optional.of(kept(devFile, env, random));
            default -> Optional.empty();
        };
    }

    private static String generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String kept(Path devFile, String env, SecureRandom random) {
        try {
            if (!Files.exists(devFile)) {
                Files.createDirectories(devFile.getParent());
                Files.writeString(devFile, generate(random), StandardCharsets.UTF_8);
                Log.infof("Dev mode: generated %s into %s (set %s to use your own)", env, devFile, env);
            }
            return Files.readString(devFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
