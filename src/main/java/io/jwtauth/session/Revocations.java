package io.jwtauth.session;

import io.jwtauth.common.SecurityEvents;
import io.jwtauth.user.AccountChanged;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Where tokens are made to die: one session (logout, a deleted session, reuse of a rotated refresh token), or
 * everything a user holds — tokenVersion + 1 (logout-all, password change, role change, disable, admin revoke). Each
 * fires its event inside the transaction: the caches drop the state once it commits, every other instance hears of it
 * ({@link RevocationAnnouncer}), and the revocation event log records it in the same transaction.
 */
@ApplicationScoped
public class Revocations {

    private final UserRepository users;
    private final SessionRepository sessions;
    private final Event<AccountChanged> accountChanged;
    private final Event<SessionRevoked> sessionRevoked;
    private final SecurityEvents events;
    private final Clock clock;

    Revocations(
            UserRepository users,
            SessionRepository sessions,
            Event<AccountChanged> accountChanged,
            Event<SessionRevoked> sessionRevoked,
            SecurityEvents events,
            Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.accountChanged = accountChanged;
        this.sessionRevoked = sessionRevoked;
        this.events = events;
        this.clock = clock;
    }

    /** tokenVersion + 1 for this user (its row locked): every access and refresh token of the user dies. */
    @Transactional
    public User revokeAllTokens(UUID userId, String kind, UUID actorId) {
        User user = users.findForUpdate(userId);
        revokeAllTokens(user, kind, actorId);
        return user;
    }

    /**
     * The same for a user the caller's transaction has already locked (and perhaps changed): the user's row is
     * written, the caller's changes with the new tokenVersion.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revokeAllTokens(User lockedUser, String kind, UUID actorId) {
        bump(lockedUser, false, kind, actorId);
    }

    /**
     * Disables or re-enables a user the caller's transaction has locked; either way every token it holds dies
     * (tokenVersion + 1). The one way to change {@code enabled}, so that the change itself is announced (the event log
     * tells APIs verifying offline that the subject is disabled, or enabled again).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void setEnabled(User lockedUser, boolean enabled, String kind, UUID actorId) {
        boolean changed = lockedUser.enabled != enabled;
        lockedUser.enabled = enabled;
        bump(lockedUser, changed, kind, actorId);
    }

    private void bump(User lockedUser, boolean enabledChanged, String kind, UUID actorId) {
        lockedUser.bumpTokenVersion(clock.instant());
        users.update(lockedUser);
        accountChanged.fire(
                new AccountChanged(lockedUser.id, lockedUser.tokenVersion, lockedUser.enabled, enabledChanged, kind));
        events.revoked(kind, actorId, lockedUser.id, null);
    }

    /** Revokes the session (idempotent): its refresh token and its access tokens (by sid) die. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revokeSession(Session session, String reason, UUID actorId) {
        Instant now = clock.instant();
        // the row decides: of two revocations racing for one session, only the first is announced and logged
        if (session.revokedAt == null && sessions.revoke(session.id, now, reason)) {
            session.revokedAt = now;
            session.revokedReason = reason;
            sessionRevoked.fire(new SessionRevoked(session.id, session.userId, reason));
            events.revoked(reason, actorId, session.userId, session.id);
        }
    }
}
