package io.jwtauth.events;

import static io.jwtauth.events.EventReads.after;
import static io.jwtauth.events.EventReads.expected;
import static io.jwtauth.events.EventReads.fullSnapshot;
import static io.jwtauth.events.EventReads.now;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.events.EventReads.Ev;
import io.jwtauth.events.EventReads.Page;
import io.jwtauth.support.Accounts;
import io.jwtauth.support.Accounts.Account;
import io.jwtauth.support.Accounts.Tokens;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.NativeQueries;
import io.jwtauth.support.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /revocations: every revocation of API.md's table writes its events, made by the real action through HTTP; the
 * snapshot holds what can still matter and the cursor after it; the cursor is the table's; who may read.
 */
@QuarkusTest
class RevocationEventsTest {

    @Inject
    MutableClock clock;

    @Inject
    AuthConfig config;

    @Inject
    NativeQueries db;

    Accounts.Client readerAccount;
    String reader;

    @BeforeEach
    void resourceServer() {
        readerAccount = Accounts.resourceServer("events-reader");
        reader = readerAccount.token();
    }

    @Test
    void logoutWritesSessionRevoked() {
        Account user = Accounts.register("events-logout");
        Tokens tokens = user.login();
        long cursor = now(reader);
        given().auth().oauth2(tokens.access()).post("/auth/logout").then().statusCode(204);
        assertWritten(cursor, user, expected("session_revoked", user.id(), sid(tokens), null));
    }

    @Test
    void logoutWithTheRefreshTokenWritesSessionRevoked() {
        Account user = Accounts.register("events-logout-refresh");
        Tokens tokens = user.login();
        long cursor = now(reader);
        given().contentType(ContentType.JSON)
                .body(Map.of("refresh_token", tokens.refresh()))
                .post("/auth/logout")
                .then()
                .statusCode(204);
        assertWritten(cursor, user, expected("session_revoked", user.id(), sid(tokens), null));
    }

    @Test
    void deletingASessionWritesSessionRevoked() {
        Account user = Accounts.register("events-delete-session");
        Tokens doomed = user.login();
        Tokens other = user.login();
        long cursor = now(reader);
        given().auth()
                .oauth2(other.access())
                .delete("/users/me/sessions/" + sid(doomed))
                .then()
                .statusCode(204);
        assertWritten(cursor, user, expected("session_revoked", user.id(), sid(doomed), null));
    }

