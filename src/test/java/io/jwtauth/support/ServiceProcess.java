package io.jwtauth.support;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * The packaged service (target/quarkus-app) started as a separate process in the prod profile, for the tests
 * that need real instances: several sharing one database, or one that must refuse to start.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /**
     * The integration tests' database, dropped and re-created by each run: {@code jwt_auth_it}, or with the test
     * database's name appended when that is not {@code test} (several worktrees building on one server each set their
     * own test database, and so get their own integration database).
     */
    public static final String IT_DATABASE =
            "test".equals(TestDatabase.NAME) ? "jwt_auth_it" : "jwt_auth_it_" + TestDatabase.NAME;

    /**
     * Added to every port a process is started on: {@code QUARKUS_HTTP_TEST_PORT} minus its default 8081 (0 when unset),
     * so builds in several worktrees on one machine, each with its own test port, do not take each other's ports.
     */
    static final int PORT_SHIFT = System.getenv("QUARKUS_HTTP_TEST_PORT") == null
            ? 0
            : Integer.parseInt(System.getenv("QUARKUS_HTTP_TEST_PORT")) - 8081;

    public static final String IT_JDBC_URL = TestDatabase.url(IT_DATABASE);
    /** One password pepper per test run, the same for every instance and restart (as one Secret would be). */
    static final String PEPPER = UUID.randomUUID() + "-" + UUID.randomUUID();
    /** The MFA encryption key of every instance started here (base64 of 32 bytes). */
    static final String MFA_KEY = randomKey();

    private final Process process;
    private final Path log;
    public final int port;
    public final int managementPort;

    private ServiceProcess(Process process, Path log, int port, int managementPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** Starts the jar with the given environment on top of the defaults; does not wait. */
    public static ServiceProcess start(String name, int port, int managementPort, Map<String, String> env)
            throws IOException {
        return start(name, port, managementPort, env, List.of());
    }

    /** The same, with JVM options before {@code -jar}. */
    public static ServiceProcess start(
            String name, int port, int managementPort, Map<String, String> env, List<String> jvmOptions)
            throws IOException {
        port += PORT_SHIFT;
        managementPort += PORT_SHIFT;
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        Path log = logs.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(javaBin()));
        // a JVM crash report lands beside the log, not in the working directory
        command.add("-XX:ErrorFile=" + logs.resolve(name + "-hs_err_%p.log"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> environment = pb.environment();
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        environment.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", IT_JDBC_URL);
        environment.put("QUARKUS_DATASOURCE_USERNAME", TestDatabase.USER);
        environment.put("QUARKUS_DATASOURCE_PASSWORD", TestDatabase.PASSWORD);
        environment.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        environment.put("AUTH_PASSWORD_BCRYPT_COST", "4");
        environment.put("AUTH_PASSWORD_PEPPER", PEPPER);
        environment.put("AUTH_MFA_ENCRYPTION_KEY", MFA_KEY);
        environment.putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new ServiceProcess(pb.start(), log, port, managementPort);
    }

    /** Waits until /q/health/ready answers 200; fails with the log if the process dies or time runs out. */
    public ServiceProcess awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("instance exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpURLConnection c =
                        (HttpURLConnection) URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready")
                                .toURL()
                                .openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("instance not ready within " + timeout + ":\n" + log());
    }

    /** Waits for the process to exit; returns its exit code, or -1 if it is still running at the timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** The instance's process id (it names the instance's revocation listener connection in PostgreSQL). */
    public long pid() {
        return process.pid();
    }

    public String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Drops and re-creates the integration-test database, so every run starts from an empty schema. */
    public static void freshDatabase() throws SQLException {
        freshDatabase(IT_DATABASE);
    }

    /**
     * The same for a database of the test's own (its instances get {@code QUARKUS_DATASOURCE_JDBC_URL} =
     * {@code TestDatabase.url(name)}), so that it cannot collide with other integration tests.
     */
    public static void freshDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                        TestDatabase.url("postgres"), TestDatabase.USER, TestDatabase.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
    }

    /** Key files generated for this run (never committed): a private JWK and a JWK Set, plus their env vars. */
    public static Map<String, String> generatedKeys(String kid, int bits) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it-keys", kid));
        KeyPair pair = TestTokens.foreignKeyPair(bits);
        RsaJsonWebKey jwk = new RsaJsonWebKey((java.security.interfaces.RSAPublicKey) pair.getPublic());
        jwk.setPrivateKey(pair.getPrivate());
        jwk.setKeyId(kid);
        Path signing = dir.resolve("signing-key.jwk.json");
        Files.writeString(signing, jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        Path verification = dir.resolve("verification-keys.jwks.json");
        Files.writeString(
                verification, new JsonWebKeySet(List.of(jwk)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        Map<String, String> env = new HashMap<>();
        env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", signing.toAbsolutePath().toString());
        env.put(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                verification.toAbsolutePath().toString());
        return env;
    }

    /** The java launcher of the JVM running the tests. */
    public static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** 32 random bytes, base64: an AES-256 key as AUTH_MFA_ENCRYPTION_KEY takes it. */
    public static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
