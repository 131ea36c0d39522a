package io.jwtauth.events;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.events.EventReads.Ev;
import io.jwtauth.events.EventReads.Page;
import io.jwtauth.events.EventStream.Message;
import io.jwtauth.support.Accounts;
import io.jwtauth.support.Accounts.Account;
import io.jwtauth.support.Accounts.Tokens;
import io.jwtauth.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Ids are the commit order: with many revocations committing in parallel, a reader that follows the cursor the whole
 * time (long polls) and a stream both see every event exactly once, ids strictly increasing. With ids taken from a
 * bare sequence a transaction could commit its id after a reader had passed it, and that event would be skipped
 * forever.
 */
@QuarkusTest
class RevocationEventOrderTest {

    static final int THREADS = 8;
    static final int PER_THREAD = 25;
    static final Duration WITHIN = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void parallelRevocationsAreSeenExactlyOnceInIncreasingOrder() throws Exception {
        String reader = Accounts.resourceServer("order-reader").token();
        Account user = Accounts.register("order");
        List<Tokens> sessions = new ArrayList<>();
        for (int i = 0; i < THREADS * PER_THREAD; i++) {
            sessions.add(user.login());
        }
        Set<String> expected =
                sessions.stream().map(t -> TestTokens.claim(t.access(), "sid")).collect(Collectors.toSet());
        long start = EventReads.now(reader);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        List<EventStream> streams = new ArrayList<>();
        try {
            // one stream live before the writers start, two opened while they write: their catch-up overlaps with
            // what the fan-out delivers meanwhile
            streams.add(EventStream.open(reader, String.valueOf(start)));
            streams.get(0).untilCaughtUp(Duration.ofSeconds(5));
            Future<List<Ev>> polled = pool.submit(() -> follow(reader, start, expected));
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                List<Tokens> mine = sessions.subList(t * PER_THREAD, (t + 1) * PER_THREAD);
                writers.add(pool.submit(() -> {
                    go.await();
                    for (Tokens tokens : mine) {
                        given().contentType(ContentType.JSON)
                                .body(Map.of("refresh_token", tokens.refresh()))
                                .post("/auth/logout")
                                .then()
                                .statusCode(204);
                    }
                    return null;
                }));
            }
            go.countDown();
            streams.add(EventStream.open(reader, String.valueOf(start)));
            Thread.sleep(200);
            streams.add(EventStream.open(reader, String.valueOf(start)));
            for (Future<?> writer : writers) {
                writer.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
            }

            List<Ev> seen = polled.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
            assertIncreasing(seen.stream().map(Ev::id).toList(), "long polls");
            assertEachOnce(
                    expected,
                    seen.stream()
                            .filter(e -> user.id().equals(e.sub()))
                            .map(Ev::sid)
                            .toList(),
                    "long polls");
            for (int i = 0; i < streams.size(); i++) {
                followStream(streams.get(i), user, expected, "stream " + i);
            }
        } finally {
            streams.forEach(EventStream::close);
            pool.shutdownNow();
        }
    }

    /** Reads the stream until every expected session was seen revoked: each once, ids increasing. */
    private static void followStream(EventStream stream, Account user, Set<String> expected, String who)
            throws Exception {
        List<Long> ids = new ArrayList<>();
        List<String> sids = new ArrayList<>();
        while (!sids.containsAll(expected)) {
            Message m = stream.nextEvent(Duration.ofSeconds(10));
            assertTrue(m != null, who + " stopped after " + sids.size() + " of our events");
            ids.add(Long.parseLong(m.id()));
            JsonNode event = JSON.readTree(m.data());
            if (user.id().equals(event.path("sub").asText())) {
                sids.add(event.path("sid").asText());
            }
        }
        assertIncreasing(ids, who);
        assertEachOnce(expected, sids, who);
    }

    /** Long polls from {@code cursor} until every expected session was seen revoked; every event seen, in order. */
    private static List<Ev> follow(String reader, long cursor, Set<String> expected) {
        List<Ev> seen = new ArrayList<>();
        Set<String> missing = new java.util.HashSet<>(expected);
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            Page page = EventReads.after(reader, cursor, 2);
            for (Ev e : page.events()) {
                assertTrue(e.id() > cursor, "event " + e.id() + " at or before the cursor " + cursor);
                seen.add(e);
                missing.remove(e.sid());
            }
            cursor = page.cursor();
        }
        assertEquals(Set.of(), missing, "sessions whose revocation the long polls never saw");
        return seen;
    }

    private static void assertIncreasing(List<Long> ids, String who) {
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) > ids.get(i - 1), who + ": id " + ids.get(i) + " after " + ids.get(i - 1));
        }
    }

    private static void assertEachOnce(Set<String> expected, List<String> sids, String who) {
        Map<String, Integer> counts = new HashMap<>();
        sids.forEach(sid -> counts.merge(sid, 1, Integer::sum));
        assertEquals(expected, counts.keySet(), who + ": the sessions seen");
        assertTrue(counts.values().stream().allMatch(c -> c == 1), who + ": seen more than once: " + counts);
    }
}
