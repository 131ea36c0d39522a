package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** POST /auth/register: the UserView it answers with, and every password and email rule of the contract. */
@QuarkusTest
class RegisterTest {

    private static final String BLOCKLIST = "passwords/common-passwords.txt";
    /** An entry of the bundled blocklist that is long enough to pass the length rule on its own. */
    private static final String COMMON_LONG_PASSWORD = "passwordpassword";

    private static final String RFC3339_UTC = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|\\+00:00)$";
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void registrationAnswers201WithLocationAndTheUserView() {
        String email = Accounts.uniqueEmail("register");
        String password = randomPassword(20);
        Instant before = Instant.now().minusSeconds(5);

        Response r = Accounts.registration(email, password, "Ada Lovelace");

        r.then()
                .statusCode(201)
                .contentType(ContentType.JSON)
                .body("id", notNullValue())
                .body("email", equalTo(email))
                .body("displayName", equalTo("Ada Lovelace"))
                .body("roles", equalTo(List.of("user")))
                .body("enabled", is(true))
                .body("createdAt", matchesPattern(RFC3339_UTC));
        String id = r.path("id");
        UUID.fromString(id); // ids are UUIDs
        assertThat("Location", r.header("Location"), endsWith("/users/" + id));
        Instant createdAt = Instant.parse(r.<String>path("createdAt").replace("+00:00", "Z"));
        assertTrue(
                !createdAt.isBefore(before) && createdAt.isBefore(Instant.now().plus(Duration.ofSeconds(5))),
                "createdAt is the moment of registration, was " + createdAt);
    }

    @Test
    void userViewNeverContainsThePasswordItsHashOrTheTokenVersion() {
        String password = randomPassword(24);
        Response r = Accounts.registration(Accounts.uniqueEmail("register-secret"), password, null);

        r.then().statusCode(201);
        Set<String> fields = r.jsonPath().<String, Object>getMap("$").keySet();
        assertTrue(
                Set.of("id", "email", "displayName", "roles", "enabled", "emailVerified", "mfaEnabled", "createdAt")
                        .containsAll(fields),
                "UserView has only the contract's fields, had " + fields);
        assertTrue(
                fields.containsAll(
                        Set.of("id", "email", "roles", "enabled", "emailVerified", "mfaEnabled", "createdAt")),
                "UserView has the contract's fields, had " + fields);
        String raw = r.asString();
        assertThat(
                "body",
                raw,
                allOf(
                        not(containsString(password)),
                        not(containsString("$2a$")),
                        not(containsString("$2b$")),
                        not(containsString("$2y$")),
                        not(containsString("assword")),
                        not(containsString("okenVersion")),
                        not(containsString("token_version"))));
    }

    @Test
    void emailIsStoredTrimmed() {
        String email = Accounts.uniqueEmail("register-trim");
        Accounts.registration("  \t" + email + "  ", randomPassword(20), null)
                .then()
                .statusCode(201)
                .body("email", equalTo(email));
        // the trimmed address is the one that is taken
        problem(Accounts.registration(email, randomPassword(20), null), 409, "email_taken");
    }

    @Test
    void registrationsRacingForOneEmailMakeOneAccountAndAnswerTheRest409() throws Exception {
        String email = Accounts.uniqueEmail("register-race");
        int racers = 8;
        List<String> passwords =
                IntStream.range(0, racers).mapToObj(i -> randomPassword(20)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Response> answers = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> registrations = new ArrayList<>();
            for (String password : passwords) {
                registrations.add(pool.submit(() -> {
                    start.await();
                    return Accounts.registration(email, password, null);
                }));
            }
            start.countDown();
            for (Future<Response> registration : registrations) {
                answers.add(registration.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        List<Integer> statuses = answers.stream().map(Response::statusCode).toList();
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        for (Response answer : answers) {
            if (answer.statusCode() != 201) {
                problem(answer, 409, "email_taken"); // a lost race for the unique index too: never a 500
            }
        }
        String winner = passwords.get(statuses.indexOf(201));
        Accounts.loginAttempt(email, winner).then().statusCode(200);
    }

    @Test
    void duplicateEmailIsRefusedWith409EmailTakenAndLeavesTheFirstAccountAlone() {
        String email = Accounts.uniqueEmail("register-dup");
        String first = randomPassword(20);
        Accounts.registration(email, first, null).then().statusCode(201);

        String second = randomPassword(20);
        problem(Accounts.registration(email, second, null), 409, "email_taken");

        Accounts.loginAttempt(email, first).then().statusCode(200);
        Accounts.loginAttempt(email, second).then().statusCode(401);
    }

    @Test
    void emailDifferingOnlyByCaseIsTheSameEmail() {
        String email = "Case-" + UUID.randomUUID() + "@Example.COM";
        Accounts.registration(email, randomPassword(20), null).then().statusCode(201);

        problem(Accounts.registration(email.toLowerCase(Locale.ROOT), randomPassword(20), null), 409, "email_taken");
        problem(Accounts.registration(email.toUpperCase(Locale.ROOT), randomPassword(20), null), 409, "email_taken");
    }

    @Test
    void passwordShorterThan15CharactersIsRefused() {
        fieldError(Accounts.registration(Accounts.uniqueEmail("register-short"), randomPassword(14), null), "password");
        fieldError(Accounts.registration(Accounts.uniqueEmail("register-short"), "", null), "password");
    }

    @Test
    void passwordLongerThan128CharactersIsRefused() {
        fieldError(Accounts.registration(Accounts.uniqueEmail("register-long"), randomPassword(129), null), "password");
        fieldError(
                Accounts.registration(Accounts.uniqueEmail("register-long"), randomPassword(1000), null), "password");
    }

    @Test
    void passwordOfExactly15And128CharactersIsAccepted() {
        Accounts.registration(Accounts.uniqueEmail("register-min"), randomPassword(15), null)
                .then()
                .statusCode(201);
        String longest = randomPassword(128);
        String email = Accounts.uniqueEmail("register-max");
        Accounts.registration(email, longest, null).then().statusCode(201);
        Accounts.loginAttempt(email, longest).then().statusCode(200);
    }

    @Test
    void passwordLengthCountsCharactersNotUtf16UnitsOrBytes() {
        // U+1D49C is one character, two UTF-16 units and four UTF-8 bytes
        String script = new String(Character.toChars(0x1D49C));
        fieldError(Accounts.registration(Accounts.uniqueEmail("register-cp"), script.repeat(14), null), "password");
        // 128 distinct characters of two UTF-16 units each (one repeated would be refused as predictable)
        Accounts.registration(Accounts.uniqueEmail("register-cp"), codePoints(0x20000, 128), null)
                .then()
                .statusCode(201);
        // 128 two-byte characters are 256 bytes and still exactly 128 characters
        Accounts.registration(Accounts.uniqueEmail("register-cp"), codePoints(0x400, 128), null)
                .then()
                .statusCode(201);
    }

    @Test
    void passwordEqualToTheEmailIsRefusedWhateverItsCase() {
        String email = Accounts.uniqueEmail("register-same");
        fieldError(Accounts.registration(email, email, null), "password");
        fieldError(Accounts.registration(email, email.toUpperCase(Locale.ROOT), null), "password");
        // the email is compared after trimming, as it is stored
        fieldError(Accounts.registration("  " + email + " ", email, null), "password");
    }

    @Test
    void passwordFromTheCommonPasswordsListIsRefusedWhateverItsCase() {
        assertTrue(blocklist().contains(COMMON_LONG_PASSWORD), COMMON_LONG_PASSWORD + " is in " + BLOCKLIST);
        assertTrue(COMMON_LONG_PASSWORD.length() >= 15, "the entry passes the length rule on its own");

        fieldError(
                Accounts.registration(Accounts.uniqueEmail("register-common"), COMMON_LONG_PASSWORD, null), "password");
        fieldError(
                Accounts.registration(
                        Accounts.uniqueEmail("register-common"), COMMON_LONG_PASSWORD.toUpperCase(Locale.ROOT), null),
                "password");
        fieldError(
                Accounts.registration(Accounts.uniqueEmail("register-common"), "PassWordPassWord", null), "password");
    }

    @Test
    void everyLongEnoughEntryOfTheCommonPasswordsListIsRefused() {
        List<String> longEntries = blocklist().stream()
                .filter(p -> p.length() >= 15 && p.length() <= 128)
                .toList();
        assertTrue(longEntries.size() >= 10, "the blocklist has long entries to test with");
        for (String common : longEntries) {
            fieldError(Accounts.registration(Accounts.uniqueEmail("register-common"), common, null), "password");
        }
    }

    @Test
    void invalidEmailIsRefusedOnFieldEmail() {
        for (String bad : List.of(
                "not-an-email",
                "no-at-sign.example.com",
                "two@@example.com",
                "@example.com",
                "someone@",
                "spaces in@example.com",
                " ")) {
            fieldError(Accounts.registration(bad, randomPassword(20), null), "email");
        }
    }

    @Test
    void emailOfMoreThan254CharactersIsRefused() {
        String tooLong = emailOfLength(255);
        assertEquals(255, tooLong.length());
        fieldError(Accounts.registration(tooLong, randomPassword(20), null), "email");
    }

    @Test
    void emailOfExactly254CharactersIsAccepted() {
        String longest = emailOfLength(254);
        assertEquals(254, longest.length());
        Accounts.registration(longest, randomPassword(20), null)
                .then()
                .statusCode(201)
                .body("email", equalTo(longest));
    }

    @Test
    void missingFieldsAreRefusedWith400() {
        String email = Accounts.uniqueEmail("register-missing");
        badRequest(given().contentType(ContentType.JSON)
                .body(Map.of("email", email))
                .post("/auth/register"));
        badRequest(given().contentType(ContentType.JSON)
                .body(Map.of("password", randomPassword(20)))
                .post("/auth/register"));
        badRequest(given().contentType(ContentType.JSON).body("{}").post("/auth/register"));
        badRequest(given().contentType(ContentType.JSON).body("null").post("/auth/register"));
        Map<String, Object> nullPassword = new HashMap<>();
        nullPassword.put("email", email);
        nullPassword.put("password", null);
        badRequest(given().contentType(ContentType.JSON).body(nullPassword).post("/auth/register"));
        // none of these created the account
        Accounts.registration(email, randomPassword(20), null).then().statusCode(201);
    }

    @Test
    void refusedRegistrationCreatesNoAccount() {
        String email = Accounts.uniqueEmail("register-nothing");
        fieldError(Accounts.registration(email, randomPassword(14), null), "password");
        fieldError(Accounts.registration(email, COMMON_LONG_PASSWORD, null), "password");
        Accounts.registration(email, randomPassword(20), null).then().statusCode(201);
    }

    @Test
    void clientCannotChooseItsIdRolesOrStatus() {
        String email = Accounts.uniqueEmail("register-mass");
        String chosenId = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of(
                "email",
                email,
                "password",
                randomPassword(20),
                "id",
                chosenId,
                "roles",
                List.of("admin"),
                "enabled",
                false,
                "tokenVersion",
                42,
                "passwordHash",
                "$2a$04$x");
        Response r = given().contentType(ContentType.JSON).body(body).post("/auth/register");
        if (r.statusCode() == 400) {
            return; // refusing unknown fields is as good as ignoring them
        }
        r.then()
                .statusCode(201)
                .body("id", not(equalTo(chosenId)))
                .body("roles", equalTo(List.of("user")))
                .body("enabled", is(true));
        Accounts.loginAttempt(email, (String) body.get("password")).then().statusCode(200);
    }

    @Test
    void everyRegistrationErrorIsProblemJsonWithoutEchoingThePassword() {
        String taken = Accounts.register("register-errors").email();
        String secret = randomPassword(14);
        List<Response> errors = List.of(
                Accounts.registration(Accounts.uniqueEmail("register-errors"), secret, null),
                Accounts.registration(Accounts.uniqueEmail("register-errors"), secret + randomPassword(120), null),
                Accounts.registration("not-an-email", secret + "xyz", null),
                Accounts.registration(taken, secret + "xyz", null),
                given().contentType(ContentType.JSON).body("{}").post("/auth/register"));
        for (Response r : errors) {
            r.then()
                    .statusCode(anyOf(equalTo(400), equalTo(409)))
                    .contentType("application/problem+json")
                    .body("type", notNullValue())
                    .body("title", notNullValue())
                    .body("status", equalTo(r.statusCode()))
                    .body("detail", notNullValue())
                    .body(
                            "code",
                            anyOf(equalTo("validation_failed"), equalTo("malformed_request"), equalTo("email_taken")))
                    .body(not(containsString(secret)));
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** A problem+json body with every RFC 9457 member and the contract's code. */
    private static ValidatableResponse problem(Response r, int status, String code) {
        return r.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("status", equalTo(status))
                .body("detail", notNullValue())
                .body("code", equalTo(code));
    }

    /** 400 validation_failed naming the offending field. */
    private static void fieldError(Response r, String field) {
        problem(r, 400, "validation_failed")
                .body("errors.field", hasItem(field))
                .body("errors.message", not(hasItem((String) null)));
    }

    /** 400, as either contract code for a client mistake. */
    private static void badRequest(Response r) {
        r.then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("code", anyOf(equalTo("validation_failed"), equalTo("malformed_request")));
    }

    /** {@code count} consecutive code points from {@code first}: distinct, so no repeat for the policy to strike. */
    private static String codePoints(int first, int count) {
        return new String(IntStream.range(first, first + count).toArray(), 0, count);
    }

    private static String randomPassword(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** A syntactically valid, unique address of exactly {@code length} characters (DNS labels of at most 63). */
    private static String emailOfLength(int length) {
        String local = "long-" + UUID.randomUUID().toString().replace("-", "");
        int remaining = length - local.length() - "@".length() - ".com".length();
        StringBuilder domain = new StringBuilder();
        while (remaining > 63) {
            domain.append("d".repeat(50)).append('.');
            remaining -= 51;
        }
        domain.append("d".repeat(remaining)).append(".com");
        return local + "@" + domain;
    }

    private static List<String> blocklist() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(BLOCKLIST)) {
            assertTrue(in != null, BLOCKLIST + " is on the classpath");
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
