package io.jwtauth.examples.orders;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proof of issue 13: the packaged auth service (two instances on one database) and this packaged API (two
 * instances: the default, which keeps accepting on signatures while it cannot hear the auth service, and one that
 * refuses instead) as separate processes. Every way a token dies, done on instance B while the API follows instance A's
 * event stream, reaches the API within 2 s with no call per request; untouched tokens keep working; the API resumes
 * after the auth service restarts without missing what happened meanwhile; and while the auth service is down each
 * API instance behaves as configured.
 */
class RevocationReachesTheApiIT {

    static final Duration PROMISE = Duration.ofSeconds(2);
    static final String DATABASE = "jwt_auth_e2e";
    static final String ADMIN_EMAIL = "e2e-admin@example.com";
    static final String ADMIN_PASSWORD = "the end to end admin passphrase";
    static final String PASSWORD = "an end to end user passphrase";
    /** How stale the API's revocation state may become before it counts as disconnected (kept short here). */
    static final Duration MAX_STALENESS = Duration.ofSeconds(3);

    static final Path SERVICE_JAR =
            Path.of(System.getProperty("jwt-auth.service.jar", "../../target/quarkus-app/quarkus-run.jar"));
    static final Path API_JAR = Path.of(System.getProperty("orders-api.jar", "target/quarkus-app/quarkus-run.jar"));

    static Map<String, String> authEnv;
    static Map<String, String> apiEnv;
    static JarProcess authA;
    static JarProcess authB;
    static JarProcess api;
    static JarProcess refusingApi;

