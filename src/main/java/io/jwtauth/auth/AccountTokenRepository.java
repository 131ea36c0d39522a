package io.jwtauth.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code account_tokens} table: the only place that knows its shape. */
@ApplicationScoped
class AccountTokenRepository {

    /** The account a live token belongs to, and the address it was mailed to. */
    record Holder(UUID userId, String email) {}

    private final EntityManager em;

    AccountTokenRepository(EntityManager em) {
        this.em = em;
    }

    /** Stores the token's hash; the account's older token of the same purpose, if any, is replaced (dies). */
    void replace(byte[] hash, UUID userId, String purpose, String email, Instant now, Instant expiresAt) {
        em.createNativeQuery("""
                INSERT INTO account_tokens (token_hash, user_id, purpose, email, created_at, expires_at)
                VALUES (:hash, :user, :purpose, :email, :now, :expires)
                ON CONFLICT (user_id, purpose) DO UPDATE SET
                  token_hash = EXCLUDED.token_hash, email = EXCLUDED.email,
                  created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at""")
                .setParameter("hash", hash)
                .setParameter("user", userId)
                .setParameter("purpose", purpose)
                .setParameter("email", email)
                .setParameter("now", now)
                .setParameter("expires", expiresAt)
                .executeUpdate();
    }

    /** The holder of a live token, without using it up. */
    Optional<Holder> find(byte[] hash, String purpose, Instant now) {
        return holder(em.createNativeQuery("""
                SELECT user_id, email FROM account_tokens
                WHERE token_hash = :hash AND purpose = :purpose AND expires_at > :now""")
                .setParameter("hash", hash)
                .setParameter("purpose", purpose)
                .setParameter("now", now)
                .getResultList());
    }

    /**
     * Uses a live token up: deletes it and returns its holder, in one statement, so of two requests presenting it at
     * once exactly one gets the holder (the other waits for the row, then finds it gone).
     */
    Optional<Holder> consume(byte[] hash, String purpose, Instant now) {
        return holder(em.createNativeQuery("""
                DELETE FROM account_tokens
                WHERE token_hash = :hash AND purpose = :purpose AND expires_at > :now
                RETURNING user_id, email""")
                .setParameter("hash", hash)
                .setParameter("purpose", purpose)
                .setParameter("now", now)
                .getResultList());
    }

    /** Deletes up to {@code limit} tokens that expired before {@code now}; how many. */
    int purge(Instant now, int limit) {
        return em.createNativeQuery("""
                DELETE FROM account_tokens WHERE token_hash IN (
                  SELECT token_hash FROM account_tokens WHERE expires_at <= :now LIMIT :limit)""")
                .setParameter("now", now)
                .setParameter("limit", limit)
                .executeUpdate();
    }

    private static Optional<Holder> holder(List<?> rows) {
        return rows.stream().findFirst().map(r -> {
            Object[] row = (Object[]) r;
            return new Holder((UUID) row[0], (String) row[1]);
        });
    }
}