    @Test
    void aSessionEndedByRacingRequestsIsWrittenOnce() throws Exception {
        Account user = Accounts.register("events-racing-ends");
        Tokens doomed = user.login();
        Tokens other = user.login();
        long cursor = now(reader);
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> ends = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                boolean byDelete = i % 2 == 0;
                ends.add(pool.submit(() -> {
                    start.await();
                    return byDelete
                            ? given().auth()
                                    .oauth2(other.access())
                                    .delete("/users/me/sessions/" + sid(doomed))
                                    .statusCode()
                            : given().contentType(ContentType.JSON)
                                    .body(Map.of("refresh_token", doomed.refresh()))
                                    .post("/auth/logout")
                                    .statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> end : ends) {
                assertEquals(204, end.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertWritten(cursor, user, expected("session_revoked", user.id(), sid(doomed), null));
    }

    private static final int RACERS = 8;

    @Test
    void reuseOfARotatedRefreshTokenWritesSessionRevoked() {
        Account user = Accounts.register("events-reuse");
        Tokens tokens = user.login();
        Accounts.refresh(tokens.refresh()).then().statusCode(200);
        clock.advance(config.refreshToken().reuseGrace().plusSeconds(1));
        long cursor = now(reader);
        Accounts.refresh(tokens.refresh()).then().statusCode(401).body("code", equalTo("refresh_token_reused"));
        assertWritten(cursor, user, expected("session_revoked", user.id(), sid(tokens), null));
    }

    @Test
    void logoutAllWritesTokensRevokedWithTheNewVersion() {
        Account user = Accounts.register("events-logout-all");
        Tokens tokens = user.login();
        long cursor = now(reader);
        given().auth().oauth2(tokens.access()).post("/auth/logout-all").then().statusCode(204);
        // the token carried ver 0: every token below 1 dies
        assertEquals(0, Integer.parseInt(TestTokens.claim(tokens.access(), "ver")));
        assertWritten(cursor, user, expected("tokens_revoked", user.id(), null, 1));
    }

    @Test
    void passwordChangeWritesTokensRevoked() {
        Account user = Accounts.register("events-password");
        Tokens tokens = user.login();
        long cursor = now(reader);
        given().auth()
                .oauth2(tokens.access())
                .contentType(ContentType.JSON)
                .body(Map.of("currentPassword", user.password(), "newPassword", "an entirely new passphrase 42"))
                .put("/users/me/password")
                .then()
                .statusCode(200);
        assertWritten(cursor, user, expected("tokens_revoked", user.id(), null, 1));
    }

    @Test
    void roleChangeAndAdminRevokeWriteTokensRevoked() {
        String admin = Accounts.admin("events-admin").login().access();
        Account user = Accounts.register("events-roles");
        long cursor = now(reader);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("user", "admin")))
                .put("/admin/users/" + user.id() + "/roles")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(admin)
                .post("/admin/users/" + user.id() + "/revoke-tokens")
                .then()
                .statusCode(204);
        assertWritten(
                cursor,
                user,
                expected("tokens_revoked", user.id(), null, 1),
                expected("tokens_revoked", user.id(), null, 2));
    }

    @Test
    void disableThenEnableWriteTheBumpThenTheChangeOfState() {
        String admin = Accounts.admin("events-admin-status").login().access();
        Account user = Accounts.register("events-status");
        long cursor = now(reader);
        setEnabled(admin, user, false);
        setEnabled(admin, user, false); // no change: nothing written
        setEnabled(admin, user, true);
        assertWritten(
                cursor,
                user,
                expected("tokens_revoked", user.id(), null, 1),
                expected("subject_disabled", user.id(), null, null),
                expected("tokens_revoked", user.id(), null, 2),
                expected("subject_enabled", user.id(), null, null));
    }

    @Test
    void theSnapshotHoldsWhatCanStillMatterThenTheCursor() {
        Account user = Accounts.register("events-snapshot");
        Tokens tokens = user.login();
        given().auth().oauth2(tokens.access()).post("/auth/logout").then().statusCode(204);

        Page snapshot = fullSnapshot(reader);
        List<Ev> mine = snapshot.about(user.id());
        assertEquals(List.of(expected("session_revoked", user.id(), sid(tokens), null)), shapes(mine));
        assertTrue(Instant.parse(mine.get(0).at()).isAfter(clock.instant().minusSeconds(60)), "at: " + mine);
        assertEquals(newestInTheTable(), snapshot.cursor(), "the cursor is after everything");
        assertTrue(snapshot.events().stream().allMatch(e -> e.id() <= snapshot.cursor()));
        assertEquals(List.of(), after(reader, snapshot.cursor()).events(), "nothing after the snapshot's cursor");

        // once every token the logout could kill has expired, a snapshot leaves it out; the cursor stays
        clock.advance(config.accessToken().lifespan().plusSeconds(config.clockSkew() + 1));
        Page later = fullSnapshot(readerAccount.token());
        assertEquals(List.of(), later.about(user.id()), "an event no token can feel any more");
        assertEquals(snapshot.cursor(), later.cursor());
    }

    @Test
    void theCursorIsTheTablesSoEveryInstanceAndEveryRestartAgree() {
        // an event written by another process (another instance, or this one before a restart) is simply there,
        // after the cursor any instance handed out before
        long cursor = now(reader);
        assertEquals(newestInTheTable(), cursor);
        UUID other = UUID.randomUUID();
        insertBehindTheServicesBack(other, clock.instant());
        Page next = after(reader, cursor);
        assertEquals(
                List.of(expected("tokens_revoked", other.toString(), null, 7)), shapes(next.about(other.toString())));
        assertEquals(newestInTheTable(), next.cursor());
        assertEquals(next.cursor(), now(reader), "the same cursor from a snapshot and a read after");
    }

    @Test
    void eachAnswerContinuesExactlyWhereThePreviousEnded() {
        Account user = Accounts.register("events-continue");
        long cursor = now(reader);
        Tokens first = user.login();
        Tokens second = user.login();
        given().auth().oauth2(first.access()).post("/auth/logout").then().statusCode(204);
        Page one = after(reader, cursor);
        given().auth().oauth2(second.access()).post("/auth/logout").then().statusCode(204);
        Page two = after(reader, one.cursor());
        assertEquals(List.of(expected("session_revoked", user.id(), sid(first), null)), shapes(one.about(user.id())));
        assertEquals(List.of(expected("session_revoked", user.id(), sid(second), null)), shapes(two.about(user.id())));
        assertTrue(one.events().get(0).id() > cursor && two.events().get(0).id() > one.cursor());
    }

    @Test
    void aFullPageEndsAtItsLastEventAndTheRestFollowsAtOnce() {
        int pageSize = config.revocationEvents().pageSize();
        long cursor = now(reader);
        UUID sub = UUID.randomUUID();
        insertBehindTheServicesBack(sub, clock.instant(), pageSize + 3);

        Page first = after(reader, cursor);
        assertEquals(pageSize, first.about(sub.toString()).size());
        assertEquals(first.events().get(pageSize - 1).id(), first.cursor(), "a full page: its last event's cursor");
        Page rest = after(reader, first.cursor());
        assertEquals(3, rest.about(sub.toString()).size());
        assertEquals(newestInTheTable(), rest.cursor());

        Page snapshot = EventReads.snapshot(reader);
        assertEquals(pageSize, snapshot.events().size(), "a snapshot answers a page at a time too");
        assertEquals(snapshot.events().get(pageSize - 1).id(), snapshot.cursor());
        Page whole = fullSnapshot(reader);
        assertEquals(pageSize + 3, whole.about(sub.toString()).size());
        assertEquals(newestInTheTable(), whole.cursor());
    }

    @Test
    void aCursorThatWasNeverHandedOutIsGone() {
        long beyond = newestInTheTable() + 1_000_000;
        EventReads.get(reader, Map.of("after", beyond))
                .then()
                .statusCode(410)
                .contentType("application/problem+json")
                .body("code", equalTo("cursor_expired"));
    }

    @Test
    void invalidCursorsAndWaitsAreRefusedNamingTheField() {
        for (String after : List.of("abc", "-1", "1.5", "01", " 1", "12345678901234567890")) {
            EventReads.get(reader, Map.of("after", after))
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("validation_failed"))
                    .body("errors[0].field", equalTo("after"));
        }
        for (String wait : List.of("31", "-1", "abc", "1.5", "100")) {
            EventReads.get(reader, Map.of("after", "0", "wait", wait))
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("validation_failed"))
                    .body("errors[0].field", equalTo("wait"));
        }
    }

