package io.jwtauth.session;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Sessions: by user, revocation, and the expiry purge. */
@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<Session, UUID> {

    /** The user's sessions that can still be used, newest first. */
    public List<Session> listLive(UUID userId, int tokenVersion, Instant now) {
        return list("userId = ?1 and tokenVersion = ?2 and revokedAt is null and expiresAt > ?3 order by createdAt desc",
                userId, tokenVersion, now);
    }

    /** Deletes up to {@code batch} sessions whose absolute expiry passed before {@code cutoff}. */
    public int purgeExpired(Instant cutoff, int batch) {
        return getEntityManager().createNativeQuery(
                "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at < ?1 LIMIT ?2)")
                .setParameter(1, cutoff).setParameter(2, batch).executeUpdate();
    }
}
