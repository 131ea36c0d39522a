package io.jwtauth.user;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.Freshness;
import io.jwtauth.common.Problems;
import io.jwtauth.common.StateCache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/**
 * Users' verify-time state in memory, so checking an access token and answering GET /users/me make no database
 * round trip: bounded, re-read at least every {@code auth.revocation.recheck-interval}, trusted only as
 * {@link Freshness} allows, dropped when a change to the user commits here ({@link AccountChanged}) or is announced by
 * another instance (the session feature's listener).
 */
@ApplicationScoped
public class UserStates {

    private final StateCache<UserState> cache;
    private final UserRepository users;
    private final Freshness freshness;

    UserStates(AuthConfig config, UserRepository users, Freshness freshness, Clock clock) {
        this.cache = new StateCache<>(
                clock, config.revocation().cacheSize(), config.revocation().recheckInterval());
        this.users = users;
        this.freshness = freshness;
    }

    /** The cached state if it can be trusted now, or null when it must be loaded (never touches the database). */
    public UserState peek(UUID userId) {
        return cache.peek(userId, freshness.trustedSince());
    }

    /**
     * The cached state however old (null if none), which may be too old to accept a token with: only for what can
     * never revert (a tokenVersion already past the token's).
     */
    public UserState lastKnown(UUID userId) {
        return cache.lastKnown(userId);
    }

    /** Loads (and caches) the user's state; null if there is no such user. Blocking. */
    @Transactional
    public UserState load(UUID userId) {
        return cache.load(
                userId, id -> users.findByIdOptional(id).map(UserState::of).orElse(null));
    }

    /**
     * The user's view (GET /users/me). From the cache, warm for any authenticated caller, without leaving the event
     * loop (no query, no thread hop); loaded on a worker thread in the rare case it was dropped meanwhile.
     */
    public Uni<UserView> view(UUID userId) {
        UserState state = peek(userId);
        if (state != null) {
            return Uni.createFrom().item(state.view());
        }
        return Uni.createFrom()
                .item(() -> {
                    UserState loaded = load(userId);
                    if (loaded == null) {
                        throw Problems.NOT_FOUND.exception("User not found");
                    }
                    return loaded.view();
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** A change to the user was announced (by any instance). */
    public void invalidate(UUID userId) {
        cache.invalidate(userId);
    }

    /** Announcements may have been missed. */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** A change made here: dropped once it commits (a load racing the change is not cached, see StateCache). */
    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountChanged change) {
        cache.invalidate(change.userId());
    }

    /** The same for a change that revoked nothing. */
    void updated(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountUpdated update) {
        cache.invalidate(update.userId());
    }
}
