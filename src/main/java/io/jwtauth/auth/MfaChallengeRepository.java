package io.jwtauth.auth;

import io.jwtauth.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Pending second-factor logins by the hash of their mfa_token. */
@ApplicationScoped
class MfaChallengeRepository {

    private static final String SELECT = "SELECT token_hash, user_id, expires_at, failures FROM mfa_challenges";

    private final Sql sql;

    MfaChallengeRepository(Sql sql) {
        this.sql = sql;
    }

    void insert(byte[] tokenHash, UUID userId, Instant expiresAt) {
        sql.statement("""
                INSERT INTO mfa_challenges (token_hash, user_id, expires_at, failures)
                VALUES (:hash, :user, :expires, 0)""")
                .bind("hash", tokenHash)
                .bind("user", userId)
                .bind("expires", expiresAt)
                .update();
    }

    /** The live challenge, its row locked until the transaction ends: uses of one mfa_token apply one at a time. */
    Optional<MfaChallenge> findLiveForUpdate(byte[] tokenHash, Instant now) {
        return find(SELECT + " WHERE token_hash = :hash FOR UPDATE", tokenHash)
                .filter(c -> now.isBefore(c.expiresAt()));
    }

    Optional<MfaChallenge> findLive(byte[] tokenHash, Instant now) {
        return find(SELECT + " WHERE token_hash = :hash", tokenHash).filter(c -> now.isBefore(c.expiresAt()));
    }

    /** Counts a wrong code on the challenge: the failures so far, this one included. */
    int countFailure(byte[] tokenHash) {
        return sql.statement(
                        "UPDATE mfa_challenges SET failures = failures + 1 WHERE token_hash = :hash RETURNING failures")
                .bind("hash", tokenHash)
                .first(row -> row.integer("failures"))
                .orElseThrow(() -> new IllegalStateException("the challenge is locked by this transaction"));
    }

    void delete(byte[] tokenHash) {
        sql.statement("DELETE FROM mfa_challenges WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .update();
    }

    long purgeExpired(Instant now) {
        return sql.statement("DELETE FROM mfa_challenges WHERE expires_at <= :now")
                .bind("now", now)
                .update();
    }

    private Optional<MfaChallenge> find(String select, byte[] tokenHash) {
        return sql.statement(select)
                .bind("hash", tokenHash)
                .first(row -> new MfaChallenge(
                        row.bytes("token_hash"),
                        row.uuid("user_id"),
                        row.instant("expires_at"),
                        row.integer("failures")));
    }
}