    @Test
    void onlyResourceServersMayRead() {
        String user = Accounts.register("events-nosy").login().access();
        for (String path : List.of("/revocations", "/revocations/stream")) {
            given().get(path).then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer realm=\"jwt-auth\""));
            given().auth().oauth2(user).get(path).then().statusCode(403).body("code", equalTo("forbidden"));
        }
        given().auth()
                .oauth2(reader)
                .header("Last-Event-ID", "x")
                .get("/revocations/stream")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("Last-Event-ID"));
    }

    private void assertWritten(long cursor, Account user, Ev... expected) {
        Page page = after(reader, cursor);
        List<Ev> mine = page.about(user.id());
        assertEquals(List.of(expected), shapes(mine), "events after " + cursor);
        for (int i = 1; i < mine.size(); i++) {
            assertTrue(mine.get(i).id() > mine.get(i - 1).id(), "ids grow: " + mine);
        }
        assertTrue(mine.stream().allMatch(e -> e.at() != null && e.id() > cursor && e.id() <= page.cursor()));
    }

    private static List<Ev> shapes(List<Ev> events) {
        return events.stream().map(Ev::shape).toList();
    }

    private static String sid(Tokens tokens) {
        return TestTokens.claim(tokens.access(), "sid");
    }

    private static void setEnabled(String admin, Account user, boolean enabled) {
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("enabled", enabled))
                .put("/admin/users/" + user.id() + "/status")
                .then()
                .statusCode(200);
    }

    private long newestInTheTable() {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) db.createNativeQuery("SELECT greatest(coalesce(max(id), 0),"
                                        + " (SELECT pruned_through FROM revocation_event_horizon))"
                                        + " FROM revocation_events")
                                .getSingleResult())
                        .longValue());
    }

    private void insertBehindTheServicesBack(UUID sub, Instant at) {
        insertBehindTheServicesBack(sub, at, 1);
    }

    /** {@code count} tokens_revoked events for {@code sub}, written directly (one writer: no lock needed). */
    private void insertBehindTheServicesBack(UUID sub, Instant at, int count) {
        QuarkusTransaction.requiringNew()
                .run(() -> db.createNativeQuery("INSERT INTO revocation_events (type, sub, ver, at)"
                                + " SELECT 'tokens_revoked', ?1, 7, ?2 FROM generate_series(1, ?3)")
                        .setParameter(1, sub)
                        .setParameter(2, at)
                        .setParameter(3, count)
                        .executeUpdate());
    }
}
