package io.jwtauth.session;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Sessions: by user, revocation, and the expiry purge. */
@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<Session, UUID> {

    /** Every session of the user still stored (expired ones are purged), newest first. */
    public List<Session> listByUser(UUID userId) {
        return list("userId = ?1 order by createdAt desc", userId);
    }

    /** Deletes up to {@code batch} sessions whose absolute expiry passed before {@code cutoff}. */
    public int purgeExpired(Instant cutoff, int batch) {
        return getEntityManager()
                .createNativeQuery(
                        "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at < ?1 LIMIT ?2)")
                .setParameter(1, cutoff)
                .setParameter(2, batch)
                .executeUpdate();
    }
}
