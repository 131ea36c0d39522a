package io.jwtauth.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.user.PasswordRules.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PasswordRules without the service: what is struck out, and that random passwords are not. */
class PasswordRulesTest {

    /** The shipped defaults (application.properties). */
    private static final PasswordRules RULES =
            new PasswordRules(4, 8, List.of("jwt-auth", "jwtauth", "jwt auth"), commonWords(1000));

    @ParameterizedTest
    @ValueSource(
            strings = {
                "aaaaaaaaaaaaaaa",
                "123456789012345",
                "qwertyuiopasdfgh",
                "iloveyouiloveyou",
                "abcabcabcabcabc",
                "1qaz2wsx3edc4rfv",
                "vfr4cde3xsw2zaq1",
                "hgfdsapoiuytrewq",
                "abcdefghijklmnop",
                "ponmlkjihgfedcba",
                "543210987654321",
                "QWERTYuiopASDFGH"
            })
    void theIssuesExamplesAndTheirReversalsKeepNothing(String password) {
        assertEquals(0, RULES.analyse(password, null).unpredictable(), password);
        assertTrue(RULES.refusal(password, null).isPresent(), password);
    }

    @Test
    void eachKindIsNamedForWhatItStruck() {
        assertEquals(
                Set.of(Kind.REPEAT), RULES.analyse("xKq7xKq7xKq7xKq7", null).kinds());
        assertEquals(
                Set.of(Kind.SEQUENCE), RULES.analyse("zyxwvutsrqponmlk", null).kinds());
        assertEquals(
                Set.of(Kind.SERVICE_NAME),
                RULES.analyse("JWT-Auth.jwtauth!jwt auth", null).kinds());
        assertEquals(
                Set.of(Kind.EMAIL),
                RULES.analyse("AdaByron=Ada.Byron", "ada.byron@example.com").kinds());
        assertEquals(
                Optional.of("is too predictable: apart from repeats (aaaa, abab) and sequences (abcd, 4321,"
                        + " qwerty, 1qaz), fewer than 8 characters are left"),
                RULES.refusal("xxxxxxxxxabcdefgh", null));
    }

    @Test
    void theEmailGivesItsWordsItsJoinedLocalPartAndItsDomainLabels() {
        String email = "ada.lovelace@example.com";
        assertEquals(6, RULES.analyse("adalovelace2024!!", email).unpredictable(), "2024!! is left");
        assertEquals(3, RULES.analyse("exampleexample123", email).unpredictable(), "123 is left");
        // parts shorter than a pattern are not words: "ada" alone, "com"
        assertEquals(16, RULES.analyse("ada-com-1982-xyz", email).unpredictable());
        assertEquals(
                13, RULES.analyse("adalovelace2024!!", "someone@example.org").unpredictable(), "love is common");
    }

    /**
     * A random password of the minimum length from the suite's alphabet, or all of printable ASCII, keeps at
     * least 8 unpredictable characters (with patterns of 3 instead of 4, this fails).
     */
    @Test
    void randomPasswordsOfTheMinimumLengthAreNeverRefused() {
        Random random = new Random(11);
        String suiteAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder printable = new StringBuilder();
        for (char c = ' '; c <= '~'; c++) {
            printable.append(c);
        }
        for (String alphabet : List.of(suiteAlphabet, printable.toString())) {
            for (int n = 0; n < 50_000; n++) {
                StringBuilder password = new StringBuilder();
                for (int i = 0; i < 15; i++) {
                    password.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                String email = "register-" + new UUID(random.nextLong(), random.nextLong()) + "@example.com";
                assertEquals(Optional.empty(), RULES.refusal(password.toString(), email), password.toString());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"İİİİİİİİİİİİİİİİqwerty-jwt-auth", "İstanbul-İzmir-Ankara", "😀😀😀😀😀😀😀😀", "ß-ﬃ-ŉ-ǰ-ΐ"})
    void caseMappingThatChangesTheLengthIsAnsweredNotThrown(String password) {
        RULES.analyse(password, "İlkay.ÖZ@example.com");
    }

    private static List<String> commonWords(int count) {
        try (InputStream in = PasswordRulesTest.class.getClassLoader().getResourceAsStream(PasswordPolicy.COMMON)) {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .limit(count)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
