package io.jwtauth.token;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.session.RevocationCache;
import io.jwtauth.session.RevocationCache.SessionState;
import io.jwtauth.session.RevocationCache.UserState;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Where a revoked access token is refused, on every request. After {@link TokenVerdicts} has checked the
 * signature (RS256 with one of our keys), issuer, audience and expiry, this checks what a signature cannot:
 * {@code iat} not in the future, {@code ver} equal to the user's tokenVersion, the session {@code sid} not
 * revoked, the user existing and enabled — from {@link RevocationCache}, so a warm cache costs no database
 * round trip.
 */
@ApplicationScoped
public class AccessTokenChecks implements SecurityIdentityAugmentor {

    private final RevocationCache cache;
    private final Clock clock;
    private final long skewSeconds;

    AccessTokenChecks(RevocationCache cache, Clock clock, AuthConfig config) {
        this.cache = cache;
        this.clock = clock;
        this.skewSeconds = config.clockSkew();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        AccessTokenClaims claims;
        try {
            claims = AccessTokenClaims.of(jwt);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(TokenRejection.rejected(TokenRejection.Reason.CLAIMS));
        }
        Instant now = clock.instant();
        if (claims.issuedAt() > now.getEpochSecond() + skewSeconds) {
            return Uni.createFrom().failure(TokenRejection.rejected(TokenRejection.Reason.NOT_YET_VALID));
        }
        UserState user = cache.peekUser(claims.userId());
        SessionState session = cache.peekSession(claims.sessionId());
        if (user != null && session != null) {
            return accepts(claims, user, session, now)
                    ? Uni.createFrom().item(identity)
                    : Uni.createFrom().failure(TokenRejection.rejected(TokenRejection.Reason.REVOKED));
        }
        if (refusedForGood(claims, cache.lastKnownUser(claims.userId()), cache.lastKnownSession(claims.sessionId()),
                now)) {
            return Uni.createFrom().failure(TokenRejection.rejected(TokenRejection.Reason.REVOKED));
        }
        return context.runBlocking(() -> {
            UserState u = user != null ? user : cache.loadUser(claims.userId());
            SessionState s = session != null ? session : cache.loadSession(claims.sessionId());
            if (!accepts(claims, u, s, clock.instant())) {
                throw TokenRejection.rejected(TokenRejection.Reason.REVOKED);
            }
            return identity;
        });
    }

    /** The revocation rule: whether a token with these claims is still accepted, given its user and session. */
    public static boolean accepts(AccessTokenClaims claims, UserState user, SessionState session, Instant now) {
        return user != null && user.enabled() && user.tokenVersion() == claims.tokenVersion()
                && session != null && !session.revoked() && session.userId().equals(claims.userId())
                && now.isBefore(session.expiresAt());
    }

    /**
     * Whether state known at some time, however long ago, refuses the token for good: a session is never
     * un-revoked, never changes owner, its expiry never moves, and a user's tokenVersion only grows. So cached
     * state too old to accept a token with (the listener not known to be live) may still refuse one without a
     * database round trip: a revoked token replayed while the listener is down costs no query. Everything else
     * (enabled, the version matching) can change back and forth, and is only read from trusted state, by
     * {@link #accepts}.
     */
    static boolean refusedForGood(AccessTokenClaims claims, UserState user, SessionState session, Instant now) {
        return user != null && user.tokenVersion() > claims.tokenVersion()
                || session != null && (session.revoked() || !session.userId().equals(claims.userId())
                        || !now.isBefore(session.expiresAt()));
    }
}
