package io.jwtauth.session;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.Problems;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Where refresh tokens rotate. Each token is single use: the first presentation stores and returns a successor;
 * a presentation within the grace window returns that same successor (racing tabs, retried requests); a later
 * one is reuse — the token was stolen or replayed — and revokes the whole session, and only that session.
 *
 * <p>Concurrent rotations of one token queue on its row lock ({@code SELECT ... FOR UPDATE}), on one instance or
 * many, so a token never gets two different successors.
 */
@ApplicationScoped
public class RefreshTokenRotation {

    private final RefreshTokenRepository tokens;
    private final SessionService sessionService;
    private final Revocations revocations;
    private final RefreshTokenCodec codec;
    private final SecurityEvents events;
    private final Duration grace;
    private final Clock clock;

    RefreshTokenRotation(
            RefreshTokenRepository tokens,
            SessionService sessionService,
            Revocations revocations,
            RefreshTokenCodec codec,
            SecurityEvents events,
            AuthConfig config,
            Clock clock) {
        this.revocations = revocations;
        this.tokens = tokens;
        this.sessionService = sessionService;
        this.codec = codec;
        this.events = events;
        this.grace = config.refreshToken().reuseGrace();
        this.clock = clock;
    }

    /** Exchanges a refresh token for its successor; refuses unknown, expired, revoked and reused tokens. */
    @Transactional(dontRollbackOn = ProblemException.class)
    public IssuedRefreshToken rotate(String presented) {
        RefreshTokenRepository.ForRotation row =
                tokens.findForRotation(codec.hash(presented)).orElseThrow(() -> invalid("unknown"));
        RefreshToken token = row.token();
        Session session = row.session();
        User user = row.user();
        Instant now = clock.instant();
        if (!user.enabled || !session.isLive(now, user.tokenVersion)) {
            throw invalid("revoked");
        }
        if (token.usedAt == null) {
            if (!now.isBefore(token.expiresAt)) {
                throw invalid("expired");
            }
            String successor = codec.generate();
            RefreshToken next = sessionService.newRefreshToken(session, successor, now);
            token.usedAt = now;
            token.successorSealed = codec.seal(presented, successor);
            session.lastUsedAt = now;
            events.refreshed(session.id, false);
            return new IssuedRefreshToken(user, session, successor, next.expiresAt);
        }
        if (!grace.isZero() && !now.isAfter(token.usedAt.plus(grace))) {
            String successor = codec.unseal(presented, token.successorSealed).orElseThrow(() -> invalid("unsealable"));
            events.refreshed(session.id, true);
            return new IssuedRefreshToken(
                    user, session, successor, sessionService.refreshExpiry(session, token.usedAt));
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
