package io.jwtauth.session;

import java.time.Instant;
import java.util.UUID;

/** The part of a session the verify-time checks need, and the one definition of "this session is live". */
public record SessionState(UUID userId, int tokenVersion, boolean revoked, Instant expiresAt) {

    public static SessionState of(Session session) {
        return new SessionState(session.userId, session.tokenVersion, session.revokedAt != null, session.expiresAt);
    }

    /**
     * Live: not revoked, not past its absolute expiry, and issued under the user's current tokenVersion (a bump
     * kills every session).
     */
    public boolean isLive(Instant now, int currentTokenVersion) {
        return !revoked && now.isBefore(expiresAt) && tokenVersion == currentTokenVersion;
    }
}