    @BeforeAll
    static void start() throws Exception {
        freshDatabase();
        authEnv = authEnvironment();
        authA = JarProcess.start("auth-a", SERVICE_JAR, 18201, 19201, authEnv).awaitReady(Duration.ofSeconds(90));
        authB = JarProcess.start("auth-b", SERVICE_JAR, 18202, 19202, authEnv).awaitReady(Duration.ofSeconds(90));
        Response client = given().baseUri(authA.baseUri())
                .auth()
                .oauth2(adminToken())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "orders-api", "roles", List.of("resource-server")))
                .post("/admin/clients");
        client.then().statusCode(201);
        apiEnv = new HashMap<>(Map.of(
                "JWT_AUTH_URL", authA.baseUri(),
                "JWT_AUTH_CLIENT_ID", client.path("clientId"),
                "JWT_AUTH_CLIENT_SECRET", client.path("clientSecret"),
                "JWT_AUTH_FEED_MAX_STALENESS", MAX_STALENESS.toSeconds() + "s",
                "JWT_AUTH_FEED_MAX_BACKOFF", "1s"));
        api = JarProcess.start("orders-api", API_JAR, 18180, 19180, apiEnv).awaitReady(Duration.ofSeconds(60));
        Map<String, String> refusing = new HashMap<>(apiEnv);
        refusing.put("JWT_AUTH_FEED_WHEN_STALE", "refuse");
        refusingApi = JarProcess.start("orders-api-refusing", API_JAR, 18181, 19181, refusing)
                .awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        for (JarProcess p : new JarProcess[] {refusingApi, api, authB, authA}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    void logoutOnAnotherInstanceReachesTheApi() throws Exception {
        User user = User.register();
        refusedWithinThePromise(
                "logout",
                user.access,
                () -> given().baseUri(authB.baseUri())
                        .auth()
                        .oauth2(user.access)
                        .post("/auth/logout")
                        .then()
                        .statusCode(204));
    }

    @Test
    void logoutAllReachesTheApi() throws Exception {
        User user = User.register();
        refusedWithinThePromise(
                "logout-all",
                user.access,
                () -> given().baseUri(authB.baseUri())
                        .auth()
                        .oauth2(user.access)
                        .post("/auth/logout-all")
                        .then()
                        .statusCode(204));
    }

    @Test
    void aPasswordChangeReachesTheApiAndTheNewTokenWorks() throws Exception {
        User user = User.register();
        String[] fresh = new String[1];
        refusedWithinThePromise(
                "password change",
                user.access,
                () -> fresh[0] = given().baseUri(authB.baseUri())
                        .auth()
                        .oauth2(user.access)
                        .contentType(ContentType.JSON)
                        .body(Map.of("currentPassword", PASSWORD, "newPassword", "a changed end to end passphrase"))
                        .put("/users/me/password")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("access_token"));
        orders(api, fresh[0]).then().statusCode(200);
    }

    @Test
    void disablingTheAccountReachesTheApi() throws Exception {
        User user = User.register();
        refusedWithinThePromise(
                "admin disable",
                user.access,
                () -> admin(authB)
                        .body(Map.of("enabled", false))
                        .put("/admin/users/" + user.id + "/status")
                        .then()
                        .statusCode(200));
    }

    @Test
    void aRoleChangeReachesTheApi() throws Exception {
        User user = User.register();
        refusedWithinThePromise(
                "role change",
                user.access,
                () -> admin(authB)
                        .body(Map.of("roles", List.of("user", "admin")))
                        .put("/admin/users/" + user.id + "/roles")
                        .then()
                        .statusCode(200));
    }

    @Test
    void refreshTokenReuseReachesTheApi() throws Exception {
        User user = User.register();
        given().baseUri(authB.baseUri())
                .contentType(ContentType.JSON)
                .body(Map.of("refresh_token", user.refresh))
                .post("/auth/refresh")
                .then()
                .statusCode(200);
        // presented again: the services run without reuse grace, so this is reuse and the session is revoked
        refusedWithinThePromise(
                "refresh-token reuse",
                user.access,
                () -> given().baseUri(authB.baseUri())
                        .contentType(ContentType.JSON)
                        .body(Map.of("refresh_token", user.refresh))
                        .post("/auth/refresh")
                        .then()
                        .statusCode(401));
    }

    @Test
    void deletingAClientReachesTheApi() throws Exception {
        Response client = admin(authA)
                .body(Map.of("name", "reporting-" + UUID.randomUUID(), "roles", List.of("user")))
                .post("/admin/clients");
        client.then().statusCode(201);
        String clientId = client.path("clientId");
        String access = given().baseUri(authA.baseUri())
                .auth()
                .preemptive()
                .basic(clientId, client.path("clientSecret"))
                .contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .post("/oauth/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        refusedWithinThePromise(
                "client deletion",
                access,
                () -> admin(authB).delete("/admin/clients/" + clientId).then().statusCode(204));
    }

    /**
     * Instance A (whose stream the API follows) restarts while a revocation happens on B: the API resumes the stream
     * from its last event and misses nothing. Then both instances stop: the default API keeps accepting on signatures,
     * the refusing one refuses and says it is not ready; once they are back, both accept again. Everything stopped
     * is running again at the end, so the other tests do not depend on the order.
     */
    @Test
    void theApiResumesAfterAnAuthRestartAndBehavesAsConfiguredWhileItIsDown() throws Exception {
        User revokedMeanwhile = User.register();
        User untouched = User.register();
        orders(api, revokedMeanwhile.access).then().statusCode(200);

        authA.close();
        given().baseUri(authB.baseUri())
                .auth()
                .oauth2(revokedMeanwhile.access)
                .post("/auth/logout")
                .then()
                .statusCode(204);
        authA = JarProcess.start("auth-a", SERVICE_JAR, 18201, 19201, authEnv).awaitReady(Duration.ofSeconds(90));
        long took = awaitRefused(api, revokedMeanwhile.access, Duration.ofSeconds(10));
        System.out.printf("[e2e] a logout on B while A restarted reached the API %d ms after A was ready%n", took);
        // the feed reconnects within its backoff (1 s here), then applies what it missed at once
        assertTrue(took <= Duration.ofSeconds(1).plus(PROMISE).toMillis(), "resumed after " + took + " ms");
        orders(api, untouched.access).then().statusCode(200);

        authA.close();
        authB.close();
        try {
            Thread.sleep(MAX_STALENESS.plusSeconds(2).toMillis());
            orders(api, untouched.access).then().statusCode(200); // signatures alone (the default)
            orders(refusingApi, untouched.access).then().statusCode(401); // refuse while stale (opt-in)
            assertEquals(503, refusingApi.readiness(), "the refusing API says it is not ready");
            orders(api, revokedMeanwhile.access).then().statusCode(401); // what it knew stays known
        } finally {
            authA = JarProcess.start("auth-a", SERVICE_JAR, 18201, 19201, authEnv)
                    .awaitReady(Duration.ofSeconds(90));
            authB = JarProcess.start("auth-b", SERVICE_JAR, 18202, 19202, authEnv)
                    .awaitReady(Duration.ofSeconds(90));
        }
        refusingApi.awaitReady(Duration.ofSeconds(10));
        orders(refusingApi, untouched.access).then().statusCode(200);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** A user registered and logged in on A, with a first call to the API accepted. */
    record User(String id, String access, String refresh) {
        static User register() {
            String email = "e2e-" + UUID.randomUUID() + "@example.com";
            String id = given().baseUri(authA.baseUri())
                    .contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", PASSWORD))
                    .post("/auth/register")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            Response login = given().baseUri(authA.baseUri())
                    .contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", PASSWORD))
                    .post("/auth/login");
            login.then().statusCode(200);
            return new User(id, login.path("access_token"), login.path("refresh_token"));
        }
    }

    /**
     * The token and an untouched one are accepted by the API; {@code revoke} runs on B; the API refuses the token
     * within the promise (the delay printed), and still accepts the untouched one.
     */
    private static void refusedWithinThePromise(String what, String access, Runnable revoke) throws Exception {
        String untouched = User.register().access;
        orders(api, access).then().statusCode(200);
        orders(api, untouched).then().statusCode(200);
        long started = System.nanoTime();
        revoke.run(); // answered once the revocation committed on B
        awaitRefused(api, access, PROMISE.multipliedBy(3));
        long took = elapsedMillis(started);
        System.out.printf(
                "[e2e] %s on auth instance B refused by the API after %d ms (promise %d ms)%n",
                what, took, PROMISE.toMillis());
        assertTrue(took <= PROMISE.toMillis(), what + ": refused after " + took + " ms");
        orders(api, untouched).then().statusCode(200);
    }

    /** Polls the API until it refuses the token; the milliseconds it took, or fails after {@code limit}. */
    private static long awaitRefused(JarProcess api, String access, Duration limit) throws InterruptedException {
        long started = System.nanoTime();
        while (elapsedMillis(started) < limit.toMillis()) {
            if (orders(api, access).statusCode() == 401) {
                return elapsedMillis(started);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the API still accepted the token after " + limit);
    }

    private static long elapsedMillis(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toMillis();
    }

    private static Response orders(JarProcess api, String access) {
        return given().baseUri(api.baseUri()).auth().oauth2(access).get("/orders");
    }

    private static io.restassured.specification.RequestSpecification admin(JarProcess auth) {
        return given().baseUri(auth.baseUri()).auth().oauth2(adminToken()).contentType(ContentType.JSON);
    }

    private static String adminToken() {
        return given().baseUri(authA.baseUri())
                .contentType(ContentType.JSON)
                .body(Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD))
                .post("/auth/login")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    /** Two instances' shared settings: keys and pepper made for this run, a bootstrap admin, no reuse grace. */
    private static Map<String, String> authEnvironment() throws Exception {
        Path keys = Files.createDirectories(Path.of("target", "e2e-keys"));
        RsaJsonWebKey jwk = RsaJwkGenerator.generateJwk(2048);
        jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
        jwk.setAlgorithm("RS256");
        jwk.setUse("sig");
        Path signing = keys.resolve("signing-key.jwk.json");
        Path verification = keys.resolve("verification-keys.jwks.json");
        Files.writeString(signing, jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        Files.writeString(verification, new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", Database.SERVER + "/" + DATABASE);
        env.put("QUARKUS_DATASOURCE_USERNAME", Database.USER);
        env.put("QUARKUS_DATASOURCE_PASSWORD", Database.PASSWORD);
        env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", signing.toAbsolutePath().toString());
        env.put(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                verification.toAbsolutePath().toString());
        env.put("AUTH_PASSWORD_PEPPER", UUID.randomUUID() + "-" + UUID.randomUUID());
        byte[] mfaKey = new byte[32];
        new SecureRandom().nextBytes(mfaKey);
        env.put("AUTH_MFA_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(mfaKey));
        env.put("AUTH_PASSWORD_BCRYPT_COST", "4");
        env.put("AUTH_REFRESH_TOKEN_REUSE_GRACE", "0s");
        // a heartbeat well inside the APIs' staleness window (3 s here), so a quiet stream keeps them current
        env.put("AUTH_REVOCATION_EVENTS_HEARTBEAT", "1s");
        env.put("ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
        return env;
    }

    private static void freshDatabase() throws Exception {
        try (Connection c =
                        DriverManager.getConnection(Database.SERVER + "/postgres", Database.USER, Database.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DATABASE);
        }
    }

    /**
     * The PostgreSQL server of the repository's tests (a local server with trust login unless the environment says
     * otherwise, with the variables the auth service itself reads).
     */
    static final class Database {
        static final String SERVER =
                System.getenv().getOrDefault("E2E_POSTGRES_SERVER", "jdbc:postgresql://127.0.0.1:5432");
        static final String USER = System.getenv().getOrDefault("QUARKUS_DATASOURCE_USERNAME", "postgres");
        static final String PASSWORD = System.getenv().getOrDefault("QUARKUS_DATASOURCE_PASSWORD", "");
    }
}
