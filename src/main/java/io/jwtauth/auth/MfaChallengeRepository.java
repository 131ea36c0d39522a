package io.jwtauth.auth;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;

/** Pending second-factor logins by the hash of their mfa_token. */
@ApplicationScoped
class MfaChallengeRepository implements PanacheRepositoryBase<MfaChallenge, byte[]> {

    /** The live challenge, its row locked until the transaction ends: uses of one mfa_token apply one at a time. */
    Optional<MfaChallenge> findLiveForUpdate(byte[] tokenHash, Instant now) {
        return findByIdOptional(tokenHash, LockModeType.PESSIMISTIC_WRITE).filter(c -> now.isBefore(c.expiresAt));
    }

    Optional<MfaChallenge> findLive(byte[] tokenHash, Instant now) {
        return findByIdOptional(tokenHash).filter(c -> now.isBefore(c.expiresAt));
    }

    long purgeExpired(Instant now) {
        return delete("expiresAt <= ?1", now);
    }
}
