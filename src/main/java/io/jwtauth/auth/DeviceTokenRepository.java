package io.jwtauth.auth;

import io.jwtauth.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** Device tokens by hash and account, the per-account bound, and the expiry purge. */
@ApplicationScoped
class DeviceTokenRepository {

    private final Sql sql;

    DeviceTokenRepository(Sql sql) {
        this.sql = sql;
    }

    /** Stores a new device token's hash for the account, then drops the account's tokens beyond the newest {@code keep}. */
    void insert(byte[] hash, UUID userId, Instant now, Instant expiresAt, int keep) {
        sql.statement("""
                INSERT INTO device_tokens (token_hash, user_id, created_at, expires_at)
                VALUES (:hash, :user, :now, :expires)""")
                .bind("hash", hash)
                .bind("user", userId)
                .bind("now", now)
                .bind("expires", expiresAt)
                .update();
        sql.statement("""
                DELETE FROM device_tokens WHERE user_id = :user AND token_hash NOT IN (
                  SELECT token_hash FROM device_tokens WHERE user_id = :user ORDER BY created_at DESC LIMIT :keep)""").bind("user", userId).bind("keep", keep).update();
    }

    /** Whether this hash is a live device token of the account with this (normalised) email. */
    boolean isLiveFor(byte[] hash, String email, Instant now) {
        return sql.statement("""
                SELECT 1 AS found FROM device_tokens d JOIN users u ON u.id = d.user_id
                WHERE d.token_hash = :hash AND lower(u.email) = :email AND d.expires_at > :now""")
                .bind("hash", hash)
                .bind("email", email)
                .bind("now", now)
                .first(row -> Boolean.TRUE)
                .isPresent();
    }

    long purgeExpired(Instant now) {
        return sql.statement("DELETE FROM device_tokens WHERE expires_at < :now")
                .bind("now", now)
                .update();
    }
}
