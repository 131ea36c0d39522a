package io.jwtauth.resourceserver;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The revocations that can still matter, in memory, and the receiver's rule over them (API.md "Revocation events"):
 * refuse a token whose {@code sid} was revoked, whose {@code ver} is below its subject's latest
 * {@code tokens_revoked.ver}, or whose subject is disabled; and one signed with a retired key.
 *
 * <p>Every entry is forgotten once no token it could affect can still be valid: a token affected by a revocation was
 * issued before it, so it expires at most {@code token-max-lifetime} (plus clock skew) after it. That bound holds
 * because longer-lived tokens are refused. A disabled subject is forgotten on the same schedule: it gets no new token
 * while disabled, so after that time it has none left to refuse (and {@code subject_enabled} forgets it at once).
 *
 * <p>One writer (the feed) and many readers (requests): reads are lock-free map look-ups.
 */
final class RevocationState {

    private final Duration retention;
    private final long maxLifetimeSeconds;
    /** sid → when it was revoked */
    private final Map<String, Instant> revokedSessions = new ConcurrentHashMap<>();
    /** sub → the lowest {@code ver} still valid, and when it was set */
    private final Map<String, MinimumVersion> minimumVersions = new ConcurrentHashMap<>();
    /** sub → when it was disabled */
    private final Map<String, Instant> disabledSubjects = new ConcurrentHashMap<>();
    /** kid → when it was retired */
    private final Map<String, Instant> retiredKeys = new ConcurrentHashMap<>();

    private record MinimumVersion(long ver, Instant at) {}

    RevocationState(Duration tokenMaxLifetime, Duration clockSkew) {
        this.retention = tokenMaxLifetime.plus(clockSkew);
        this.maxLifetimeSeconds = tokenMaxLifetime.toSeconds();
    }

    /** Takes one event into the state; {@code receivedAt} stands in for an event without a readable {@code at}. */
    void apply(RevocationEvent event, Instant receivedAt) {
        Instant at = event.at() != null ? event.at() : receivedAt;
        String type = event.type() == null ? "" : event.type();
        switch (type) {
            case RevocationEvent.SESSION_REVOKED -> {
                if (event.sid() != null) {
                    revokedSessions.merge(event.sid(), at, RevocationState::later);
                }
            }
            case RevocationEvent.TOKENS_REVOKED -> {
                if (event.sub() != null && event.ver() != null) {
                    minimumVersions.merge(
                            event.sub(),
                            new MinimumVersion(event.ver(), at),
                            (old, added) ->
                                    new MinimumVersion(Math.max(old.ver(), added.ver()), later(old.at(), added.at())));
                }
            }
            case RevocationEvent.SUBJECT_DISABLED -> {
                if (event.sub() != null) {
                    disabledSubjects.merge(event.sub(), at, RevocationState::later);
                }
            }
            case RevocationEvent.SUBJECT_ENABLED -> {
                if (event.sub() != null) {
                    disabledSubjects.remove(event.sub());
                }
            }
            case RevocationEvent.KEY_RETIRED -> {
                if (event.kid() != null) {
                    retiredKeys.merge(event.kid(), at, RevocationState::later);
                }
            }
            default -> {
                // a type this version does not know: nothing it could refuse
            }
        }
    }

    /** The reason to refuse this (signature-verified) token, or {@code null} to accept it. */
    Refusal refusal(TokenFacts token) {
        if (token.exp() - token.iat() > maxLifetimeSeconds) {
            return Refusal.LIFETIME_TOO_LONG;
        }
        if (token.sid() != null && revokedSessions.containsKey(token.sid())) {
            return Refusal.SESSION_REVOKED;
        }
        if (token.sub() != null) {
            if (disabledSubjects.containsKey(token.sub())) {
                return Refusal.SUBJECT_DISABLED;
            }
            MinimumVersion minimum = minimumVersions.get(token.sub());
            if (minimum != null && issuedBefore(token, minimum)) {
                return Refusal.TOKENS_REVOKED;
            }
        }
        if (!retiredKeys.isEmpty()) {
            String kid = token.kid().get();
            if (kid != null && retiredKeys.containsKey(kid)) {
                return Refusal.KEY_RETIRED;
            }
        }
        return null;
    }

    /**
     * A token with {@code ver} is older than the revocation when its {@code ver} is lower. One without (a service
     * account's) is when it was issued no later than the revocation's second: {@code iat} has whole seconds, so a
     * token issued in that same second after it is refused too, and its holder simply asks for another.
     */
    private static boolean issuedBefore(TokenFacts token, MinimumVersion minimum) {
        if (token.ver() != null) {
            return token.ver() < minimum.ver();
        }
        return token.iat() <= minimum.at().getEpochSecond();
    }

    /** Drops every entry that no token still valid at {@code now} can be affected by. */
    void forgetExpired(Instant now) {
        Instant cutoff = now.minus(retention);
        revokedSessions.values().removeIf(at -> at.isBefore(cutoff));
        minimumVersions.values().removeIf(minimum -> minimum.at().isBefore(cutoff));
        disabledSubjects.values().removeIf(at -> at.isBefore(cutoff));
        retiredKeys.values().removeIf(at -> at.isBefore(cutoff));
    }

    /** How many entries are held, by kind (the metric and the readiness data). */
    Map<String, Integer> sizes() {
        return Map.of(
                "revokedSessions", revokedSessions.size(),
                "subjectsWithRevokedTokens", minimumVersions.size(),
                "disabledSubjects", disabledSubjects.size(),
                "retiredKeys", retiredKeys.size());
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
