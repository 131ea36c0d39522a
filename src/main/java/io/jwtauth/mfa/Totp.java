package io.jwtauth.mfa;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TOTP (RFC 6238) as authenticator apps compute it by default: HMAC-SHA-1, 6 digits, 30-second steps from the Unix
 * epoch. A code is accepted for its own step and one step either side (clock drift); which step it matched is what
 * {@link Authenticators} records, so a code is never accepted twice.
 */
final class Totp {

    static final int DIGITS = 6;
    static final long STEP_SECONDS = 30;
    /** Steps accepted either side of the current one. */
    static final int DRIFT_STEPS = 1;

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {}

    /** The time step of an instant. */
    static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The code of a step (RFC 4226 HOTP over the step number), zero-padded to {@code digits}. */
    static String code(byte[] secret, long step, int digits) {
        byte[] hash;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required by every Java platform", e);
        }
        int offset = hash[hash.length - 1] & 0x0F;
        int binary = ((hash[offset] & 0x7F) << 24)
                | ((hash[offset + 1] & 0xFF) << 16)
                | ((hash[offset + 2] & 0xFF) << 8)
                | (hash[offset + 3] & 0xFF);
        String code = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - code.length()) + code;
    }

    /**
     * The latest step within the drift window around {@code now} whose code is {@code presented}, if any. Every
     * candidate is computed and compared in constant time, so the answer's timing says nothing about the code.
     */
    static OptionalLong matchingStep(byte[] secret, String presented, Instant now) {
        byte[] given = presented.getBytes(StandardCharsets.US_ASCII);
        long current = step(now);
        long matched = Long.MIN_VALUE;
        for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
            byte[] expected = code(secret, step, DIGITS).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, given)) {
                matched = step;
            }
        }
        return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
    }
}
