package io.jwtauth.session;

import io.jwtauth.token.AccessTokenIssuer;
import io.jwtauth.user.User;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A refresh token handed to a client, with what the access token issued beside it says (its subject and session). */
public record IssuedRefreshToken(AccessTokenIssuer.Subject subject, String token, Instant expiresAt) {

    static IssuedRefreshToken of(User user, Session session, String token, Instant expiresAt) {
        return new IssuedRefreshToken(
                new AccessTokenIssuer.Subject(
                        user.id,
                        user.email,
                        user.emailVerified,
                        user.roleSet(),
                        session.id,
                        user.tokenVersion,
                        List.of(session.amr)),
                token,
                expiresAt);
    }

    /** The successor of a rotation, from what the rotating statement returned. */
    static IssuedRefreshToken of(SessionRepository.Rotated rotated, UUID sessionId, String token) {
        return new IssuedRefreshToken(
                new AccessTokenIssuer.Subject(
                        rotated.session().userId(),
                        rotated.email(),
                        rotated.emailVerified(),
                        rotated.roles(),
                        sessionId,
                        rotated.userTokenVersion(),
                        rotated.amr()),
                token,
                rotated.refreshExpiresAt());
    }

    public UUID sessionId() {
        return subject().sessionId();
    }
}
