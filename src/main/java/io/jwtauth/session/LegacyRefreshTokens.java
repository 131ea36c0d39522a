package io.jwtauth.session;

import io.jwtauth.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * Refresh tokens issued before sessions held their refresh state (migration V11): the table {@code refresh_tokens}, a
 * row per token, only read now, to place such a token in its session's chain. The session's unused token is its
 * generation 0 (V11 copied its hash to the session); a used one is older. The table empties as its tokens expire
 * (seven days after the upgrade); then this class, the purge of it and the table can go.
 */
@ApplicationScoped
class LegacyRefreshTokens {

    private final Sql sql;

    LegacyRefreshTokens(Sql sql) {
        this.sql = sql;
    }

    /** The session and generation of a token of the old format; empty if no such token is stored. */
    Optional<RefreshTokenCodec.Presented> find(byte[] hash) {
        return sql.statement(
                        "SELECT session_id, used_at IS NULL AS unused FROM refresh_tokens WHERE token_hash = :hash")
                .bind("hash", hash)
                .first(row ->
                        new RefreshTokenCodec.Presented(row.uuid("session_id"), row.bool("unused") ? 0 : -1, hash));
    }

    /** Deletes up to {@code batch} tokens that expired before {@code cutoff}. */
    int purgeExpired(Instant cutoff, int batch) {
        return sql.statement("DELETE FROM refresh_tokens WHERE id IN"
                        + " (SELECT id FROM refresh_tokens WHERE expires_at < :cutoff LIMIT :batch)")
                .bind("cutoff", cutoff)
                .bind("batch", batch)
                .update();
    }
}
