package io.jwtauth.session;

import io.jwtauth.user.User;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.query.NativeQuery;

/** Sessions: by user, the refresh token's rotation, revocation, and the expiry purge. */
@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<Session, UUID> {

    /** What a rotation leaves: the session's state and its user's, as the access token and the liveness rule need. */
    record Rotated(
            SessionState session,
            Instant refreshExpiresAt,
            String email,
            Set<String> roles,
            int userTokenVersion,
            boolean userEnabled) {}

    /** A session with its user, as one row. */
    record WithUser(Session session, User user) {}

    /** The session and its user in one statement; empty if there is no such session. */
    Optional<WithUser> findWithUser(UUID sessionId) {
        return getEntityManager()
                .createQuery(
                        "select s, u from Session s join User u on u.id = s.userId where s.id = :id", Object[].class)
                .setParameter("id", sessionId)
                .getResultStream()
                .findFirst()
                .map(r -> new WithUser((Session) r[0], (User) r[1]));
    }

    /**
     * Rotates the session's refresh token from {@code presented} (its current generation, hash and unexpired) to the
     * next one, in one statement: the generation + 1, the successor's hash and expiry (never past the session's), the
     * successor sealed under the presented token for the grace window. Empty when the presented token is not the
     * current one (unknown, expired, already rotated — then the caller finds out which), so two rotations of one token
     * never both succeed: the second waits on the row lock and then no longer matches. The user's row is read, not
     * locked: a tokenVersion bump or a disable committed meanwhile kills what this issues anyway.
     */
    Optional<Rotated> rotate(
            RefreshTokenCodec.Presented presented, byte[] successorHash, byte[] sealed, Instant now, Instant expiry) {
        List<?> rows = getEntityManager()
                .createNativeQuery("UPDATE sessions s SET refresh_generation = s.refresh_generation + 1,"
                        + " refresh_hash = :successor, refresh_sealed = :sealed, refresh_rotated_at = :now,"
                        + " refresh_expires_at = LEAST(:expiry, s.expires_at), last_used_at = :now"
                        + " FROM users u"
                        + " WHERE s.id = :id AND s.refresh_generation = :generation AND s.refresh_hash = :hash"
                        + " AND s.refresh_expires_at > :now AND u.id = s.user_id"
                        + " RETURNING s.user_id, s.token_version, s.revoked_at IS NOT NULL AS revoked, s.expires_at,"
                        + " s.refresh_expires_at, u.email, array_to_string(u.roles, ',') AS roles,"
                        + " u.token_version AS user_token_version, u.enabled")
                .setParameter("successor", successorHash)
                .setParameter("sealed", sealed)
                .setParameter("now", now)
                .setParameter("expiry", expiry)
                .setParameter("id", presented.sessionId())
                .setParameter("generation", presented.generation())
                .setParameter("hash", presented.hash())
                .unwrap(NativeQuery.class)
                .addScalar("user_id", UUID.class)
                .addScalar("token_version", Integer.class)
                .addScalar("revoked", Boolean.class)
                .addScalar("expires_at", Instant.class)
                .addScalar("refresh_expires_at", Instant.class)
                .addScalar("email", String.class)
                .addScalar("roles", String.class)
                .addScalar("user_token_version", Integer.class)
                .addScalar("enabled", Boolean.class)
                .getResultList();
        return rows.stream().findFirst().map(row -> {
            Object[] c = (Object[]) row;
            return new Rotated(
                    new SessionState((UUID) c[0], (Integer) c[1], (Boolean) c[2], (Instant) c[3]),
                    (Instant) c[4],
                    (String) c[5],
                    ((String) c[6]).isEmpty()
                            ? Set.of()
                            : new LinkedHashSet<>(Arrays.asList(((String) c[6]).split(","))),
                    (Integer) c[7],
                    (Boolean) c[8]);
        });
    }

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
