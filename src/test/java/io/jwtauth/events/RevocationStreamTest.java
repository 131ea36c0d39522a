package io.jwtauth.events;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.events.EventStream.Message;
import io.jwtauth.support.Accounts;
import io.jwtauth.support.Accounts.Account;
import io.jwtauth.support.Accounts.Tokens;
import io.jwtauth.support.NativeQueries;
import io.jwtauth.support.TestTokens;
import io.jwtauth.token.KeyRing;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /revocations/stream: the snapshot, then live events as they commit; resumption with Last-Event-ID without
 * gaps or duplicates; heartbeats (every second in the test profile); 410 for a cursor that is gone; the end of the
 * stream when the caller's token expires.
 */
@QuarkusTest
class RevocationStreamTest {

    static final Duration SOON = Duration.ofSeconds(5);

    @Inject
    KeyRing keys;

    @Inject
    AuthConfig config;

    @Inject
    NativeQueries db;

    Accounts.Client readerAccount;
    String reader;

    @BeforeEach
    void resourceServer() {
        readerAccount = Accounts.resourceServer("stream-reader");
        reader = readerAccount.token();
    }

    @Test
    void aStreamSendsTheSnapshotThenEachEventAsItCommits() throws Exception {
        Account user = Accounts.register("stream-live");
        Tokens before = user.login();
        Tokens later = user.login();
        logout(before);
        long cursor = EventReads.now(reader);
        try (EventStream stream = EventStream.open(reader, null)) {
            assertEquals(200, stream.status());
            assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
            List<Message> snapshot = stream.untilCaughtUp(SOON);
            Message caughtUp = snapshot.get(snapshot.size() - 1);
            assertEquals(String.valueOf(cursor), caughtUp.id(), "the snapshot ends with its cursor as id");
            assertTrue(
                    snapshot.stream().anyMatch(m -> m.isEvent() && isSessionRevoked(m, user, sid(before))),
                    "the snapshot holds the earlier logout: " + snapshot);
            assertIdsIncrease(snapshot.stream().filter(Message::isEvent).toList());

            logout(later);
            Message live = stream.nextEvent(SOON);
            assertNotNull(live, "the live event");
            assertTrue(isSessionRevoked(live, user, sid(later)), live.data());
            assertTrue(Long.parseLong(live.id()) > cursor);
            JsonPath event = JsonPath.from(live.data());
            assertEquals(live.id(), event.getString("id"), "id: is the event's cursor");
            assertTrue(
                    Instant.parse(event.getString("at")).isBefore(Instant.now().plusSeconds(1)));
        }
    }

