package io.jwtauth.session;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Refresh tokens by hash (row-locked for rotation), and the expiry purge. */
@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, UUID> {

    /** The token with this hash, locked until the transaction ends: concurrent rotations queue here. */
    public Optional<RefreshToken> findByHashForUpdate(byte[] hash) {
        return find("tokenHash", hash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public Optional<RefreshToken> findByHash(byte[] hash) {
        return find("tokenHash", hash).firstResultOptional();
    }

    /** Deletes up to {@code batch} refresh tokens that expired before {@code cutoff}. */
    public int purgeExpired(Instant cutoff, int batch) {
        return getEntityManager().createNativeQuery(
                "DELETE FROM refresh_tokens WHERE id IN (SELECT id FROM refresh_tokens WHERE expires_at < ?1 LIMIT ?2)")
                .setParameter(1, cutoff).setParameter(2, batch).executeUpdate();
    }
}
