package io.jwtauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.ServiceProcess;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In prod, a missing or weak key or password pepper, or an unreachable database, stops the service with one clear
 * line.
 */
class StartupRefusalIT {

    static final Duration LIMIT = Duration.ofSeconds(30);

    @BeforeAll
    static void database() throws Exception {
        ServiceProcess.freshDatabase();
    }

    @Test
    void missingSigningKeyIsNamed() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceProcess.generatedKeys("refusal-ok", 2048));
        env.remove("SMALLRYE_JWT_SIGN_KEY_LOCATION");
        assertRefused("no-signing-key", env, "SMALLRYE_JWT_SIGN_KEY_LOCATION is not set");
    }

    @Test
    void missingVerificationKeyIsNamed() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceProcess.generatedKeys("refusal-ok", 2048));
        env.remove("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        assertRefused("no-verify-key", env, "MP_JWT_VERIFY_PUBLICKEY_LOCATION is not set");
    }

    @Test
    void unreadableKeyIsNamed() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceProcess.generatedKeys("refusal-ok", 2048));
        env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", "/nonexistent/signing.pem");
        assertRefused("unreadable-key", env, "SMALLRYE_JWT_SIGN_KEY_LOCATION=/nonexistent/signing.pem cannot be read");
    }

    @Test
    void signingKeyMissingFromTheVerificationKeysIsRefused() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceProcess.generatedKeys("refusal-ok", 2048));
        env.put(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                ServiceProcess.generatedKeys("refusal-other", 2048).get("MP_JWT_VERIFY_PUBLICKEY_LOCATION"));
        assertRefused("signing-not-verifiable", env, "does not contain the public half of the signing key");
    }

    @Test
    void rsaKeyUnder2048BitsIsRefused() throws Exception {
        assertRefused("weak-key", ServiceProcess.generatedKeys("weak", 1024), "at least 2048 are required");
    }

    @Test
    void missingPasswordPepperIsNamed() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceProcess.generatedKeys("refusal-ok", 2048));
        env.put("AUTH_PASSWORD_PEPPER", "");
        assertRefused("no-pepper", env, "AUTH_PASSWORD_PEPPER is not set");
    }

    @Test
    void shortPasswordPepperIsRefused() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceProcess.generatedKeys("refusal-ok", 2048));
        env.put("AUTH_PASSWORD_PEPPER", "too short to be a secret");
        assertRefused("short-pepper", env, "AUTH_PASSWORD_PEPPER is shorter than 32 bytes");
    }

    @Test
    void missingMfaEncryptionKeyIsNamed() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceProcess.generatedKeys("refusal-ok", 2048));
        env.put("AUTH_MFA_ENCRYPTION_KEY", "");
        assertRefused("no-mfa-key", env, "AUTH_MFA_ENCRYPTION_KEY is not set");
    }

    @Test
    void mfaEncryptionKeyOfTheWrongLengthIsRefused() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceProcess.generatedKeys("refusal-ok", 2048));
        env.put("AUTH_MFA_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(new byte[16]));
        assertRefused("short-mfa-key", env, "AUTH_MFA_ENCRYPTION_KEY must be 32 bytes (base64), not 16");
    }

    @Test
    void unreachableDatabaseIsNamed() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceProcess.generatedKeys("refusal-ok", 2048));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/nowhere");
        assertRefused("no-database", env, "Check QUARKUS_DATASOURCE_JDBC_URL");
    }

    private static void assertRefused(String name, Map<String, String> env, String expectedLine) throws Exception {
        ServiceProcess p = ServiceProcess.start(name, 18090, 19090, env);
        try {
            int code = p.awaitExit(LIMIT);
            String log = p.log();
            assertEquals(1, code, "must exit with 1 within " + LIMIT + "; log:\n" + log);
            assertTrue(
                    log.lines().anyMatch(l -> l.contains("Refusing to start") && l.contains(expectedLine)),
                    "one clear line containing '" + expectedLine + "'; log:\n" + log);
            assertTrue(log.lines().noneMatch(l -> l.trim().startsWith("at ")), "no stack trace; log:\n" + log);
        } finally {
            p.close();
        }
    }
}
