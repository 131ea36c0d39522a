package io.jwtauth.token;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.KeyFiles;
import io.jwtauth.support.ServiceProcess;
import io.jwtauth.support.TestDatabase;
import io.jwtauth.support.TestTokens;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A key rotation on two instances of the packaged service, separate processes on one database, through nothing but
 * changes to the key files (laid out and swapped as a Kubernetes Secret volume does) while a client keeps calling
 * {@code /users/me} on both with every token that is valid: publish (both serve the new JWK Set within the reload
 * interval), promote (new tokens carry the new kid, old ones still accepted), retire (old tokens refused, one
 * {@code key_retired} event), a corrupt file (nothing changes, the refusal shows in readiness, metric and log) — and
 * not one request with a valid token refused throughout.
 */
class KeyRotationIT {

    static final String DATABASE = "jwt_auth_keys_it";
    static final Duration INTERVAL = Duration.ofMillis(500);
    /**
     * How long a file change may take to show on an instance: one interval, and room for a 2-CPU machine shared with
     * other builds (load averages above 15 were seen here, and delays up to 1.1 s; idle, it is within the interval).
     */
    static final Duration REACH = INTERVAL.plusMillis(1500);

    static KeyFiles files;
    static RsaJsonWebKey first;
    static ServiceProcess one;
    static ServiceProcess two;

    @BeforeAll
    static void twoInstancesOnKeyFiles() throws Exception {
        ServiceProcess.freshDatabase(DATABASE);
        first = KeyFiles.newKey(2048);
        files = KeyFiles.in(Files.createTempDirectory("jwt-keys-rotation-it"), first);
        Map<String, String> env = new HashMap<>(files.env());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", TestDatabase.url(DATABASE));
        env.put("AUTH_KEYS_RELOAD_INTERVAL", INTERVAL.toMillis() + "ms");
        one = ServiceProcess.start("keys-one", 18480, 19480, env);
        two = ServiceProcess.start("keys-two", 18481, 19481, env);
        one.awaitReady(Duration.ofSeconds(90));
        two.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        if (one != null) {
            one.close();
        }
        if (two != null) {
            two.close();
        }
    }

