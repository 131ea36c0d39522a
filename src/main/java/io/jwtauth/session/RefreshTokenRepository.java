package io.jwtauth.session;

import io.jwtauth.user.User;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Refresh tokens by hash (row-locked for rotation), and the expiry purge. */
@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, UUID> {

    /** A refresh token with its session and user, as one row. */
    public record ForRotation(RefreshToken token, Session session, User user) {}

    /**
     * The token with this hash, its session and its user in one statement, the rows locked until the transaction
     * ends: concurrent rotations of one token (on any instance) queue here.
     */
    public Optional<ForRotation> findForRotation(byte[] hash) {
        List<Object[]> rows = getEntityManager()
                .createQuery(
                        "select t, s, u from RefreshToken t"
                                + " join Session s on s.id = t.sessionId join User u on u.id = s.userId"
                                + " where t.tokenHash = :hash",
                        Object[].class)
                .setParameter("hash", hash)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        return rows.stream().findFirst().map(r -> new ForRotation((RefreshToken) r[0], (Session) r[1], (User) r[2]));
    }

    public Optional<RefreshToken> findByHash(byte[] hash) {
        return find("tokenHash", hash).firstResultOptional();
    }

    /** Deletes up to {@code batch} refresh tokens that expired before {@code cutoff}. */
    public int purgeExpired(Instant cutoff, int batch) {
        return getEntityManager()
                .createNativeQuery(
                        "DELETE FROM refresh_tokens WHERE id IN (SELECT id FROM refresh_tokens WHERE expires_at < ?1 LIMIT ?2)")
                .setParameter(1, cutoff)
                .setParameter(2, batch)
                .executeUpdate();
    }
}
