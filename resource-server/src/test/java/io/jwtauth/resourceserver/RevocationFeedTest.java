package io.jwtauth.resourceserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.resourceserver.ResourceServerConfig.WhenStale;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The feed against a real socket (AuthServiceFixture): snapshot, stream, resumption, renewal, staleness. */
class RevocationFeedTest {

    private static final Duration PROMISE = Duration.ofSeconds(2);

    private AuthServiceFixture authService;
    private TestConfig config;
    private RevocationFeed feed;

    @BeforeEach
    void startAuthService() throws Exception {
        authService = AuthServiceFixture.start();
        config = new TestConfig(authService.url());
    }

    @AfterEach
    void stopEverything() {
        if (feed != null) {
            feed.stop();
        }
        authService.close();
    }

    @Test
    void revocationsFromTheSnapshotAndTheStreamAreRefused() {
        String before = sid();
        authService.publish(RevocationEvent.SESSION_REVOKED, "user-1", before, null, null);
        startFeed();

        Eventually.within(PROMISE, "the snapshot is applied", () -> feed.current());
        assertEquals(Refusal.SESSION_REVOKED, feed.refusal(token("user-1", before, 1L)));

        String after = sid();
        authService.publish(RevocationEvent.SESSION_REVOKED, "user-1", after, null, null);
        Duration delay = Eventually.within(
                PROMISE, "a streamed revocation is refused", () -> feed.refusal(token("user-1", after, 1L)) != null);
        System.out.printf("streamed revocation applied after %d ms%n", delay.toMillis());

        assertNull(feed.refusal(token("user-1", sid(), 1L)), "another session of the same user is untouched");
        assertEquals(1, authService.snapshots.get());
        assertEquals("1", authService.lastEventIds.get(0), "the stream starts at the snapshot's cursor");
    }

    @Test
    void aDroppedStreamResumesFromTheLastEventWithoutASnapshot() {
        startFeed();
        Eventually.within(PROMISE, "connected", () -> feed.status().connected());
        long first = authService.publish(RevocationEvent.TOKENS_REVOKED, "user-2", null, 4L, null);
        Eventually.within(PROMISE, "first event", () -> feed.refusal(token("user-2", sid(), 3L)) != null);

        authService.dropStreams();
        String missed = sid();
        authService.publish(RevocationEvent.SESSION_REVOKED, "user-2", missed, null, null);

        Eventually.within(PROMISE, "the event after the drop", () -> feed.refusal(token("user-2", missed, 4L)) != null);
        assertEquals(String.valueOf(first), authService.lastEventIds.get(1), "resumed with Last-Event-ID");
        assertEquals(1, authService.snapshots.get(), "no second snapshot");
        assertNull(feed.refusal(token("user-2", sid(), 4L)), "the current version is accepted");
    }

    @Test
    void anAuthServiceRestartMissesNothingAndStalenessShowsMeanwhile() throws Exception {
        startFeed();
        Eventually.within(PROMISE, "connected", () -> feed.status().connected());
        long last = authService.publish(RevocationEvent.SUBJECT_DISABLED, "user-3", null, null, null);
        Eventually.within(PROMISE, "disabled", () -> feed.refusal(token("user-3", sid(), 1L)) != null);

        authService.stop();
        String whileDown = sid();
        authService.publish(RevocationEvent.SESSION_REVOKED, "user-4", whileDown, null, null);
        authService.publish(RevocationEvent.SUBJECT_ENABLED, "user-3", null, null, null);
        Eventually.within(PROMISE, "disconnected", () -> !feed.status().connected());
        Eventually.within(Duration.ofSeconds(3), "stale", () -> !feed.current());
        assertTrue(feed.status().stalenessSeconds() > 1.0);
        assertEquals(
                Refusal.SUBJECT_DISABLED,
                feed.refusal(token("user-3", sid(), 1L)),
                "what is known stays refused while stale (when-stale=accept)");
        assertNull(feed.refusal(token("user-4", whileDown, 1L)), "accepted on its signature while stale");

        authService.restart();
        Eventually.within(Duration.ofSeconds(3), "resumed", () -> feed.current());
        Eventually.within(
                PROMISE, "the revocation made while down", () -> feed.refusal(token("user-4", whileDown, 1L)) != null);
        assertNull(feed.refusal(token("user-3", sid(), 1L)), "enabled again while down");
        assertTrue(authService.lastEventIds.contains(String.valueOf(last)), "resumed from the last event it had");
        assertEquals(1, authService.snapshots.get());
    }

