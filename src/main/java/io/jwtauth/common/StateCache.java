package io.jwtauth.common;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One kind of verify-time state (users' or sessions') by id: bounded, re-read after
 * the recheck interval of clock time, each entry knowing when it was read, and never holding a state that a load
 * read before an invalidation of it.
 *
 * <p>Every invalidation advances a counter. A load notes the counter before its query and stores its result only
 * if the counter has not moved since (it returns what it read either way: that was current when read, which is
 * all a cache miss can offer). The check and the store run atomically for the key, and an invalidation advances
 * the counter before it removes the key, so either the load sees the counter moved or the removal comes after the
 * store. Dropping everything also records the counter's value: an entry loaded before that is never served, even
 * if Caffeine's sweep of the whole map ran past it.
 */
public final class StateCache<S> {

    /** A cached state, read from the database no earlier than {@code readAt}, by a load that began at generation. */
    private record Entry<S>(S state, Instant readAt, long generation) {}

    private final Cache<UUID, Entry<S>> entries;
    private final Clock clock;
    private final AtomicLong invalidations = new AtomicLong();
    private final AtomicLong clearedAt = new AtomicLong();

    public StateCache(Clock clock, int maximumSize, Duration recheckInterval) {
        this.clock = clock;
        this.entries = Caffeine.newBuilder()
                .ticker(ClockTicker.of(clock))
                .maximumSize(maximumSize)
                .expireAfterWrite(recheckInterval)
                .build();
    }

    /** The cached state if it was read at or after {@code readSince}, otherwise null. Never touches the database. */
    public S peek(UUID id, Instant readSince) {
        Entry<S> entry = entries.getIfPresent(id);
        return entry != null
                        && entry.generation() >= clearedAt.get()
                        && !entry.readAt().isBefore(readSince)
                ? entry.state()
                : null;
    }

    /** The cached state however old, or null: only for facts about it that can never revert. */
    public S lastKnown(UUID id) {
        Entry<S> entry = entries.getIfPresent(id);
        return entry == null ? null : entry.state();
    }

    /** Runs the query (null: no such row, not cached) and caches its result unless invalidated meanwhile. */
    public S load(UUID id, Function<UUID, S> query) {
        long generation = invalidations.get();
        Instant readAt = clock.instant();
        S state = query.apply(id);
        if (state != null) {
            Entry<S> loaded = new Entry<>(state, readAt, generation);
            entries.asMap().compute(id, (key, cached) -> invalidations.get() == generation ? loaded : cached);
        }
        return state;
    }

    public void invalidate(UUID id) {
        invalidations.incrementAndGet();
        entries.invalidate(id);
    }

    public void invalidateAll() {
        long generation = invalidations.incrementAndGet();
        clearedAt.accumulateAndGet(generation, Math::max);
        entries.invalidateAll();
    }
}
