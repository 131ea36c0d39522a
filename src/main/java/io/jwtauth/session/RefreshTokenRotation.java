package io.jwtauth.session;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.Problems;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.user.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.TransactionExceptionResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where refresh tokens rotate. Each token is single use: the first presentation stores and returns a successor;
 * a presentation within the grace window returns that same successor (racing tabs, retried requests); a later
 * one is reuse — the token was stolen or replayed — and revokes the whole session, and only that session.
 *
 * <p>The common case is one statement: the session's refresh state moves from the presented generation to the next
 * ({@link SessionRepository#rotate}). Concurrent rotations of one token (on one instance or many) queue on the
 * session's row lock; the first moves it, the others no longer match and take the grace path, so a token never gets
 * two different successors. Anything else (unknown, expired, revoked, grace, reuse) is decided from the session row.
 */
@ApplicationScoped
public class RefreshTokenRotation {

    private final SessionRepository sessions;
    private final LegacyRefreshTokens legacy;
    private final Revocations revocations;
    private final RefreshTokenCodec codec;
    private final SecurityEvents events;
    private final Duration grace;
    private final Duration lifespan;
    private final Clock clock;

    RefreshTokenRotation(
            SessionRepository sessions,
            LegacyRefreshTokens legacy,
            Revocations revocations,
            RefreshTokenCodec codec,
            SecurityEvents events,
            AuthConfig config,
            Clock clock) {
        this.sessions = sessions;
        this.legacy = legacy;
        this.revocations = revocations;
        this.codec = codec;
        this.events = events;
        this.grace = config.refreshToken().reuseGrace();
        this.lifespan = config.refreshToken().lifespan();
        this.clock = clock;
    }

    /**
     * Exchanges a refresh token for its successor; refuses unknown, expired, revoked and reused tokens. The rotation
     * commits on its own; what is decided from the session row runs in a transaction that commits a reuse's revocation
     * even as the refusal is thrown.
     */
    public IssuedRefreshToken rotate(String presentedToken) {
        RefreshTokenCodec.Presented presented = codec.read(presentedToken)
                .or(() -> QuarkusTransaction.requiringNew().call(() -> legacy.find(codec.hash(presentedToken))))
                .orElseThrow(() -> invalid("unknown"));
        Instant now = clock.instant();
        String successor = codec.mint(presented.sessionId(), presented.generation() + 1);
        Optional<SessionRepository.Rotated> rotated = sessions.rotate(
                presented, codec.hash(successor), codec.seal(presentedToken, successor), now, now.plus(lifespan));
        if (rotated.isPresent()) {
            // a rotation of a session that is no longer live changes nothing anyone can use: it stays dead
            SessionRepository.Rotated r = rotated.get();
            if (!r.userEnabled() || !r.session().isLive(now, r.userTokenVersion())) {
                throw invalid("revoked");
            }
            events.refreshed(false);
            return IssuedRefreshToken.of(r, presented.sessionId(), successor);
        }
        return QuarkusTransaction.requiringNew()
                .exceptionHandler(failure -> failure instanceof ProblemException
                        ? TransactionExceptionResult.COMMIT
                        : TransactionExceptionResult.ROLLBACK)
                .call(() -> notCurrent(presentedToken, presented, now));
    }

    /** The presented token is not the session's current one: which of unknown, expired, revoked, grace or reuse. */
    private IssuedRefreshToken notCurrent(String presentedToken, RefreshTokenCodec.Presented presented, Instant now) {
        SessionRepository.WithUser row =
                sessions.findWithUser(presented.sessionId()).orElseThrow(() -> invalid("unknown"));
        Session session = row.session();
        User user = row.user();
        if (!user.enabled || !session.isLive(now, user.tokenVersion)) {
            throw invalid("revoked");
        }
        if (presented.generation() >= session.refreshGeneration) {
            // the current generation that did not match (expired), or one never issued
            throw invalid(presented.generation() == session.refreshGeneration ? "expired" : "unknown");
        }
        if (presented.generation() == session.refreshGeneration - 1
                && !grace.isZero()
                && session.refreshRotatedAt != null
                && !now.isAfter(session.refreshRotatedAt.plus(grace))) {
            Optional<String> successor = codec.unseal(presentedToken, session.refreshSealed);
            if (successor.isPresent()) {
                events.refreshed(true);
                return IssuedRefreshToken.of(user, session, successor.get(), session.refreshExpiresAt);
            }
        }
        revocations.revokeSession(session, Problems.REFRESH_TOKEN_REUSED.code(), null);
        events.reuseDetected(user.id, session.id);
        throw Problems.REFRESH_TOKEN_REUSED.exception();
    }

    private ProblemException invalid(String why) {
        events.refreshRefused(why);
        return Problems.INVALID_REFRESH_TOKEN.exception();
    }
}