    @Test
    void aStreamResumesAfterLastEventIdWithoutGapsOrDuplicates() throws Exception {
        Account user = Accounts.register("stream-resume");
        List<Tokens> sessions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sessions.add(user.login());
        }
        String resumeAt;
        try (EventStream stream = EventStream.open(reader, null)) {
            stream.untilCaughtUp(SOON);
            logout(sessions.get(0));
            logout(sessions.get(1));
            Message first = stream.nextEvent(SOON);
            assertTrue(isSessionRevoked(first, user, sid(sessions.get(0))), first.data());
            resumeAt = first.id(); // the client goes away having seen only this one
        }
        logout(sessions.get(2)); // while disconnected
        try (EventStream resumed = EventStream.open(reader, resumeAt)) {
            assertEquals(200, resumed.status());
            List<Message> catchUp = resumed.untilCaughtUp(SOON);
            List<Message> events = catchUp.stream().filter(Message::isEvent).toList();
            assertEquals(
                    List.of(sid(sessions.get(1)), sid(sessions.get(2))),
                    events.stream()
                            .map(m -> JsonPath.from(m.data()).getString("sid"))
                            .toList(),
                    "exactly the events after Last-Event-ID");
            assertTrue(Long.parseLong(events.get(0).id()) > Long.parseLong(resumeAt));
            assertIdsIncrease(events);
            logout(sessions.get(3));
            logout(sessions.get(4));
            List<Message> live = List.of(resumed.nextEvent(SOON), resumed.nextEvent(SOON));
            assertEquals(
                    List.of(sid(sessions.get(3)), sid(sessions.get(4))),
                    live.stream()
                            .map(m -> JsonPath.from(m.data()).getString("sid"))
                            .toList());
            assertTrue(Long.parseLong(live.get(0).id())
                    > Long.parseLong(catchUp.get(catchUp.size() - 1).id()));
            assertIdsIncrease(live);
        }
    }

    @Test
    void theCatchUpReadsPageAfterPageUntilItIsLive() throws Exception {
        int pageSize = config.revocationEvents().pageSize();
        long cursor = EventReads.now(reader);
        UUID sub = UUID.randomUUID();
        QuarkusTransaction.requiringNew()
                .run(() -> db.createNativeQuery("INSERT INTO revocation_events (type, sub, ver, at)"
                                + " SELECT 'tokens_revoked', ?1, 3, now() FROM generate_series(1, ?2)")
                        .setParameter(1, sub)
                        .setParameter(2, pageSize + 3)
                        .executeUpdate());
        long newest = EventReads.now(reader);
        try (EventStream stream = EventStream.open(reader, String.valueOf(cursor))) {
            List<Message> catchUp = stream.untilCaughtUp(Duration.ofSeconds(20));
            List<Message> events = catchUp.stream().filter(Message::isEvent).toList();
            assertEquals(pageSize + 3, events.size(), "every event after Last-Event-ID, over two pages");
            assertIdsIncrease(events);
            assertEquals(String.valueOf(newest), catchUp.get(catchUp.size() - 1).id());
        }
    }

    @Test
    void aQuietStreamSendsHeartbeats() throws Exception {
        try (EventStream stream = EventStream.open(reader, null)) {
            stream.untilCaughtUp(SOON);
            int heartbeats = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (heartbeats < 2 && System.nanoTime() < deadline) {
                Message m = stream.next(Duration.ofSeconds(2));
                if (m != null && m.isHeartbeat()) {
                    heartbeats++;
                }
            }
            assertEquals(2, heartbeats, "a comment line every second (test profile)");
        }
    }

    @Test
    void aCursorThatIsGoneIsRefusedBeforeTheStreamStarts() throws Exception {
        long beyond = EventReads.now(reader) + 1_000_000;
        try (EventStream stream = EventStream.open(reader, String.valueOf(beyond))) {
            assertEquals(410, stream.status());
            assertTrue(stream.contentType().startsWith("application/problem+json"), stream.contentType());
            assertEquals("cursor_expired", JsonPath.from(stream.body()).getString("code"));
        }
    }

    @Test
    void theStreamEndsWhenTheCallersTokenExpires() throws Exception {
        long now = Instant.now().getEpochSecond();
        String shortLived = TestTokens.sign(
                TestTokens.claims(readerAccount.id(), TestTokens.claim(reader, "sid"), 0)
                        .groups(Set.of("user", "resource-server"))
                        .issuedAt(now)
                        .expiresAt(now + 2),
                keys.current().signingKey(),
                keys.current().signingKid());
        try (EventStream stream = EventStream.open(shortLived, null)) {
            assertEquals(200, stream.status());
            stream.untilCaughtUp(SOON);
            assertTrue(stream.endsWithin(Duration.ofSeconds(5)), "the stream outlived its token");
        }
        try (EventStream stream = EventStream.open(reader, null)) {
            stream.untilCaughtUp(SOON);
            assertTrue(!stream.endsWithin(Duration.ofSeconds(3)), "a stream with a valid token goes on");
        }
    }

    private static void assertIdsIncrease(List<Message> events) {
        for (int i = 1; i < events.size(); i++) {
            assertTrue(
                    Long.parseLong(events.get(i).id())
                            > Long.parseLong(events.get(i - 1).id()),
                    "ids grow: " + events);
        }
    }

    private static boolean isSessionRevoked(Message m, Account user, String sid) {
        JsonPath event = JsonPath.from(m.data());
        return "session_revoked".equals(event.getString("type"))
                && user.id().equals(event.getString("sub"))
                && sid.equals(event.getString("sid"));
    }

    private static void logout(Tokens tokens) {
        given().auth().oauth2(tokens.access()).post("/auth/logout").then().statusCode(204);
    }

    private static String sid(Tokens tokens) {
        return TestTokens.claim(tokens.access(), "sid");
    }
}