    @Test
    void anExpiredCursorTakesAFreshSnapshot() throws Exception {
        String old = sid();
        authService.publish(RevocationEvent.SESSION_REVOKED, "user-5", old, null, null);
        startFeed();
        Eventually.within(PROMISE, "connected", () -> feed.status().connected());
        assertEquals(Refusal.SESSION_REVOKED, feed.refusal(token("user-5", old, 1L)));

        authService.stop();
        authService.publish(RevocationEvent.SESSION_REVOKED, "user-5", sid(), null, null);
        String kept = sid();
        long keptId = authService.publish(RevocationEvent.SESSION_REVOKED, "user-5", kept, null, null);
        authService.keepOnlyFrom(keptId);
        authService.restart();

        Eventually.within(Duration.ofSeconds(3), "a second snapshot", () -> authService.snapshots.get() == 2);
        Eventually.within(PROMISE, "the kept revocation", () -> feed.refusal(token("user-5", kept, 1L)) != null);
        assertNull(
                feed.refusal(token("user-5", old, 1L)),
                "the state is the new snapshot: what the auth service no longer keeps is gone");
        Eventually.within(PROMISE, "streaming again", () -> feed.status().connected());
        assertEquals(String.valueOf(keptId), authService.lastEventIds.get(authService.lastEventIds.size() - 1));
    }

    @Test
    void theClientTokenIsRenewedBeforeItExpires() {
        authService.tokenLifetime = Duration.ofSeconds(2);
        startFeed();
        Eventually.within(PROMISE, "connected", () -> feed.status().connected());
        sleep(Duration.ofMillis(1800)); // renewal is due 1.6 s after issue (a fifth of the lifetime before expiry)
        authService.dropStreams();

        Eventually.within(PROMISE, "reconnected", () -> authService.streamsOpened.get() == 2);
        assertEquals(2, authService.tokensIssued.get());
        assertEquals(0, authService.expiredTokensPresented.get());
        assertEquals(0, authService.refusedRequests.get());
    }

    @Test
    void aRefusedClientTokenIsReplaced() {
        startFeed();
        Eventually.within(PROMISE, "connected", () -> feed.status().connected());
        authService.forgetTokens();
        authService.dropStreams();

        Eventually.within(PROMISE, "reconnected with a new token", () -> authService.streamsOpened.get() == 2);
        assertEquals(2, authService.tokensIssued.get());
        assertEquals(1, authService.refusedRequests.get());
    }

    @Test
    void aSilentStreamIsTakenForDeadAndOpenedAgain() {
        startFeed();
        Eventually.within(PROMISE, "connected", () -> feed.status().connected());
        authService.silent = true;

        Eventually.within(
                Duration.ofSeconds(3), "reopened after the idle timeout", () -> authService.streamsOpened.get() >= 2);
        Eventually.within(Duration.ofSeconds(3), "stale while silent", () -> !feed.current());

        authService.silent = false;
        Eventually.within(Duration.ofSeconds(3), "current again", () -> feed.current());
    }

    @Test
    void heartbeatsKeepTheStateCurrent() {
        startFeed();
        Eventually.within(PROMISE, "connected", () -> feed.status().connected());
        sleep(config.maxStaleness.multipliedBy(3));
        assertTrue(feed.current());
        FeedStatus status = feed.status();
        assertTrue(status.lastHeartbeatAgeSeconds() >= 0 && status.lastHeartbeatAgeSeconds() < 1);
        assertEquals(-1, status.lastEventAgeSeconds());
    }

    @Test
    void withRefuseEveryTokenIsRefusedUntilTheStateIsCurrentAndOnceItIsStale() {
        authService.stop();
        config.whenStale = WhenStale.REFUSE;
        startFeed();
        assertEquals(Refusal.FEED_STALE, feed.refusal(token("user-6", sid(), 1L)), "before the first snapshot");

        authService.publish(RevocationEvent.SESSION_REVOKED, "user-6", "gone", null, null);
        restartQuietly();
        Eventually.within(Duration.ofSeconds(3), "current", () -> feed.current());
        assertNull(feed.refusal(token("user-6", sid(), 1L)));
        assertEquals(Refusal.SESSION_REVOKED, feed.refusal(token("user-6", "gone", 1L)));

        authService.stop();
        Eventually.within(Duration.ofSeconds(3), "stale", () -> !feed.current());
        assertEquals(Refusal.FEED_STALE, feed.refusal(token("user-6", sid(), 1L)));
    }

    @Test
    void wrongCredentialsAreRetriedWithBackoff() {
        config.clientSecret = "not-the-secret";
        startFeed();
        sleep(Duration.ofSeconds(2));
        int attempts = authService.tokenRequestsRefused.get();
        assertEquals(0, authService.tokensIssued.get());
        assertFalse(feed.current());
        // 50 ms doubling up to 400 ms, +-20 %: 7 to 9 attempts in 2 s, never a tight loop
        assertTrue(attempts >= 4 && attempts <= 12, attempts + " attempts");
    }

    private void startFeed() {
        feed = new RevocationFeed(config, Clock.systemUTC());
        feed.start();
    }

    private void restartQuietly() {
        try {
            authService.restart();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static TokenFacts token(String sub, String sid, Long ver) {
        long now = Instant.now().getEpochSecond();
        return new TokenFacts(sub, sid, ver, now, now + 900, () -> "kid-1");
    }

    private static String sid() {
        return UUID.randomUUID().toString();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
