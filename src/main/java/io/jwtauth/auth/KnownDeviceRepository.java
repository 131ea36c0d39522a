package io.jwtauth.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The devices and networks accounts logged in from (table known_devices: fingerprints, nothing readable). */
@ApplicationScoped
class KnownDeviceRepository {

    private final EntityManager em;

    KnownDeviceRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * Records that the account was seen at {@code now} with each fingerprint, in one statement on the primary key, and
     * answers the ones that were new: never seen, or last seen before {@code forgetBefore}.
     */
    List<byte[]> seen(UUID userId, List<byte[]> fingerprints, Instant now, Instant forgetBefore) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < fingerprints.size(); i++) {
            values.append(i == 0 ? "" : ", ").append("(:user, :f").append(i).append(", :now, :now)");
        }
        var query = em.createNativeQuery("""
                INSERT INTO known_devices AS k (user_id, fingerprint, seen_since, last_seen) VALUES %s
                ON CONFLICT (user_id, fingerprint) DO UPDATE SET
                  seen_since = CASE WHEN k.last_seen < :forget THEN excluded.seen_since ELSE k.seen_since END,
                  last_seen = excluded.last_seen
                RETURNING fingerprint, seen_since = :now""".formatted(values))
                .setParameter("user", userId)
                .setParameter("now", now)
                .setParameter("forget", forgetBefore);
        for (int i = 0; i < fingerprints.size(); i++) {
            query.setParameter("f" + i, fingerprints.get(i));
        }
        return ((List<?>) query.getResultList())
                .stream()
                        .map(Object[].class::cast)
                        .filter(row -> Boolean.TRUE.equals(row[1]))
                        .map(row -> (byte[]) row[0])
                        .toList();
    }

    /** Forgets pairs not seen since {@code forgetBefore}: they count as new anyway. */
    int purge(Instant forgetBefore) {
        return em.createNativeQuery("DELETE FROM known_devices WHERE last_seen < :forget")
                .setParameter("forget", forgetBefore)
                .executeUpdate();
    }
}
