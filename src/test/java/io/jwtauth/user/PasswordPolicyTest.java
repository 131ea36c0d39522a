package io.jwtauth.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The password policy through POST /auth/register and PUT /users/me/password: breached lists and predictability. */
@QuarkusTest
class PasswordPolicyTest {

    private static final String ON_THE_LISTS = "is a commonly used password; choose another";

    @ParameterizedTest
    @ValueSource(strings = {"aaaaaaaaaaaaaaa", "123456789012345", "qwertyuiopasdfgh", "iloveyouiloveyou"})
    void longButTrivialPasswordsAreRefused(String password) {
        refused(Accounts.registration(Accounts.uniqueEmail("policy-trivial"), password, null), "password");
    }

    /** One example per rule, none on the bundled lists, so the refusal must come from the rule it names. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "xxxxxxxxxxXXXXXXXXXX       | repeats",
                "abcabcabcabcabcabcabc      | repeats",
                "Mn7#Mn7#Mn7#Mn7#Mn7#       | repeats",
                "zq8!zq8!zq8!zq8!xkxkxkxkxk | repeats",
                "1qaz2wsx3edc4rfv5tgb6yhn   | sequences",
                "nhy6bgt5vfr4cde3xsw2zaq1   | sequences",
                "zxcvbnm,./asdfghjkl;       | sequences",
                ";lkjhgfdsa/.,mnbvcxz       | sequences",
                "!@#$%^&*()_+!@#$           | sequences",
                "abcdefghijklmnopqrs        | sequences",
                "zyxwvutsrqponmlkjih        | sequences",
                "98765432109876543210       | sequences",
                "Summer2016Dragon!Monkey    | common passwords",
                "JWT-Auth.jwtauth!jwt auth  | the service's name"
            })
    void eachPredictablePatternIsRefusedByName(String password, String named) {
        assertFalse(onTheLists(password), password + " is not on the lists: the rule alone must refuse it");

        refused(Accounts.registration(Accounts.uniqueEmail("policy-rule"), password, null), "password")
                .body("errors[0].message", allOf(containsString("too predictable"), containsString(named)));
    }

    @Test
    void theRegisteringEmailsWordsAreStruckOut() {
        String email = "ada.lovelace@" + UUID.randomUUID() + ".example.com";

        for (String password :
                List.of("adalovelace2024!!", "AdaLovelace2024!!", "exampleexample123", "Lovelace@Example!1")) {
            assertFalse(onTheLists(password), password);
            refused(Accounts.registration(email, password, null), "password")
                    .body("errors[0].message", containsString("words of the email address"));
        }
        // the same password is fine for someone else: it is this email that makes it guessable
        Accounts.registration(Accounts.uniqueEmail("policy-someone"), "adalovelace2024!!", null)
                .then()
                .statusCode(201);
    }

    @Test
    void aPasswordChangeIsJudgedAgainstTheAccountsOwnEmail() {
        String email = "grace.hopper@" + UUID.randomUUID() + ".example.com";
        Accounts.registration(email, Accounts.PASSWORD, null).then().statusCode(201);
        String access = Accounts.login(email, Accounts.PASSWORD).access();

        refused(changePassword(access, "GraceHopper1906!"), "newPassword")
                .body("errors[0].message", containsString("words of the email address"));
        refused(changePassword(access, "1qaz2wsx3edc4rfv"), "newPassword");
        changePassword(access, "purple monkey dishwasher lamp").then().statusCode(200);
    }

    @Test
    void longBreachedPasswordsFromTheBundledCorpusAreRefusedWhateverTheirCase() {
        List<String> corpus = entries(PasswordPolicy.BREACHED_LONG);
        assertTrue(corpus.size() > 10_000, "the corpus has " + corpus.size() + " entries");

        // a spread of the corpus; the message shows it is the list, not a predictability rule, that refuses
        for (int i = 0; i < corpus.size(); i += 400) {
            String breached = corpus.get(i);
            assertTrue(breached.codePointCount(0, breached.length()) >= 15, breached);
            refused(Accounts.registration(Accounts.uniqueEmail("policy-breached"), breached, null), "password")
                    .body("errors[0].message", equalTo(ON_THE_LISTS));
        }
        refused(Accounts.registration(Accounts.uniqueEmail("policy-breached"), "WestHam8RotherHam", null), "password")
                .body("errors[0].message", equalTo(ON_THE_LISTS));
        refused(Accounts.registration(Accounts.uniqueEmail("policy-breached"), " westham8rotherham ", null), "password")
                .body("errors[0].message", equalTo(ON_THE_LISTS));
    }

    /** Every password the test suite registers or changes to (with an email like the one it uses) still passes. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "register        | correct horse battery staple",
                "rotate          | purple monkey dishwasher lamp",
                "race            | a passphrase set during the race",
                "throttle-change | a completely new passphrase",
                "revoke          | a brand new passphrase 1234567890123",
                "squatter        | the squatter's own passphrase",
                "ops             | the operator's admin passphrase",
                "bootstrap-admin | the bootstrap admin passphrase",
                "training        | a training passphrase 0123",
                "logging         | a very secret passphrase 0123",
                "multi           | multi instance passphrase"
            })
    void goodPassphrasesAreAccepted(String emailPrefix, String password) {
        Accounts.registration(Accounts.uniqueEmail(emailPrefix), password, null)
                .then()
                .statusCode(201);
    }

    /** Case mapping that changes a string's length, surrogate pairs, combining marks: an answer, never a 5xx. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "İİİİİİİİİİİİİİİİabcd",
                "ǅǅǅǅǅǅǅǅǅǅǅǅǅǅǅǅ",
                "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
                "e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301",
                "🐴 correct 🔋 battery 📎 staple"
            })
    void unusualCharactersNeverCauseAServerError(String password) {
        Accounts.registration(Accounts.uniqueEmail("policy-unicode"), password, null)
                .then()
                .statusCode(lessThan(500));
    }

    private static Response changePassword(String access, String newPassword) {
        return given().auth()
                .oauth2(access)
                .contentType(ContentType.JSON)
                .body(Map.of("currentPassword", Accounts.PASSWORD, "newPassword", newPassword))
                .put("/users/me/password");
    }

    /** 400 validation_failed naming the field. */
    private static ValidatableResponse refused(Response r, String field) {
        return r.then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo(field));
    }

    private static boolean onTheLists(String password) {
        String lower = password.strip().toLowerCase(Locale.ROOT);
        return entries(PasswordPolicy.COMMON).contains(lower)
                || entries(PasswordPolicy.BREACHED_LONG).contains(lower);
    }

    private static List<String> entries(String resource) {
        try (InputStream in = PasswordPolicyTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .filter(line -> !line.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
