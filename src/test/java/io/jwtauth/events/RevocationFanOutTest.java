package io.jwtauth.events;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.common.Freshness;
import io.jwtauth.events.EventReads.Page;
import io.jwtauth.events.EventStream.Message;
import io.jwtauth.session.ListenerFaults;
import io.jwtauth.support.Accounts;
import io.jwtauth.support.Accounts.Account;
import io.jwtauth.support.Accounts.Tokens;
import io.jwtauth.support.StalledBackend;
import io.jwtauth.support.StatementCounter;
import io.jwtauth.support.TestTokens;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The readers waiting on one instance are served from its memory: one revocation is one read of the log however many
 * readers wait (counted in statements); long polls answer as soon as an event commits, or empty after their wait;
 * and while the listener stalls, the instance reads the table itself, so a long poll still hears within 2 s.
 */
@QuarkusTest
class RevocationFanOutTest {

    static final Duration PROMISE = Duration.ofSeconds(2);

    @Inject
    RevocationFanOut fanOut;

    @Inject
    Freshness freshness;

    @Inject
    Scheduler scheduler;

    String reader;

    @BeforeEach
    void resourceServerAndQuietJobs() {
        reader = Accounts.resourceServer("fan-out-reader").token();
        scheduler.pause(); // the purge jobs would be counted as statements too
    }

    @AfterEach
    void resumeJobs() {
        scheduler.resume();
    }

    @Test
    void oneRevocationIsOneReadOfTheLogHoweverManyReadersWait() throws Exception {
        long alone = statementsOfALogoutWith(0);
        long one = statementsOfALogoutWith(1);
        long ten = statementsOfALogoutWith(10);
        System.out.printf("[fan-out] statements of a logout with 0 / 1 / 10 streams: %d / %d / %d%n", alone, one, ten);
        assertEquals(alone + 1, one, "one read of the log for the waiting reader");
        assertEquals(one, ten, "and the same one read for ten");
    }

    @Test
    void aLongPollIsAnsweredAsSoonAsAnEventCommits() throws Exception {
        Account user = Accounts.register("fan-out-poll");
        Tokens tokens = user.login();
        long cursor = EventReads.now(reader);
        CompletableFuture<Page> poll = CompletableFuture.supplyAsync(() -> EventReads.after(reader, cursor, 20));
        awaitReaders(1);
        long started = System.nanoTime();
        given().auth().oauth2(tokens.access()).post("/auth/logout").then().statusCode(204);
        Page page = poll.get(10, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("[fan-out] long poll answered %d ms after the logout%n", took.toMillis());
        assertEquals(List.of("session_revoked"), types(page, user));
        assertTrue(took.compareTo(PROMISE) < 0, "answered after " + took.toMillis() + " ms");
        assertEquals(page.events().get(page.events().size() - 1).id(), page.cursor());
        assertEquals(0, fanOut.readers(), "the answered poll waits no more");
    }

    @Test
    void aLongPollWithNothingNewAnswersEmptyAfterItsWait() {
        long cursor = EventReads.now(reader);
        long started = System.nanoTime();
        Page page = EventReads.after(reader, cursor, 1);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(List.of(), page.events());
        assertEquals(cursor, page.cursor(), "the same cursor to poll again with");
        assertTrue(took.compareTo(Duration.ofSeconds(1)) >= 0, "waited " + took.toMillis() + " ms");
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "waited " + took.toMillis() + " ms");
        started = System.nanoTime();
        assertEquals(List.of(), EventReads.after(reader, cursor).events());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(1)) < 0, "wait=0");
    }

    @Test
    void eventsAlreadyThereAreAnsweredWithoutWaiting() {
        Account user = Accounts.register("fan-out-there");
        long cursor = EventReads.now(reader);
        given().auth().oauth2(user.login().access()).post("/auth/logout").then().statusCode(204);
        long started = System.nanoTime();
        Page page = EventReads.after(reader, cursor, 20);
        assertEquals(List.of("session_revoked"), types(page, user));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(1)) < 0);
    }

    @Test
    void whileTheListenerStallsALongPollStillHearsWithinTwoSeconds() throws Exception {
        Account user = Accounts.register("fan-out-stall");
        Tokens tokens = user.login();
        long cursor = EventReads.now(reader);
        CompletableFuture<Page> poll = CompletableFuture.supplyAsync(() -> EventReads.after(reader, cursor, 20));
        awaitReaders(1);
        try (StalledBackend stalled = ListenerFaults.stallListener()) {
            Instant stalledAt = Instant.now();
            long started = System.nanoTime();
            given().auth().oauth2(tokens.access()).post("/auth/logout").then().statusCode(204);
            Page page = poll.get(10, TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf(
                    "[fan-out] long poll answered %d ms after the logout, listener stalled%n", took.toMillis());
            assertEquals(List.of("session_revoked"), types(page, user));
            assertTrue(took.compareTo(PROMISE) <= 0, "answered after " + took.toMillis() + " ms");
            assertTrue(freshness.heardUpTo().isBefore(stalledAt), "answered before the listener recovered");
        }
    }

    /**
     * Statements run from a logout (by refresh token, so no token check reads anything) until every one of
     * {@code streams} waiting readers has received its event.
     */
    private long statementsOfALogoutWith(int streams) throws Exception {
        Account user = Accounts.register("fan-out-count");
        Tokens tokens = user.login();
        List<EventStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < streams; i++) {
                EventStream stream = EventStream.open(reader, null);
                stream.untilCaughtUp(Duration.ofSeconds(5)); // its own read of the log is done
                open.add(stream);
            }
            Instant before = Instant.now();
            StatementCounter stats = StatementCounter.reset();
            given().contentType(ContentType.JSON)
                    .body(Map.of("refresh_token", tokens.refresh()))
                    .post("/auth/logout")
                    .then()
                    .statusCode(204);
            for (EventStream stream : open) {
                Message event = stream.nextEvent(Duration.ofSeconds(5));
                assertNotNull(event, "every stream gets the event");
                assertEquals(
                        TestTokens.claim(tokens.access(), "sid"),
                        JsonPath.from(event.data()).getString("sid"));
            }
            if (streams == 0) {
                // nobody waits: once the listener has heard the logout, nothing more can happen
                awaitHeardAfter(before);
            }
            return stats.getPrepareStatementCount();
        } finally {
            open.forEach(EventStream::close);
            awaitReaders(0);
        }
    }

    private void awaitReaders(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (fanOut.readers() != count) {
            assertTrue(System.nanoTime() < deadline, "readers: " + fanOut.readers() + ", expected " + count);
            Thread.sleep(10);
        }
    }

    private void awaitHeardAfter(Instant instant) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (freshness.heardUpTo().isBefore(instant.plusMillis(100))) {
            assertTrue(System.nanoTime() < deadline, "the listener heard nothing");
            Thread.sleep(10);
        }
    }

    private static List<String> types(Page page, Account user) {
        return page.about(user.id()).stream().map(EventReads.Ev::type).toList();
    }
}
