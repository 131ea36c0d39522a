package io.jwtauth.session;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.Freshness;
import io.jwtauth.common.StateCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/**
 * Sessions' verify-time state in memory, so checking an access token makes no database round trip: bounded, re-read
 * at least every {@code auth.revocation.recheck-interval}, trusted only as {@link Freshness} allows, dropped when a
 * revocation commits here ({@link SessionRevoked}) or is announced by another instance ({@link RevocationListener}).
 */
@ApplicationScoped
public class SessionStates {

    private final StateCache<SessionState> cache;
    private final SessionRepository sessions;
    private final Freshness freshness;

    SessionStates(AuthConfig config, SessionRepository sessions, Freshness freshness, Clock clock) {
        this.cache = new StateCache<>(
                clock, config.revocation().cacheSize(), config.revocation().recheckInterval());
        this.sessions = sessions;
        this.freshness = freshness;
    }

    /** The cached state if it can be trusted now, or null when it must be loaded (never touches the database). */
    public SessionState peek(UUID sessionId) {
        return cache.peek(sessionId, freshness.trustedSince());
    }

    /**
     * The cached state however old (null if none), which may be too old to accept a token with: only for what can
     * never revert (a revoked session, its owner, its expiry).
     */
    public SessionState lastKnown(UUID sessionId) {
        return cache.lastKnown(sessionId);
    }

    /** Loads (and caches) the session's state; null if there is no such session. Blocking. */
    @Transactional
    public SessionState load(UUID sessionId) {
        return cache.load(
                sessionId,
                id -> sessions.findByIdOptional(id).map(SessionState::of).orElse(null));
    }

    void invalidate(UUID sessionId) {
        cache.invalidate(sessionId);
    }

    void invalidateAll() {
        cache.invalidateAll();
    }

    /** A revocation made here: dropped once it commits (a load racing it is not cached, see StateCache). */
    void revoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) SessionRevoked revocation) {
        cache.invalidate(revocation.sessionId());
    }
}
