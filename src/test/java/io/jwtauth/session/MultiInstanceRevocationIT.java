package io.jwtauth.session;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.ServiceProcess;
import io.jwtauth.support.StalledBackend;
import io.jwtauth.support.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged service, separate processes on one database: a revocation made on A is refused
 * on B within 2 seconds (LISTEN/NOTIFY), also while B's listener connection is stalled, refreshes racing across
 * both get one successor, and the bootstrap admin is created once although both instances start together.
 */
class MultiInstanceRevocationIT {

    static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(2);
    static final String ADMIN_EMAIL = "bootstrap-admin@example.com";
    static final String ADMIN_PASSWORD = "the bootstrap admin passphrase";

    static Map<String, String> env;
    static ServiceProcess a;
    static ServiceProcess b;

    @BeforeAll
    static void twoInstances() throws Exception {
        ServiceProcess.freshDatabase();
        env = new HashMap<>(ServiceProcess.generatedKeys("it-key-1", 2048));
        env.put("ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("AUTH_THROTTLE_BASE_DELAY", "60s"); // a wait that cannot end while the test looks
        // both start at once: the bootstrap admin must still be created exactly once
        a = ServiceProcess.start("instance-a", 18081, 19081, env);
        b = ServiceProcess.start("instance-b", 18082, 19082, env);
        a.awaitReady(Duration.ofSeconds(90));
        b.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void logoutOnAIsRefusedOnBWithinTwoSeconds() {
        SignedIn user = registerAndLogin(a);
        assertAccepted(b, user.access());
        given().baseUri(a.baseUri())
                .auth()
                .oauth2(user.access())
                .post("/auth/logout")
                .then()
                .statusCode(204);
        assertRefusedWithinLimit(b, user.access(), "logout");
    }

    @Test
    void logoutAllOnAIsRefusedOnBWithinTwoSeconds() {
        SignedIn user = registerAndLogin(a);
        assertAccepted(b, user.access());
        given().baseUri(a.baseUri())
                .auth()
                .oauth2(user.access())
                .post("/auth/logout-all")
                .then()
                .statusCode(204);
        assertRefusedWithinLimit(b, user.access(), "logout-all");
    }

    @Test
    void logoutOnAIsRefusedOnBWithinTwoSecondsWhileBsListenerIsStalled() throws Exception {
        SignedIn user = registerAndLogin(a);
        assertAccepted(b, user.access());
        // B's listener connection stays open but hears nothing, and no read of it times out for a while
        try (StalledBackend stalled = StalledBackend.stop(
                ServiceProcess.IT_JDBC_URL,
                TestDatabase.USER,
                TestDatabase.PASSWORD,
                RevocationListener.applicationName(b.pid()))) {
            given().baseUri(a.baseUri())
                    .auth()
                    .oauth2(user.access())
                    .post("/auth/logout")
                    .then()
                    .statusCode(204);
            assertRefusedWithinLimit(b, user.access(), "logout (B's listener stalled)");
        }
        // B recovers: a fresh token works there, and a revocation reaches it again
        SignedIn fresh = registerAndLogin(a);
        assertAccepted(b, fresh.access());
        given().baseUri(a.baseUri())
                .auth()
                .oauth2(fresh.access())
                .post("/auth/logout")
                .then()
                .statusCode(204);
        assertRefusedWithinLimit(b, fresh.access(), "logout (after the stall)");
    }

    @Test
    void roleChangeOnAIsRefusedOnBWithinTwoSeconds() {
        SignedIn user = registerAndLogin(a);
        assertAccepted(b, user.access());
        String admin = adminToken(a);
        given().baseUri(a.baseUri())
                .auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("user", "admin")))
                .put("/admin/users/" + user.account().id() + "/roles")
                .then()
                .statusCode(200);
        assertRefusedWithinLimit(b, user.access(), "role change");
    }

