package io.jwtauth.session;

import io.jwtauth.common.Problems;
import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Opening sessions at login, listing them, and revoking one (logout, DELETE /users/me/sessions/{id}) or all. */
@ApplicationScoped
public class SessionService {

    private final SessionRepository sessions;
    private final RefreshTokenRepository tokens;
    private final RefreshTokenCodec codec;
    private final RevocationCache cache;
    private final SecurityEvents events;
    private final AuthConfig config;
    private final Clock clock;

    SessionService(SessionRepository sessions, RefreshTokenRepository tokens, RefreshTokenCodec codec,
            RevocationCache cache, SecurityEvents events, AuthConfig config, Clock clock) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.codec = codec;
        this.cache = cache;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /** A new session for a user who just proved who they are, with its first refresh token. */
    @Transactional
    public IssuedRefreshToken open(User user, ClientInfo client) {
        Instant now = clock.instant();
        Session session = new Session();
        session.id = UUID.randomUUID();
        session.userId = user.id;
        session.tokenVersion = user.tokenVersion;
        session.createdAt = now;
        session.lastUsedAt = now;
        session.expiresAt = now.plus(config.session().maxLifespan());
        session.userAgent = client.userAgent();
        session.ipAddress = client.ipAddress();
        sessions.persist(session);
        String token = codec.generate();
        RefreshToken row = newRefreshToken(session, token, now);
        return new IssuedRefreshToken(user, session, token, row.expiresAt);
    }

    /** Stores a fresh refresh token for the session; it never outlives the session. */
    RefreshToken newRefreshToken(Session session, String token, Instant now) {
        RefreshToken row = new RefreshToken();
        row.id = UUID.randomUUID();
        row.sessionId = session.id;
        row.tokenHash = codec.hash(token);
        row.createdAt = now;
        row.expiresAt = refreshExpiry(session, now);
        tokens.persist(row);
        return row;
    }

    Instant refreshExpiry(Session session, Instant issuedAt) {
        Instant byLifespan = issuedAt.plus(config.refreshToken().lifespan());
        return byLifespan.isBefore(session.expiresAt) ? byLifespan : session.expiresAt;
    }

    /** The user's sessions that can still be used, newest first. */
    @Transactional
    public List<Session> listLive(User user) {
        return sessions.listLive(user.id, user.tokenVersion, clock.instant());
    }

    /**
     * The session's state as the verify-time checks see it, its row locked until the caller's transaction ends
     * (so a concurrent revocation of it — logout, reuse detection — applies wholly before or after the caller's
     * change); null if there is no such session.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public RevocationCache.SessionState lockedState(UUID sessionId) {
        return sessions.findByIdOptional(sessionId, LockModeType.PESSIMISTIC_WRITE)
                .map(RevocationCache.SessionState::of).orElse(null);
    }

    /** Revokes one session of this user; 404 if it is not theirs (or does not exist). */
    @Transactional
    public void revokeOwn(UUID userId, UUID sessionId) {
        Session session = sessions.findByIdOptional(sessionId).filter(s -> s.userId.equals(userId))
                .orElseThrow(() -> Problems.NOT_FOUND.exception("Session not found"));
        revoke(session, "session_deleted", userId);
    }

    /** Logout by access token: revokes the session the token belongs to. */
    @Transactional
    public void logout(UUID userId, UUID sessionId) {
        sessions.findByIdOptional(sessionId).filter(s -> s.userId.equals(userId))
                .ifPresent(s -> revoke(s, "logout", userId));
    }

    /** Logout by refresh token: revokes its session; an unknown token is not an error (idempotent). */
    @Transactional
    public void logout(String refreshToken) {
        tokens.findByHash(codec.hash(refreshToken)).flatMap(t -> sessions.findByIdOptional(t.sessionId))
                .ifPresent(s -> revoke(s, "logout", s.userId));
    }

    void revoke(Session session, String reason, UUID actorId) {
        if (session.revokedAt == null) {
            session.revokedAt = clock.instant();
            session.revokedReason = reason;
            cache.sessionRevoked(session.id);
            events.revoked(reason, actorId, session.userId, session.id);
        }
    }
}
