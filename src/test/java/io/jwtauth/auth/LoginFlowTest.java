package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * POST /auth/login: what it reveals (nothing, until the password is right), how it matches emails and passwords,
 * the bcrypt upgrade of an old hash, and that token responses are never cached.
 *
 * <p>Runs with bcrypt cost 5 (the test profile's default is 4), so a cost-4 hash counts as an old one to upgrade.
 */
@QuarkusTest
@TestProfile(LoginFlowTest.BcryptCost5.class)
class LoginFlowTest {

    /** The configured bcrypt cost is 5 here, one above the lowest cost bcrypt allows. */
    public static class BcryptCost5 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.password.bcrypt-cost", "5");
        }
    }

    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    UserRepository users;

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameByteIdenticalAnswer() {
        Accounts.Account account = Accounts.register("login-same");

        Response wrongPassword = login(account.email(), account.password() + "!");
        Response unknownEmail = login(Accounts.uniqueEmail("login-nobody"), account.password());

        for (Response r : new Response[] { wrongPassword, unknownEmail }) {
            r.then().statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", notNullValue())
                    .body("title", notNullValue())
                    .body("status", equalTo(401))
                    .body("detail", notNullValue())
                    .body("code", equalTo("invalid_credentials"));
        }
        assertEquals(wrongPassword.contentType(), unknownEmail.contentType());
        assertEquals(wrongPassword.asString(), unknownEmail.asString(), "the bodies tell nothing apart");
        assertEquals(wrongPassword.header("WWW-Authenticate"), unknownEmail.header("WWW-Authenticate"));
    }

    @Test
    void emailIsMatchedCaseInsensitivelyAndTrimmed() {
        String password = randomPassword(20);
        String email = "Mixed-" + UUID.randomUUID() + "@Example.com";
        register(email, password);

        login(email, password).then().statusCode(200);
        login(email.toLowerCase(Locale.ROOT), password).then().statusCode(200);
        login(email.toUpperCase(Locale.ROOT), password).then().statusCode(200);
        login("  " + email.toLowerCase(Locale.ROOT) + "\t ", password).then().statusCode(200);
    }

    @Test
    void passwordIsMatchedExactly() {
        Accounts.Account account = Accounts.register("login-exact");
        String pw = account.password();

        login(account.email(), pw.toUpperCase(Locale.ROOT)).then().statusCode(401);
        login(account.email(), " " + pw).then().statusCode(401);
        login(account.email(), pw.substring(0, pw.length() - 1)).then().statusCode(401);
        login(account.email(), pw).then().statusCode(200);
    }

    @Test
    void everyCharacterOfALongPasswordCounts() {
        // 80 shared ASCII characters are 80 bytes: past bcrypt's 72-byte limit
        String shared = randomPassword(80);
        String registered = shared + randomPassword(20);
        String other = shared + randomPassword(20);
        assertEquals(100, registered.length());
        assertNotEquals(registered, other);
        String email = Accounts.uniqueEmail("login-long");
        register(email, registered);

        login(email, other).then().statusCode(401).body("code", equalTo("invalid_credentials"));
        login(email, registered).then().statusCode(200);
    }

    @Test
    void disabledAccountIsRevealedOnlyAfterTheCorrectPassword() {
        Accounts.Account account = Accounts.register("login-disabled");
        UUID id = UUID.fromString(account.id());
        QuarkusTransaction.requiringNew().run(() -> users.update("enabled = false where id = ?1", id));

        Response wrong = login(account.email(), account.password() + "!");
        Response unknown = login(Accounts.uniqueEmail("login-nobody"), account.password() + "!");
        wrong.then().statusCode(401).body("code", equalTo("invalid_credentials"));
        assertEquals(unknown.asString(), wrong.asString(), "a wrong password tells nothing about the account");

        login(account.email(), account.password()).then().statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("code", equalTo("account_disabled"))
                .body("access_token", nullValue())
                .body("refresh_token", nullValue());
    }

    @Test
    void lowerCostHashIsUpgradedAtTheNextSuccessfulLogin() {
        Accounts.Account account = Accounts.register("login-rehash");
        UUID id = UUID.fromString(account.id());
        String cost4 = BcryptUtil.bcryptHash(preHash(account.password()), 4);
        QuarkusTransaction.requiringNew().run(() -> users.update("passwordHash = ?1 where id = ?2", cost4, id));
        assertTrue(storedHash(id).startsWith("$2a$04$"), "arranged: a cost-4 hash");

        // a failed login must not touch the hash
        login(account.email(), account.password() + "!").then().statusCode(401);
        assertEquals(cost4, storedHash(id));

        login(account.email(), account.password()).then().statusCode(200);

        String upgraded = storedHash(id);
        assertTrue(upgraded.matches("^\\$2[aby]\\$05\\$.{53}$"), "re-hashed at the configured cost 5: " + upgraded);
        login(account.email(), account.password()).then().statusCode(200);
        login(account.email(), account.password() + "!").then().statusCode(401);
        assertEquals(upgraded, storedHash(id), "a hash at the configured cost is not re-hashed again");
    }

    @Test
    void everyResponseCarryingATokenIsNotStored() {
        Accounts.Account account = Accounts.register("login-nostore");

        Response login = login(account.email(), account.password());
        login.then().statusCode(200).header("Cache-Control", equalTo("no-store"));

        Accounts.refresh(login.path("refresh_token")).then().statusCode(200)
                .body("access_token", notNullValue())
                .header("Cache-Control", equalTo("no-store"));

        given().contentType(ContentType.JSON).header("X-Refresh-Transport", "cookie")
                .body(Map.of("email", account.email(), "password", account.password()))
                .post("/auth/login")
                .then().statusCode(200)
                .body("access_token", notNullValue())
                .header("Cache-Control", equalTo("no-store"));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static void register(String email, String password) {
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/auth/register").then().statusCode(201);
    }

    private static Response login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/auth/login");
    }

    private String storedHash(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            User user = users.findById(id);
            return user.passwordHash;
        });
    }

    /** What the contract says bcrypt runs over: base64(SHA-256(password)). */
    private static String preHash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomPassword(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
