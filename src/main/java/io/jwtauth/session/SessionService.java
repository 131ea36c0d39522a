package io.jwtauth.session;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.Problems;
import io.jwtauth.user.User;
import io.jwtauth.user.UserState;
import io.jwtauth.user.UserStates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Opening sessions at login, listing the live ones, and the user-facing ways to end one (logout, delete). */
@ApplicationScoped
public class SessionService {

    private final SessionRepository sessions;
    private final LegacyRefreshTokens legacy;
    private final RefreshTokenCodec codec;
    private final Revocations revocations;
    private final UserStates users;
    private final AuthConfig config;
    private final Clock clock;

    SessionService(
            SessionRepository sessions,
            LegacyRefreshTokens legacy,
            RefreshTokenCodec codec,
            Revocations revocations,
            UserStates users,
            AuthConfig config,
            Clock clock) {
        this.sessions = sessions;
        this.legacy = legacy;
        this.codec = codec;
        this.revocations = revocations;
        this.users = users;
        this.config = config;
        this.clock = clock;
    }

    /**
     * A new session for a user who just proved who they are, with its first refresh token; {@code amr}: how they
     * proved it (see AuthenticationMethods), carried by every access token of the session.
     */
    @Transactional
    public IssuedRefreshToken open(User user, ClientInfo client, List<String> amr) {
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
        String token = codec.mint(session.id, 0);
        session.refreshHash = codec.hash(token);
        Instant byLifespan = now.plus(config.refreshToken().lifespan());
        session.refreshExpiresAt = byLifespan.isBefore(session.expiresAt) ? byLifespan : session.expiresAt;
        session.amr = amr.toArray(String[]::new);
        sessions.insert(session);
        return IssuedRefreshToken.of(user, session, token, session.refreshExpiresAt);
    }

    /**
     * A session that stands for a service account's credential (its client secret): no refresh token, no client
     * address; its id is the {@code sid} of every access token issued with the secret, so revoking it (a rotated
     * secret) kills exactly those, and a tokenVersion bump (a deleted client) kills it. Like every session it ends at
     * the absolute lifespan; the client's next token request opens the next one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID openCredential(User client) {
        Instant now = clock.instant();
        Session session = new Session();
        session.id = UUID.randomUUID();
        session.userId = client.id;
        session.tokenVersion = client.tokenVersion;
        session.createdAt = now;
        session.lastUsedAt = now;
        session.expiresAt = now.plus(config.session().maxLifespan());
        session.amr = new String[0]; // no person authenticated: its tokens carry no amr
        sessions.insert(session);
        return session.id;
    }

    /** The user's live sessions ({@link SessionState#isLive}), newest first. */
    @Transactional
    public List<Session> listLive(UUID userId) {
        UserState cached = users.peek(userId);
        UserState user = cached != null ? cached : users.load(userId);
        if (user == null) {
            return List.of();
        }
        Instant now = clock.instant();
        return sessions.listByUser(userId).stream()
                .filter(s -> SessionState.of(s).isLive(now, user.tokenVersion()))
                .toList();
    }

    /**
     * The session's state as the verify-time checks see it, its row locked until the caller's transaction ends
     * (so a concurrent revocation of it — logout, reuse detection — applies wholly before or after the caller's
     * change); null if there is no such session.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public SessionState lockedState(UUID sessionId) {
        return sessions.findForUpdate(sessionId).map(SessionState::of).orElse(null);
    }

    /** Revokes every live session of the user but {@code keep} (the caller's own), each as a logout would. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revokeOthers(UUID userId, UUID keep, String reason) {
        Instant now = clock.instant();
        for (Session session : sessions.listByUser(userId)) {
            if (!session.id.equals(keep) && session.revokedAt == null && now.isBefore(session.expiresAt)) {
                revocations.revokeSession(session, reason, userId);
            }
        }
    }

    /** Revokes one session of this user; 404 if it is not theirs (or does not exist). */
    @Transactional
    public void revokeOwn(UUID userId, UUID sessionId) {
        Session session = sessions.findByIdOptional(sessionId)
                .filter(s -> s.userId.equals(userId))
                .orElseThrow(() -> Problems.NOT_FOUND.exception("Session not found"));
        revocations.revokeSession(session, "session_deleted", userId);
    }

    /** Logout by access token: revokes the session the token belongs to. */
    @Transactional
    public void logout(UUID userId, UUID sessionId) {
        sessions.findByIdOptional(sessionId)
                .filter(s -> s.userId.equals(userId))
                .ifPresent(s -> revocations.revokeSession(s, "logout", userId));
    }

    /**
     * Logout by refresh token (of any generation of its session): revokes its session; an unknown token is not an
     * error (idempotent).
     */
    @Transactional
    public void logout(String refreshToken) {
        codec.read(refreshToken)
                .or(() -> legacy.find(codec.hash(refreshToken)))
                .flatMap(presented -> sessions.findByIdOptional(presented.sessionId()))
                .ifPresent(s -> revocations.revokeSession(s, "logout", s.userId));
    }
}
