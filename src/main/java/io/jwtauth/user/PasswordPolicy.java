package io.jwtauth.user;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.Emails;
import io.jwtauth.common.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * NIST SP 800-63B-4 passwords: a minimum and maximum length in characters, no composition rules, not the email,
 * not in the bundled lists of breached passwords (compared case-insensitively), and not mostly predictable parts
 * ({@link PasswordRules}).
 */
@ApplicationScoped
public class PasswordPolicy {

    /** The most common breached passwords of every length, most frequent first (provenance in NOTICE.md). */
    static final String COMMON = "passwords/common-passwords.txt";
    /** Breached passwords of at least the default minimum length that {@link #COMMON} lacks. */
    static final String BREACHED_LONG = "passwords/breached-long-passwords.txt";

    private final int minLength;
    private final int maxLength;
    /**
     * Sorted first 64 bits of SHA-256 of each blocked entry: a tenth of the heap of the strings themselves. A
     * password not on the lists collides with one that is with probability about 60,000 / 2^64.
     */
    private final long[] blocked;

    private final PasswordRules rules;

    PasswordPolicy(AuthConfig config) {
        AuthConfig.Password password = config.password();
        this.minLength = password.minLength();
        this.maxLength = password.maxLength();
        List<String> common = read(COMMON);
        List<String> breachedLong = read(BREACHED_LONG);
        MessageDigest sha256 = sha256();
        long[] fingerprints = new long[common.size() + breachedLong.size()];
        int i = 0;
        for (String entry : common) {
            fingerprints[i++] = fingerprint(sha256, entry);
        }
        for (String entry : breachedLong) {
            fingerprints[i++] = fingerprint(sha256, entry);
        }
        Arrays.sort(fingerprints);
        this.blocked = fingerprints;
        this.rules = new PasswordRules(
                password.patternMinLength(),
                password.minUnpredictable(),
                password.contextWords(),
                common.subList(0, Math.min(password.commonWords(), common.size())));
    }

    /** Refuses a password with 400 validation_failed on {@code field}, naming the rule it breaks. */
    public void check(String field, String password, String email) {
        int length = password.codePointCount(0, password.length());
        if (length < minLength) {
            throw Problems.invalidField(field, "must be at least " + minLength + " characters long");
        }
        if (length > maxLength) {
            throw Problems.invalidField(field, "must be at most " + maxLength + " characters long");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (email != null && Emails.normalise(password).equals(Emails.normalise(email))) {
            throw Problems.invalidField(field, "must not be the email address");
        }
        // the lists are trimmed: a breached password with a space around it is the same guess
        if (Arrays.binarySearch(blocked, fingerprint(sha256(), lower.strip())) >= 0) {
            throw Problems.invalidField(field, "is a commonly used password; choose another");
        }
        Optional<String> predictable = rules.refusal(password, email);
        if (predictable.isPresent()) {
            throw Problems.invalidField(field, predictable.get());
        }
    }

    private static long fingerprint(MessageDigest sha256, String lowerCased) {
        return ByteBuffer.wrap(sha256.digest(lowerCased.getBytes(StandardCharsets.UTF_8)))
                .getLong();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The resource's entries in file order, trimmed and lower-cased, blank lines skipped. */
    private static List<String> read(String resource) {
        List<String> entries = new ArrayList<>(65_536);
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    entries.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }
}
