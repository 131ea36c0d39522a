package io.jwtauth.session;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.Freshness;
import io.jwtauth.support.Accounts;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.NativeQueries;
import io.jwtauth.support.StalledBackend;
import io.jwtauth.support.StatementCounter;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listener's connection stalls without failing — its PostgreSQL backend frozen with SIGSTOP, so nothing is
 * announced to this instance and no read times out for seconds. Its last confirmation grows old, and cached
 * state older than {@code auth.revocation.max-staleness} is re-read before it accepts a token: a revocation is
 * seen within API.md's 2 s. State that refuses a token for good is still answered from the cache.
 */
@QuarkusTest
class StalledListenerTest {

    static final Duration PROMISE = Duration.ofSeconds(2);

    @Inject
    NativeQueries db;

    @Inject
    Freshness freshness;

    @Inject
    MutableClock clock;

    @Inject
    AuthConfig config;

    @Inject
    Scheduler scheduler;

    /** The purge jobs (first run a minute after start) would be counted as queries too. */
    @BeforeEach
    void pauseJobs() {
        scheduler.pause();
    }

    @AfterEach
    void resumeJobs() {
        scheduler.resume();
    }

    @Test
    void aRevocationNobodyAnnouncedIsSeenWithinTwoSecondsWhileTheListenerStalls() throws Exception {
        String access = Accounts.register("stall-missed").login().access();
        given().auth().oauth2(access).get("/users/me").then().statusCode(200);
        try (StalledBackend stalled = ListenerFaults.stallListener()) {
            Instant stalledAt = clock.instant();
            // as if announced to a listener that no longer hears: only the age of the cached state can tell
            ListenerFaults.revokeBehindTheServicesBack(db, access);
            long started = System.nanoTime();
            int status = 200;
            while (status != 401 && System.nanoTime() - started < 2 * PROMISE.toNanos()) {
                status = given().auth().oauth2(access).get("/users/me").statusCode();
                Thread.sleep(10);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(401, status, "never refused while the listener stalled");
            assertTrue(took.compareTo(PROMISE) <= 0, "refused after " + took.toMillis() + " ms");
            assertTrue(
                    freshness.heardUpTo().isBefore(stalledAt), "refused before the listener timed out and reconnected");
        }
    }

    @Test
    void staleStateStillRefusesForGoodWithoutAQueryAndIsReReadOnceToAccept() throws Exception {
        Accounts.Account account = Accounts.register("stall-facts");
        String revoked = account.login().access();
        String live = account.login().access();
        given().auth().oauth2(revoked).post("/auth/logout").then().statusCode(204);
        given().auth().oauth2(revoked).get("/users/me").then().statusCode(401); // caches the revoked session
        given().auth().oauth2(live).get("/users/me").then().statusCode(200);
        String outdated = Accounts.register("stall-version").login().access();
        given().auth().oauth2(outdated).post("/auth/logout-all").then().statusCode(204);
        given().auth().oauth2(outdated).get("/users/me").then().statusCode(401); // caches the new tokenVersion
        try (StalledBackend stalled = ListenerFaults.stallListener()) {
            clock.advance(config.revocation().maxStaleness().plusMillis(1)); // every entry is now too old to accept

            StatementCounter stats = StatementCounter.reset();
            given().auth().oauth2(revoked).get("/users/me").then().statusCode(401);
            assertEquals(0, stats.getPrepareStatementCount(), "a revoked session stays revoked: no query");
            given().auth().oauth2(outdated).get("/users/me").then().statusCode(401);
            assertEquals(0, stats.getPrepareStatementCount(), "a tokenVersion only grows: no query");

            given().auth().oauth2(live).get("/users/me").then().statusCode(200);
            long reads = stats.getPrepareStatementCount();
            assertTrue(reads > 0, "state too old to accept a token with is read again");
            given().auth().oauth2(live).get("/users/me").then().statusCode(200);
            assertEquals(reads, stats.getPrepareStatementCount(), "once: what was read is fresh for max-staleness");
        }
    }
}