    @Test
    void refreshesRacingOverBothInstancesGetOneSuccessor() throws Exception {
        String refresh = registerAndLogin(a).tokens().refresh();
        int threads = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                ServiceProcess target = i % 2 == 0 ? a : b;
                futures.add(pool.submit(() -> {
                    start.await();
                    return given().baseUri(target.baseUri())
                            .contentType(ContentType.JSON)
                            .body(Map.of("refresh_token", refresh))
                            .post("/auth/refresh");
                }));
            }
            start.countDown();
            Set<String> successors = new HashSet<>();
            for (Future<Response> f : futures) {
                Response r = f.get();
                assertEquals(200, r.statusCode(), r.asString());
                successors.add(r.path("refresh_token"));
            }
            assertEquals(1, successors.size(), "one successor across instances: " + successors);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void bootstrapAdminIsCreatedOnceByInstancesStartingTogether() throws Exception {
        String admin = adminToken(b);
        Response page = given().baseUri(b.baseUri())
                .auth()
                .oauth2(admin)
                .queryParam("q", "bootstrap-admin@")
                .get("/admin/users");
        page.then().statusCode(200);
        assertEquals(1, (int) page.path("total"));
        assertTrue(
                a.log().contains("Bootstrap admin created") ^ b.log().contains("Bootstrap admin created"),
                "exactly one instance created the admin");
    }

    @Test
    void aRestartedInstanceDoesNotCreateTheBootstrapAdminAgain() throws Exception {
        try (ServiceProcess c = ServiceProcess.start("instance-c", 18083, 19083, env)) {
            c.awaitReady(Duration.ofSeconds(90));
            String admin = adminToken(c);
            given().baseUri(c.baseUri())
                    .auth()
                    .oauth2(admin)
                    .queryParam("q", "bootstrap-admin@")
                    .get("/admin/users")
                    .then()
                    .statusCode(200)
                    .body("total", org.hamcrest.Matchers.equalTo(1));
            assertTrue(!c.log().contains("Bootstrap admin created"), "nothing created on restart");
        }
    }

    @Test
    void loginThrottleIsSharedBetweenInstances() {
        SignedIn user = registerAndLogin(a);
        String email = given().baseUri(a.baseUri())
                .auth()
                .oauth2(user.access())
                .get("/users/me")
                .then()
                .extract()
                .path("email");
        for (int i = 0; i < 5; i++) {
            given().baseUri(a.baseUri())
                    .contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", "wrong password number " + i))
                    .post("/auth/login")
                    .then()
                    .statusCode(401);
        }
        given().baseUri(b.baseUri())
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Accounts.PASSWORD))
                .post("/auth/login")
                .then()
                .statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
    }

    /** A user registered on an instance, and the token pair of its first login. */
    private record SignedIn(Accounts.Account account, Accounts.Tokens tokens) {

        String access() {
            return tokens.access();
        }
    }

    private static SignedIn registerAndLogin(ServiceProcess instance) {
        Accounts.Account account = Accounts.on(instance.baseUri()).registerUser("multi");
        return new SignedIn(account, account.login());
    }

    private static String adminToken(ServiceProcess instance) {
        return Accounts.on(instance.baseUri())
                .logIn(ADMIN_EMAIL, ADMIN_PASSWORD)
                .access();
    }

    private static void assertAccepted(ServiceProcess instance, String access) {
        // twice: the second answer comes from B's warm cache, which the revocation must then reach
        given().baseUri(instance.baseUri())
                .auth()
                .oauth2(access)
                .get("/users/me")
                .then()
                .statusCode(200);
        given().baseUri(instance.baseUri())
                .auth()
                .oauth2(access)
                .get("/users/me")
                .then()
                .statusCode(200);
    }

    private static void assertRefusedWithinLimit(ServiceProcess instance, String access, String what) {
        long started = System.nanoTime();
        long deadline = started + PROPAGATION_LIMIT.toNanos() * 3; // observe past the limit, then judge
        int status = 200;
        while (System.nanoTime() < deadline) {
            status = given().baseUri(instance.baseUri())
                    .auth()
                    .oauth2(access)
                    .get("/users/me")
                    .statusCode();
            if (status == 401) {
                break;
            }
            sleep(10);
        }
        Duration delay = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf(
                "[multi-instance] %s on A refused on B after %d ms (limit %d ms)%n",
                what, delay.toMillis(), PROPAGATION_LIMIT.toMillis());
        assertEquals(401, status, what + " never reached instance B");
        assertTrue(delay.compareTo(PROPAGATION_LIMIT) <= 0, what + " took " + delay.toMillis() + " ms to reach B");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
