package io.jwtauth.user;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * NIST SP 800-63B-4 passwords: a minimum and maximum length in characters, no composition rules, not the email,
 * not in the bundled list of common breached passwords (compared case-insensitively).
 */
@ApplicationScoped
public class PasswordPolicy {

    static final String BLOCKLIST = "passwords/common-passwords.txt";

    private final int minLength;
    private final int maxLength;
    private final Set<String> common;

    PasswordPolicy(AuthConfig config) {
        this.minLength = config.password().minLength();
        this.maxLength = config.password().maxLength();
        this.common = load();
    }

    /** Refuses a password with 400 validation_failed on {@code field}, naming the rule it breaks. */
    public void check(String field, String password, String email) {
        int length = password.codePointCount(0, password.length());
        if (length < minLength) {
            throw ProblemException.invalidField(field, "must be at least " + minLength + " characters long");
        }
        if (length > maxLength) {
            throw ProblemException.invalidField(field, "must be at most " + maxLength + " characters long");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (email != null && lower.equals(email.strip().toLowerCase(Locale.ROOT))) {
            throw ProblemException.invalidField(field, "must not be the email address");
        }
        if (common.contains(lower)) {
            throw ProblemException.invalidField(field, "is a commonly used password; choose another");
        }
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>(65_536);
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(BLOCKLIST)) {
            if (in == null) {
                throw new IllegalStateException(BLOCKLIST + " is missing from the build");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    words.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
