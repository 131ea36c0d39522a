package io.jwtauth.session;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import io.jwtauth.user.UserView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What verifying an access token needs to know beyond its signature — the user's tokenVersion and enabled flag,
 * and whether the session is revoked — held in memory so the hot path makes no database round trip.
 *
 * <p>Entries are bounded in number and re-read at least every {@code auth.revocation.recheck-interval}. A
 * revocation drops the entries on this instance when its transaction commits, and announces itself on a
 * PostgreSQL NOTIFY channel so every other instance drops them too ({@link RevocationListener}). Cached state is
 * trusted only while that listener is known to be hearing announcements, or while it is at most
 * {@code auth.revocation.max-staleness} old ({@link #trustedSince}); a load that raced an invalidation is not
 * cached ({@link StateCache}).
 */
@ApplicationScoped
public class RevocationCache {

    /**
     * The part of a user the verify-time checks need, and the user's public view (so GET /users/me needs no
     * query either). Every change to a user goes through a tokenVersion bump, which drops this entry.
     */
    public record UserState(int tokenVersion, boolean enabled, UserView view) {

        public static UserState of(User user) {
            return new UserState(user.tokenVersion, user.enabled, UserView.of(user));
        }
    }

    /** The part of a session the verify-time checks need. */
    public record SessionState(UUID userId, boolean revoked, Instant expiresAt) {

        static SessionState of(Session session) {
            return new SessionState(session.userId, session.revokedAt != null, session.expiresAt);
        }
    }

    static final String USER_PREFIX = "u:";
    static final String SESSION_PREFIX = "s:";

    private final StateCache<UserState> users;
    private final StateCache<SessionState> sessions;
    private final UserRepository userRepository;
    private final SessionRepository sessionRepository;
    private final EntityManager em;
    private final TransactionSynchronizationRegistry transactions;
    private final Clock clock;
    private final Duration maxStaleness;
    private final String channel;
    /** Every announcement committed before this instant has been applied here ({@link RevocationListener}). */
    private volatile Instant heardUpTo = Instant.MIN;

    RevocationCache(AuthConfig config, UserRepository userRepository, SessionRepository sessionRepository,
            EntityManager em, TransactionSynchronizationRegistry transactions, Clock clock) {
        AuthConfig.Revocation revocation = config.revocation();
        this.users = new StateCache<>(clock, revocation.cacheSize(), revocation.recheckInterval());
        this.sessions = new StateCache<>(clock, revocation.cacheSize(), revocation.recheckInterval());
        this.userRepository = userRepository;
        this.sessionRepository = sessionRepository;
        this.em = em;
        this.transactions = transactions;
        this.clock = clock;
        this.maxStaleness = revocation.maxStaleness();
        this.channel = revocation.channel();
    }

    /** The cached state if it can be trusted now, or null when it must be loaded (never touches the database). */
    public UserState peekUser(UUID userId) {
        return users.peek(userId, trustedSince());
    }

    public SessionState peekSession(UUID sessionId) {
        return sessions.peek(sessionId, trustedSince());
    }

    /**
     * The cached state however old (null if none), which may be too old to accept a token with: only for what can
     * never revert (a revoked session, a tokenVersion already past the token's).
     */
    public UserState lastKnownUser(UUID userId) {
        return users.lastKnown(userId);
    }

    public SessionState lastKnownSession(UUID sessionId) {
        return sessions.lastKnown(sessionId);
    }

    /** Loads (and caches) the user's state; null if there is no such user. Blocking. */
    @Transactional
    public UserState loadUser(UUID userId) {
        return users.load(userId, id -> userRepository.findByIdOptional(id).map(UserState::of).orElse(null));
    }

    /** Loads (and caches) the session's state; null if there is no such session. Blocking. */
    @Transactional
    public SessionState loadSession(UUID sessionId) {
        return sessions.load(sessionId,
                id -> sessionRepository.findByIdOptional(id).map(SessionState::of).orElse(null));
    }

    /**
     * The oldest read a cached state may come from to be trusted. Any, while the listener has confirmed within
     * {@code auth.revocation.max-staleness} that it has applied every announcement committed before then: an entry
     * still cached is current as of that confirmation. Otherwise (the listener stalled, reconnecting, or never
     * connected) only state read within max-staleness: together, a revocation is seen everywhere within
     * max-staleness plus one request, whatever happens to the listener.
     */
    private Instant trustedSince() {
        Instant floor = clock.instant().minus(maxStaleness);
        return heardUpTo.isBefore(floor) ? floor : Instant.MIN;
    }

    /** The listener has applied every announcement committed before {@code instant}. */
    void heardUpTo(Instant instant) {
        heardUpTo = instant;
    }

    Instant heardUpTo() {
        return heardUpTo;
    }

    /** The user's tokenVersion or enabled flag changed in the current transaction. */
    public void userChanged(UUID userId) {
        announce(USER_PREFIX + userId, () -> users.invalidate(userId));
    }

    /** The session was revoked in the current transaction. */
    public void sessionRevoked(UUID sessionId) {
        announce(SESSION_PREFIX + sessionId, () -> sessions.invalidate(sessionId));
    }

    /** Applies an announcement received from any instance (including this one). */
    void apply(String payload) {
        if (payload.startsWith(USER_PREFIX)) {
            users.invalidate(UUID.fromString(payload.substring(USER_PREFIX.length())));
        } else if (payload.startsWith(SESSION_PREFIX)) {
            sessions.invalidate(UUID.fromString(payload.substring(SESSION_PREFIX.length())));
        }
    }

    /** Forgets everything (after missing announcements, e.g. while the listener reconnected). */
    void invalidateAll() {
        users.invalidateAll();
        sessions.invalidateAll();
    }

    private void announce(String payload, Runnable invalidateLocally) {
        // NOTIFY is transactional: other instances hear it only if the revocation commits.
        em.createNativeQuery("SELECT pg_notify(?1, ?2)").setParameter(1, channel).setParameter(2, payload)
                .getSingleResult();
        invalidateLocally.run();
        // Drop again after commit: a concurrent request may have re-read the old state before the commit.
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    invalidateLocally.run();
                }
            }
        });
    }
}
