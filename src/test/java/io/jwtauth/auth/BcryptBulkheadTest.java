package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Metrics;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.NativeQueries;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * bcrypt runs on a bounded pool: a login flood beyond its queue gets 503 + Retry-After, verified calls go on, and a
 * login never waits behind queued registrations.
 */
@QuarkusTest
@TestProfile(BcryptBulkheadTest.TinyPool.class)
class BcryptBulkheadTest {

    static final int FLOOD = 12;

    @Inject
    NativeQueries db;

    @Inject
    Throttle throttle;

    @Inject
    MutableClock clock;

    /**
     * One bcrypt thread, a queue of two, and a cost that makes each hash take a noticeable time; throttle limits
     * above the flood, so every refusal here is the bulkhead's.
     */
    public static class TinyPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "auth.password.hashing-threads",
                    "1",
                    "auth.password.hashing-queue",
                    "2",
                    "auth.password.bcrypt-cost",
                    "11",
                    "auth.throttle.login-max-failures",
                    "100",
                    "auth.throttle.account-max-failures",
                    "100");
        }
    }

    @Test
    void aLoginFloodBeyondTheQueueIsAnsweredWith503AndVerifiedRequestsAreServed() throws Exception {
        Accounts.Account account = Accounts.register("flood");
        String access = account.login().access();
        ExecutorService pool = Executors.newFixedThreadPool(FLOOD);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> logins = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                logins.add(pool.submit(() -> {
                    start.await();
                    return given().contentType(ContentType.JSON)
                            .body(Map.of("email", account.email(), "password", account.password()))
                            .post("/auth/login");
                }));
            }
            start.countDown();
            // while the flood is being hashed, a token-verified request is answered
            given().auth().oauth2(access).get("/users/me").then().statusCode(200);
            int ok = 0;
            int overloaded = 0;
            for (Future<Response> f : logins) {
                Response r = f.get();
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    assertEquals(503, r.statusCode(), r.asString());
                    assertEquals("1", r.header("Retry-After"));
                    assertEquals("overloaded", r.path("code"));
                    overloaded++;
                }
            }
            assertTrue(ok >= 1, "some logins are served");
            assertTrue(overloaded >= 1, "the flood beyond the queue is refused, not queued forever");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLoginIsCheckedBeforeRegistrationsQueuedAheadOfIt() throws Exception {
        Accounts.Account account = Accounts.register("priority");
        int registrations = 10;
        ExecutorService pool = Executors.newFixedThreadPool(registrations);
        try {
            double admittedBefore = Metrics.sum("auth_bcrypt_operations_total");
            List<Future<Long>> finished = new ArrayList<>();
            for (int i = 0; i < registrations; i++) {
                finished.add(pool.submit(() -> {
                    given().contentType(ContentType.JSON)
                            .body(Map.of(
                                    "email", Accounts.uniqueEmail("priority-flood"), "password", Accounts.PASSWORD))
                            .post("/auth/register")
                            .then()
                            .statusCode(201);
                    return System.nanoTime();
                }));
            }
            // every registration's bcrypt job is queued (the counter moves when a job is admitted)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (Metrics.sum("auth_bcrypt_operations_total") - admittedBefore < registrations) {
                assertTrue(System.nanoTime() < deadline, "the registrations never reached the bcrypt queue");
                Thread.sleep(5);
            }
            given().contentType(ContentType.JSON)
                    .body(Map.of("email", account.email(), "password", account.password()))
                    .post("/auth/login")
                    .then()
                    .statusCode(200);
            long loggedIn = System.nanoTime();
            int before = 0;
            for (Future<Long> f : finished) {
                if (f.get(60, TimeUnit.SECONDS) < loggedIn) {
                    before++;
                }
            }
            // the one running when the login's check was queued, and the few that ran while the login was being
            // admitted and counted (its database work): never the queue it arrived behind
            assertTrue(before <= 3, before + " of " + registrations + " registrations finished before the login");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFloodTheServiceCannotCheckLeavesNoThrottleStateAndOldStateIsPurged() throws Exception {
        long rowsBefore = throttleRows();
        ExecutorService pool = Executors.newFixedThreadPool(FLOOD);
        int checked = 0;
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> logins = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                logins.add(pool.submit(() -> {
                    start.await();
                    // a new email every time: spraying emails to grow the throttle table
                    return given().contentType(ContentType.JSON)
                            .body(Map.of("email", Accounts.uniqueEmail("spray"), "password", "a sprayed guess"))
                            .post("/auth/login");
                }));
            }
            start.countDown();
            for (Future<Response> f : logins) {
                int status = f.get(60, TimeUnit.SECONDS).statusCode();
                assertTrue(status == 401 || status == 503, "status " + status);
                checked += status == 401 ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
        }
        long added = throttleRows() - rowsBefore;
        assertTrue(checked < FLOOD, "the flood overflowed the bcrypt queue");
        // each checked guess counts under its (email, client) and account keys, plus the one client key
        assertTrue(added <= 2L * checked + 1, added + " rows for " + checked + " checked guesses: a refused one wrote");

        clock.advance(Duration.ofMinutes(16)); // past auth.throttle.decay
        throttle.purge();
        long after = throttleRows();
        assertTrue(
                after <= rowsBefore,
                "the flood's keys are purged once idle: " + after + " rows, " + rowsBefore + " before the flood");
        Instant forgotten = clock.instant().minus(Duration.ofMinutes(15));
        assertEquals(
                0,
                ((Number) db.createNativeQuery("SELECT count(*) FROM throttle WHERE last_attempt < ?1")
                                .setParameter(1, forgotten)
                                .getSingleResult())
                        .longValue(),
                "no key idle for the decay time is kept");
    }

    private long throttleRows() {
        return ((Number) db.createNativeQuery("SELECT count(*) FROM throttle").getSingleResult()).longValue();
    }
}
