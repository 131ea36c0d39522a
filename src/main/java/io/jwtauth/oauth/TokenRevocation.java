package io.jwtauth.oauth;

import io.jwtauth.common.AccessTokenClaims;
import io.jwtauth.common.AuthConfig;
import io.jwtauth.session.SessionService;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Token revocation (RFC 7009) for anyone holding a token, as logout does: a refresh token revokes its session; an
 * access token — verified by the same JWTParser as every bearer token, so a forged one revokes nothing — revokes the
 * session of its {@code sid}. For a service account's access token that session is its credential: every token
 * issued with the secret dies, and the secret itself stays valid (the client's next token request opens a new
 * credential). Anything else — unknown, expired, already revoked — is done already: the answer is the same.
 */
@ApplicationScoped
class TokenRevocation {

    private final JWTParser parser;
    private final SessionService sessions;
    private final int maxTokenBytes;

    TokenRevocation(JWTParser parser, SessionService sessions, AuthConfig config) {
        this.parser = parser;
        this.sessions = sessions;
        this.maxTokenBytes = config.maxTokenBytes();
    }

    void revoke(String token) {
        if (token.length() > maxTokenBytes) {
            return; // no token of ours is that long
        }
        if (token.chars().filter(c -> c == '.').count() == 2) {
            revokeAccessToken(token);
        } else {
            sessions.logout(token);
        }
    }

    private void revokeAccessToken(String token) {
        AccessTokenClaims claims;
        try {
            claims = AccessTokenClaims.of(parser.parse(token));
        } catch (ParseException | AuthenticationFailedException | IllegalArgumentException e) {
            return; // forged, expired, or not ours: nothing to revoke
        }
        sessions.logout(claims.userId(), claims.sessionId());
    }
}
