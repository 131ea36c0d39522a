package io.jwtauth.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cache under UserStates and SessionStates, driven directly: the interleavings that matter (a load that read the
 * old state, an invalidation, then the load storing) cannot be arranged through HTTP, so the test holds the load
 * between its read and its store with latches.
 */
class StateCacheTest {

    static final Duration RECHECK = Duration.ofSeconds(30);
    static final long WAIT_SECONDS = 10;

    final MutableClock clock = new MutableClock();
    final StateCache<String> cache = new StateCache<>(clock, 100, RECHECK);
    final ExecutorService loader = Executors.newSingleThreadExecutor();
    final UUID id = UUID.randomUUID();

    @AfterEach
    void stopLoader() {
        loader.shutdownNow();
    }

    @Test
    void aLoadThatReadBeforeTheKeysInvalidationIsReturnedButNotCached() throws Exception {
        loadRacing((c, key) -> c.invalidate(key));
    }

    @Test
    void aLoadThatReadBeforeEverythingWasDroppedIsReturnedButNotCached() throws Exception {
        loadRacing((c, key) -> c.invalidateAll());
    }

    @Test
    void aLoadAfterAnInvalidationIsCached() {
        cache.invalidate(id);
        cache.invalidateAll();
        assertEquals("state", cache.load(id, key -> "state"));
        assertEquals("state", cache.peek(id, Instant.MIN));
    }

    @Test
    void aStateIsServedOnlyIfReadSinceTheGivenInstant() {
        Instant beforeLoad = clock.instant();
        cache.load(id, key -> "state");
        clock.advance(Duration.ofSeconds(5));
        assertEquals("state", cache.peek(id, beforeLoad));
        assertNull(cache.peek(id, clock.instant().minusSeconds(1)), "read 5 s ago, only 1 s trusted");
        assertEquals("state", cache.lastKnown(id), "still known, for what can never revert");
    }

    @Test
    void entriesExpireAfterTheRecheckIntervalOfClockTime() {
        cache.load(id, key -> "state");
        clock.advance(RECHECK.minusSeconds(1));
        assertEquals("state", cache.peek(id, Instant.MIN));
        clock.advance(Duration.ofSeconds(1));
        assertNull(cache.peek(id, Instant.MIN));
    }

    /** A load reads "old", then the invalidation runs, then the load stores: the caller gets "old", nobody else. */
    private void loadRacing(BiConsumer<StateCache<String>, UUID> invalidation) throws Exception {
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> load = loader.submit(() -> cache.load(id, key -> {
            read.countDown();
            try {
                assertTrue(release.await(WAIT_SECONDS, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "old";
        }));
        assertTrue(read.await(WAIT_SECONDS, TimeUnit.SECONDS));
        invalidation.accept(cache, id);
        release.countDown();

        assertEquals("old", load.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertNull(cache.peek(id, Instant.MIN), "served after the invalidation");
        assertNull(cache.lastKnown(id), "stored after the invalidation");
    }
}
