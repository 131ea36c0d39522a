package io.jwtauth.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TOTP against RFC 6238's test vectors (Appendix B, SHA-1), the drift window, and base32 against RFC 4648's. */
class TotpTest {

    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130"
    })
    void rfc6238AppendixBSha1Vectors(long unixTime, String expected) {
        assertEquals(expected, Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(unixTime)), 8));
    }

    @Test
    void sixDigitCodesAreTheLastSixOfTheRfcVectors() {
        // the same truncation with 10^6: what authenticator apps show
        assertEquals("287082", Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(59)), 6));
        assertEquals("005924", Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(1234567890)), 6));
    }

    @Test
    void aCodeMatchesItsStepAndOneStepEitherSideOnly() {
        Instant now = Instant.ofEpochSecond(1_700_000_015);
        long step = Totp.step(now);
        for (long s = step - 1; s <= step + 1; s++) {
            assertEquals(
                    OptionalLong.of(s), Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, s, Totp.DIGITS), now), "" + s);
        }
        assertTrue(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, step - 2, Totp.DIGITS), now)
                .isEmpty());
        assertTrue(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, step + 2, Totp.DIGITS), now)
                .isEmpty());
        assertTrue(Totp.matchingStep(RFC_SEED, "12345", now).isEmpty());
        assertTrue(Totp.matchingStep(RFC_SEED, "", now).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void base32IsRfc4648WithoutPadding(String text, String expected) {
        assertEquals(expected, Base32.encode(text.getBytes(StandardCharsets.US_ASCII)));
    }
}
