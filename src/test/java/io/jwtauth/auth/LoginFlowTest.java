package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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

    /**
     * The configured bcrypt cost is 5 here, one above the lowest cost bcrypt allows; and a pepper the test knows
     * (generated for this run), so it can make a peppered hash of a lower cost itself.
     */
    public static class BcryptCost5 implements QuarkusTestProfile {
        /** One value per test JVM: the profile is instantiated in Quarkus' class loader, the test in another. */
        static final String PEPPER = (String) System.getProperties()
                .computeIfAbsent("test.login-flow.pepper", k -> UUID.randomUUID() + "-" + UUID.randomUUID());

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.password.bcrypt-cost", "5", "auth.password.pepper", PEPPER);
        }
    }

    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    UserRepository users;

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameByteIdenticalAnswer() {
        Accounts.Account account = Accounts.register("login-same");

        Response wrongPassword = Accounts.loginAttempt(account.email(), account.password() + "!");
        Response unknownEmail = Accounts.loginAttempt(Accounts.uniqueEmail("login-nobody"), account.password());

        for (Response r : new Response[] {wrongPassword, unknownEmail}) {
            r.then()
                    .statusCode(401)
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
        Accounts.registration(email, password, null).then().statusCode(201);

        Accounts.loginAttempt(email, password).then().statusCode(200);
        Accounts.loginAttempt(email.toLowerCase(Locale.ROOT), password).then().statusCode(200);
        Accounts.loginAttempt(email.toUpperCase(Locale.ROOT), password).then().statusCode(200);
        Accounts.loginAttempt("  " + email.toLowerCase(Locale.ROOT) + "\t ", password)
                .then()
                .statusCode(200);
    }

    @Test
    void passwordIsMatchedExactly() {
        Accounts.Account account = Accounts.register("login-exact");
        String pw = account.password();

        Accounts.loginAttempt(account.email(), pw.toUpperCase(Locale.ROOT))
                .then()
                .statusCode(401);
        Accounts.loginAttempt(account.email(), " " + pw).then().statusCode(401);
        Accounts.loginAttempt(account.email(), pw.substring(0, pw.length() - 1))
                .then()
                .statusCode(401);
        Accounts.loginAttempt(account.email(), pw).then().statusCode(200);
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
        Accounts.registration(email, registered, null).then().statusCode(201);

        Accounts.loginAttempt(email, other).then().statusCode(401).body("code", equalTo("invalid_credentials"));
        Accounts.loginAttempt(email, registered).then().statusCode(200);
    }

    @Test
    void disabledAccountIsRevealedOnlyAfterTheCorrectPassword() {
        Accounts.Account account = Accounts.register("login-disabled");
        Accounts.changeInDatabase(account.id(), user -> user.enabled = false);

        Response wrong = Accounts.loginAttempt(account.email(), account.password() + "!");
        Response unknown = Accounts.loginAttempt(Accounts.uniqueEmail("login-nobody"), account.password() + "!");
        wrong.then().statusCode(401).body("code", equalTo("invalid_credentials"));
        assertEquals(unknown.asString(), wrong.asString(), "a wrong password tells nothing about the account");

        Accounts.loginAttempt(account.email(), account.password())
                .then()
                .statusCode(403)
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
        String peppered = storedHash(id);
        assertTrue(
                peppered.matches("^hmac-sha256:\\$2[aby]\\$05\\$.{53}$"), "peppered, configured cost 5: " + peppered);
        String cost4 = "hmac-sha256:" + BcryptUtil.bcryptHash(pepperedPreHash(account.password()), 4);
        Accounts.changeInDatabase(account.id(), user -> user.passwordHash = cost4);

        Accounts.loginAttempt(account.email(), account.password() + "!").then().statusCode(401);
        assertEquals(cost4, storedHash(id), "a failed login must not touch the hash");

        Accounts.loginAttempt(account.email(), account.password()).then().statusCode(200);
        String upgraded = storedHash(id);
        assertTrue(upgraded.matches("^hmac-sha256:\\$2[aby]\\$05\\$.{53}$"), "re-hashed at cost 5: " + upgraded);
        Accounts.loginAttempt(account.email(), account.password()).then().statusCode(200);
        assertEquals(upgraded, storedHash(id), "a hash at the configured cost is not re-hashed again");
    }

    @Test
    void aHashFromBeforeThePepperStillLogsInAndIsUpgradedToAPepperedOne() {
        Accounts.Account account = Accounts.register("login-pepper-upgrade");
        UUID id = UUID.fromString(account.id());
        // what v1 stored: bcrypt over base64(SHA-256(password)), no pepper, at the configured cost
        String unpeppered = BcryptUtil.bcryptHash(sha256PreHash(account.password()), 5);
        Accounts.changeInDatabase(account.id(), user -> user.passwordHash = unpeppered);

        Accounts.loginAttempt(account.email(), account.password() + "!").then().statusCode(401);
        assertEquals(unpeppered, storedHash(id));
        Accounts.loginAttempt(account.email(), account.password()).then().statusCode(200);

        String upgraded = storedHash(id);
        assertTrue(upgraded.startsWith("hmac-sha256:$2"), "upgraded to the peppered scheme: " + upgraded);
        assertFalse(
                BcryptUtil.matches(sha256PreHash(account.password()), upgraded.substring("hmac-sha256:".length())),
                "the new hash is not over the unsalted SHA-256 any more");
        Accounts.loginAttempt(account.email(), account.password()).then().statusCode(200);
        Accounts.loginAttempt(account.email(), account.password() + "!").then().statusCode(401);
    }

    @Test
    void storedHashesCannotBeTestedAgainstUnsaltedSha256ListsWithoutThePepper() {
        Accounts.Account account = Accounts.register("login-shucking");
        String stored = storedHash(UUID.fromString(account.id()));
        String bcrypt = stored.substring("hmac-sha256:".length());
        assertTrue(BcryptUtil.matches(pepperedPreHash(account.password()), bcrypt), "bcrypt over HMAC(pepper, pw)");
        // "hash shucking": an attacker holding the table and a leaked list of unsalted SHA-256 hashes
        assertFalse(BcryptUtil.matches(sha256PreHash(account.password()), bcrypt));
        assertFalse(BcryptUtil.matches(account.password(), bcrypt));
        Accounts.loginAttempt(account.email(), account.password()).then().statusCode(200);
    }

    @Test
    void everyResponseCarryingATokenIsNotStored() {
        Accounts.Account account = Accounts.register("login-nostore");

        Response login = Accounts.loginAttempt(account.email(), account.password());
        login.then().statusCode(200).header("Cache-Control", equalTo("no-store"));

        Accounts.refresh(login.path("refresh_token"))
                .then()
                .statusCode(200)
                .body("access_token", notNullValue())
                .header("Cache-Control", equalTo("no-store"));

        given().contentType(ContentType.JSON)
                .header("X-Refresh-Transport", "cookie")
                .body(Map.of("email", account.email(), "password", account.password()))
                .post("/auth/login")
                .then()
                .statusCode(200)
                .body("access_token", notNullValue())
                .header("Cache-Control", equalTo("no-store"));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private String storedHash(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            User user = users.findById(id);
            return user.passwordHash;
        });
    }

    /** What v1 ran bcrypt over: base64(SHA-256(password)). */
    private static String sha256PreHash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the service runs bcrypt over: base64(HMAC-SHA-256(pepper, password)). */
    private static String pepperedPreHash(String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(BcryptCost5.PEPPER.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
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