    @Test
    void aRotationThroughTheKeyFilesRefusesNoValidToken() throws Exception {
        RsaJsonWebKey a = first;
        Accounts.Account user = Accounts.on(one.baseUri()).registerUser("rotation");
        String fromBefore = user.login().access();
        assertEquals(a.getKeyId(), kid(fromBefore));
        Caller caller = new Caller(List.of(one, two));
        caller.use(fromBefore);
        caller.start();
        try {
            // publish: the next key is verifiable everywhere before anything is signed with it
            RsaJsonWebKey b = KeyFiles.newKey(2048);
            String tagBefore = jwksTag(one);
            long published = System.nanoTime();
            files.write(a, a, b);
            for (ServiceProcess instance : List.of(one, two)) {
                Duration took = await(
                        instance,
                        published,
                        "the new JWK Set",
                        i -> publishedKids(i).equals(Set.of(a.getKeyId(), b.getKeyId())));
                System.out.printf("KeyRotationIT: publish reached %s in %d ms%n", instance.baseUri(), took.toMillis());
            }
            assertEquals(jwksTag(one), jwksTag(two), "one set, one ETag, on every instance");
            assertNotEquals(tagBefore, jwksTag(one));
            assertEquals(a.getKeyId(), kid(login(user, two)), "published is not yet signing");
            caller.use(login(user, two));

            // promote: new tokens carry the new kid, the old ones keep working (the caller proves it)
            long promoted = System.nanoTime();
            files.write(b, a, b);
            for (ServiceProcess instance : List.of(one, two)) {
                await(
                        instance,
                        promoted,
                        "signing with the new key",
                        i -> kid(login(user, i)).equals(b.getKeyId()));
            }
            String fromAfter = login(user, one);
            caller.use(fromAfter);
            caller.use(login(user, two));
            Thread.sleep(INTERVAL.multipliedBy(2).toMillis()); // the caller keeps using every token meanwhile

            // retire: tokens signed under the old key are refused from now on
            caller.stopUsingKid(a.getKeyId());
            long retired = System.nanoTime();
            files.write(b, b);
            for (ServiceProcess instance : List.of(one, two)) {
                Duration took = await(instance, retired, "the old kid refused", i -> status(i, fromBefore) == 401);
                System.out.printf("KeyRotationIT: retire reached %s in %d ms%n", instance.baseUri(), took.toMillis());
                assertEquals(Set.of(b.getKeyId()), publishedKids(instance));
                assertEquals(200, status(instance, fromAfter));
            }
            assertEquals(1, keyRetiredEvents(a.getKeyId()), "one key_retired event, though both instances retired it");

            // a corrupt file: refused on both, visibly, and nothing changes
            String tag = jwksTag(one);
            String set = KeyFiles.setJson(b);
            long corrupted = System.nanoTime();
            files.writeRaw(KeyFiles.privateJson(b), set.substring(0, set.length() - 10));
            for (ServiceProcess instance : List.of(one, two)) {
                await(
                        instance,
                        corrupted,
                        "the refusal in readiness",
                        i -> keysHealth(i).getString("data.reloadRefused") != null);
            }
            Thread.sleep(INTERVAL.multipliedBy(3).toMillis()); // more polls see the same bad file
            for (ServiceProcess instance : List.of(one, two)) {
                JsonPath health = keysHealth(instance);
                assertEquals("UP", health.getString("status"), "still ready: it serves with the keys it has");
                assertTrue(
                        health.getString("data.reloadRefused").startsWith("MP_JWT_VERIFY_PUBLICKEY_LOCATION"),
                        health.prettify());
                assertEquals(b.getKeyId(), health.getString("data.signingKid"));
                assertEquals(1.0, refusedReloads(instance), "counted once");
                assertEquals(1, refusalLines(instance), "logged once");
                assertEquals(tag, jwksTag(instance));
                assertEquals(b.getKeyId(), kid(login(user, instance)));
                assertEquals(200, status(instance, fromAfter));
            }
            String logs = one.log() + two.log();
            for (RsaJsonWebKey key : List.of(a, b)) {
                assertFalse(
                        logs.contains(JsonPath.from(KeyFiles.privateJson(key)).getString("d")), "no key in a log");
            }
        } finally {
            caller.stop();
        }
        System.out.printf("KeyRotationIT: %s%n", caller.summary());
        assertEquals(
                List.of(), caller.failures(), "requests with a valid token that were refused: " + caller.summary());
        assertTrue(caller.requests() >= 100, "the caller kept calling: " + caller.summary());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /**
     * Calls {@code /users/me} on every instance, in turns, with every token it was told to use, from its own thread,
     * and keeps every answer but 200 as a failure.
     */
    static final class Caller {

        private final List<ServiceProcess> instances;
        private final List<String> tokens = new CopyOnWriteArrayList<>();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final AtomicLong refused = new AtomicLong();
        private final AtomicLong requests = new AtomicLong();
        /** Held (shared) for each request; taken exclusively to stop using a token after requests with it ended. */
        private final ReentrantReadWriteLock inFlight = new ReentrantReadWriteLock();

        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::loop, "key-rotation-caller");

        Caller(List<ServiceProcess> instances) {
            this.instances = instances;
        }

        void use(String token) {
            tokens.add(token);
        }

        /** From now on no token signed under {@code kid} is used; returns once no request with one is under way. */
        void stopUsingKid(String kid) {
            inFlight.writeLock().lock();
            try {
                tokens.removeIf(token -> kid.equals(kid(token)));
            } finally {
                inFlight.writeLock().unlock();
            }
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }

        private void loop() {
            while (running) {
                for (ServiceProcess instance : instances) {
                    inFlight.readLock().lock();
                    try {
                        for (String token : tokens) {
                            call(instance, token);
                        }
                    } finally {
                        inFlight.readLock().unlock();
                    }
                }
            }
        }

        private void call(ServiceProcess instance, String token) {
            requests.incrementAndGet();
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(instance.baseUri() + "/users/me"))
                                .header("Authorization", "Bearer " + token)
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    fail(instance.baseUri() + " kid " + kid(token) + ": " + response.statusCode() + " "
                            + response.headers().firstValue("WWW-Authenticate").orElse(""));
                }
            } catch (Exception e) {
                fail(instance.baseUri() + " kid " + kid(token) + ": " + e);
            }
        }

        /** Counts every refusal, keeps the first few. */
        private void fail(String what) {
            if (refused.incrementAndGet() <= 10) {
                failures.add(what);
            }
        }

        long requests() {
            return requests.get();
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        String summary() {
            return requests.get() + " requests with valid tokens, " + refused.get() + " refused";
        }
    }

    /**
     * Polls until the condition holds on the instance; fails once {@link #REACH} has passed since the change
     * ({@code since}, a {@link System#nanoTime()}). Returns how long after the change it held.
     */
    private static Duration await(ServiceProcess instance, long since, String what, Predicate<ServiceProcess> condition)
            throws InterruptedException {
        long deadline = since + REACH.toNanos();
        while (!condition.test(instance)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        what + " not on " + instance.baseUri() + " within " + REACH.toMillis() + " ms");
            }
            Thread.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - since);
    }

    private static String login(Accounts.Account user, ServiceProcess instance) {
        return Accounts.on(instance.baseUri())
                .logIn(user.email(), user.password())
                .access();
    }

    private static String kid(String token) {
        return JsonPath.from(TestTokens.header(token)).getString("kid");
    }

    private static int status(ServiceProcess instance, String token) {
        return given().baseUri(instance.baseUri())
                .auth()
                .oauth2(token)
                .get("/users/me")
                .statusCode();
    }

    private static Set<String> publishedKids(ServiceProcess instance) {
        return Set.copyOf(given().baseUri(instance.baseUri())
                .get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("keys.kid"));
    }

    private static String jwksTag(ServiceProcess instance) {
        return given().baseUri(instance.baseUri())
                .get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
    }

    private static JsonPath keysHealth(ServiceProcess instance) {
        JsonPath ready = given().baseUri("http://127.0.0.1:" + instance.managementPort)
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return ready.setRootPath("checks.find { it.name == 'keys' }");
    }

    private static double refusedReloads(ServiceProcess instance) {
        return given().baseUri("http://127.0.0.1:" + instance.managementPort)
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(l -> l.startsWith("auth_key_reloads_total{") && l.contains("outcome=\"refused\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static long refusalLines(ServiceProcess instance) throws Exception {
        return instance.log()
                .lines()
                .filter(l -> l.contains("Key files changed but are refused"))
                .count();
    }

    private static long keyRetiredEvents(String kid) throws Exception {
        try (Connection c =
                DriverManager.getConnection(TestDatabase.url(DATABASE), TestDatabase.USER, TestDatabase.PASSWORD)) {
            return KeyRetiredEvents.count(c, kid);
        }
    }
}
