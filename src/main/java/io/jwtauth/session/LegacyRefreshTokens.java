package io.jwtauth.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Refresh tokens issued before sessions held their refresh state (migration V11): the table {@code refresh_tokens}, a
 * row per token, only read now, to place such a token in its session's chain. The session's unused token is its
 * generation 0 (V11 copied its hash to the session); a used one is older. The table empties as its tokens expire
 * (seven days after the upgrade); then this class, the purge of it and the table can go.
 */
@ApplicationScoped
class LegacyRefreshTokens {

    private final EntityManager em;

    LegacyRefreshTokens(EntityManager em) {
        this.em = em;
    }

    /** The session and generation of a token of the old format; empty if no such token is stored. */
    Optional<RefreshTokenCodec.Presented> find(byte[] hash) {
        List<?> rows = em.createNativeQuery(
                        "SELECT CAST(session_id AS varchar), used_at IS NULL FROM refresh_tokens WHERE token_hash = ?1")
                .setParameter(1, hash)
                .getResultList();
        return rows.stream().findFirst().map(row -> {
            Object[] columns = (Object[]) row;
            UUID sessionId = UUID.fromString((String) columns[0]);
            return new RefreshTokenCodec.Presented(sessionId, Boolean.TRUE.equals(columns[1]) ? 0 : -1, hash);
        });
    }

    /** Deletes up to {@code batch} tokens that expired before {@code cutoff}. */
    int purgeExpired(Instant cutoff, int batch) {
        return em.createNativeQuery(
                        "DELETE FROM refresh_tokens WHERE id IN (SELECT id FROM refresh_tokens WHERE expires_at < ?1 LIMIT ?2)")
                .setParameter(1, cutoff)
                .setParameter(2, batch)
                .executeUpdate();
    }
}
