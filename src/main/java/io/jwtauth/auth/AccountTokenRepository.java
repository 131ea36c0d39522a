package io.jwtauth.auth;

import io.jwtauth.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The {@code account_tokens} table: the only place that knows its shape. */
@ApplicationScoped
class AccountTokenRepository {

    /** The account a live token belongs to, and the address it was mailed to. */
    record Holder(UUID userId, String email) {}

    private final Sql sql;

    AccountTokenRepository(Sql sql) {
        this.sql = sql;
    }

    /** Stores the token's hash; the account's older token of the same purpose, if any, is replaced (dies). */
    void replace(byte[] hash, UUID userId, String purpose, String email, Instant now, Instant expiresAt) {
        sql.statement("""
                INSERT INTO account_tokens (token_hash, user_id, purpose, email, created_at, expires_at)
                VALUES (:hash, :user, :purpose, :email, :now, :expires)
                ON CONFLICT (user_id, purpose) DO UPDATE SET
                  token_hash = EXCLUDED.token_hash, email = EXCLUDED.email,
                  created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at""")
                .bind("hash", hash)
                .bind("user", userId)
                .bind("purpose", purpose)
                .bind("email", email)
                .bind("now", now)
                .bind("expires", expiresAt)
                .update();
    }

    /** The holder of a live token, without using it up. */
    Optional<Holder> find(byte[] hash, String purpose, Instant now) {
        return holder("""
                SELECT user_id, email FROM account_tokens
                WHERE token_hash = :hash AND purpose = :purpose AND expires_at > :now""", hash, purpose, now);
    }

    /**
     * Uses a live token up: deletes it and returns its holder, in one statement, so of two requests presenting it at
     * once exactly one gets the holder (the other waits for the row, then finds it gone).
     */
    Optional<Holder> consume(byte[] hash, String purpose, Instant now) {
        return holder("""
                DELETE FROM account_tokens
                WHERE token_hash = :hash AND purpose = :purpose AND expires_at > :now
                RETURNING user_id, email""", hash, purpose, now);
    }

    /** Deletes up to {@code limit} tokens that expired before {@code now}; how many. */
    int purge(Instant now, int limit) {
        return sql.statement("""
                DELETE FROM account_tokens WHERE token_hash IN (
                  SELECT token_hash FROM account_tokens WHERE expires_at <= :now LIMIT :limit)""").bind("now", now).bind("limit", limit).update();
    }

    private Optional<Holder> holder(String statement, byte[] hash, String purpose, Instant now) {
        return sql.statement(statement)
                .bind("hash", hash)
                .bind("purpose", purpose)
                .bind("now", now)
                .first(row -> new Holder(row.uuid("user_id"), row.string("email")));
    }
}
