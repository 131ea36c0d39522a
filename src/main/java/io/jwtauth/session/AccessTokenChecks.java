package io.jwtauth.session;

import io.jwtauth.common.AccessTokenClaims;
import io.jwtauth.common.AuthConfig;
import io.jwtauth.token.TokenRejection;
import io.jwtauth.user.UserState;
import io.jwtauth.user.UserStates;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Where a revoked access token is refused, on every request. After the token feature has checked the signature
 * (RS256 with one of our keys), issuer, audience and expiry ({@code TokenVerdicts}), this checks what a signature
 * cannot: {@code iat} not in the future, {@code ver} equal to the user's tokenVersion, the session {@code sid} live,
 * the user existing and enabled — from {@link UserStates} and {@link SessionStates}, the caches these checks read,
 * so a warm cache costs no database round trip. A service account's token is checked by the same rule: its subject is
 * a user row and its {@code sid} the session that stands for its credential. Introspection asks here too
 * ({@link #check(JsonWebToken)}): one rule, wherever a token is verified.
 */
@ApplicationScoped
public class AccessTokenChecks implements SecurityIdentityAugmentor {

    private final UserStates users;
    private final SessionStates sessions;
    private final Clock clock;
    private final long skewSeconds;

    AccessTokenChecks(UserStates users, SessionStates sessions, Clock clock, AuthConfig config) {
        this.users = users;
        this.sessions = sessions;
        this.clock = clock;
        this.skewSeconds = config.clockSkew();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        return check(jwt, identity, context::runBlocking);
    }

    /**
     * The same checks for a token verified outside authentication (introspection): the token itself when it is
     * accepted, else a failure of {@link TokenRejection}. Never blocks the caller's thread: state that must be loaded
     * is loaded on a worker thread.
     */
    public Uni<JsonWebToken> check(JsonWebToken jwt) {
        return check(jwt, jwt, AccessTokenChecks::onWorker);
    }

    /** Answers {@code accepted} if the token is accepted; runs the loads (if any) through {@code blocking}. */
    private <T> Uni<T> check(JsonWebToken jwt, T accepted, Function<Supplier<T>, Uni<T>> blocking) {
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
        UserState user = users.peek(claims.userId());
        SessionState session = sessions.peek(claims.sessionId());
        if (user != null && session != null) {
            return accepts(claims, user, session, now)
                    ? Uni.createFrom().item(accepted)
                    : Uni.createFrom().failure(TokenRejection.rejected(TokenRejection.Reason.REVOKED));
        }
        if (refusedForGood(claims, users.lastKnown(claims.userId()), sessions.lastKnown(claims.sessionId()), now)) {
            return Uni.createFrom().failure(TokenRejection.rejected(TokenRejection.Reason.REVOKED));
        }
        return blocking.apply(() -> {
            UserState u = user != null ? user : users.load(claims.userId());
            SessionState s = session != null ? session : sessions.load(claims.sessionId());
            if (!accepts(claims, u, s, clock.instant())) {
                throw TokenRejection.rejected(TokenRejection.Reason.REVOKED);
            }
            return accepted;
        });
    }

    private static <T> Uni<T> onWorker(Supplier<T> load) {
        return Uni.createFrom().item(load).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * The revocation rule: whether a token with these claims is still accepted, given its user and session: the user
     * enabled and at the token's tokenVersion, the session the user's and live.
     */
    public static boolean accepts(AccessTokenClaims claims, UserState user, SessionState session, Instant now) {
        return user != null
                && user.enabled()
                && user.tokenVersion() == claims.tokenVersion()
                && session != null
                && session.userId().equals(claims.userId())
                && session.isLive(now, user.tokenVersion());
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
                || session != null
                        && (session.revoked()
                                || !session.userId().equals(claims.userId())
                                || !now.isBefore(session.expiresAt()));
    }
}
