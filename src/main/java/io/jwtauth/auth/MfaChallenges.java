package io.jwtauth.auth;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.OpaqueTokens;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.Problems;
import io.jwtauth.common.SecurityEvents;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The mfa_token of a login that passed its password and waits for its second factor: opaque, 256 bits, stored as
 * SHA-256, living {@code auth.mfa.token-lifespan}, used once; each wrong code is counted on it and the
 * {@code auth.mfa.token-max-failures}th kills it.
 */
@ApplicationScoped
class MfaChallenges {

    /** The second factors POST /auth/login/mfa takes, as mfa_required lists them. */
    static final List<String> METHODS = List.of("totp", "recovery_code");

    private final MfaChallengeRepository challenges;
    private final OpaqueTokens tokens;
    private final SecurityEvents events;
    private final AuthConfig.Mfa config;
    private final Clock clock;

    MfaChallenges(
            MfaChallengeRepository challenges,
            OpaqueTokens tokens,
            SecurityEvents events,
            AuthConfig config,
            Clock clock) {
        this.challenges = challenges;
        this.tokens = tokens;
        this.events = events;
        this.config = config.mfa();
        this.clock = clock;
    }

    /**
     * A new challenge for the account, in the caller's transaction: the 403 mfa_required that answers the login, with
     * its {@code mfa_token} and {@code methods} (no-store: it carries a token).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    ProblemException issue(UUID userId) {
        String token = tokens.generate();
        challenges.insert(OpaqueTokens.hash(token), userId, clock.instant().plus(config.tokenLifespan()));
        events.secondFactorRequired(userId);
        return Problems.MFA_REQUIRED.exception(
                "Send a code from your authenticator app (or a recovery code) with this mfa_token to "
                        + "POST /auth/login/mfa within "
                        + config.tokenLifespan().toSeconds() + " s",
                Map.of("Cache-Control", "no-store"),
                Map.of("mfa_token", token, "methods", METHODS));
    }

    /** The account a live mfa_token belongs to; 401 invalid_mfa_token otherwise. Reads only. */
    @Transactional
    UUID accountOf(String token) {
        return challenges
                .findLive(OpaqueTokens.hash(token), clock.instant())
                .map(MfaChallenge::userId)
                .orElseThrow(MfaChallenges::invalid);
    }

    /** The live challenge of this token, locked for the caller's transaction; 401 invalid_mfa_token otherwise. */
    @Transactional(Transactional.TxType.MANDATORY)
    MfaChallenge lock(String token) {
        return challenges
                .findLiveForUpdate(OpaqueTokens.hash(token), clock.instant())
                .orElseThrow(MfaChallenges::invalid);
    }

    /** The code was right: the token is used up. */
    @Transactional(Transactional.TxType.MANDATORY)
    void passed(MfaChallenge challenge) {
        challenges.delete(challenge.tokenHash());
    }

    /** The code was wrong: counted on the token, which dies at the limit. */
    @Transactional(Transactional.TxType.MANDATORY)
    ProblemException failed(MfaChallenge challenge) {
        int left = config.tokenMaxFailures() - challenges.countFailure(challenge.tokenHash());
        events.loginFailed(Problems.INVALID_MFA_CODE.code());
        if (left <= 0) {
            challenges.delete(challenge.tokenHash());
            return Problems.INVALID_MFA_CODE.exception(
                    "The code is incorrect; that was the last try for this mfa_token, log in again");
        }
        return Problems.INVALID_MFA_CODE.exception(
                "The code is incorrect or was already used; " + left + " more tries with this mfa_token");
    }

    @Scheduled(every = "${auth.purge.every}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purge() {
        challenges.purgeExpired(clock.instant());
    }

    private static ProblemException invalid() {
        return Problems.INVALID_MFA_TOKEN.exception();
    }
}
