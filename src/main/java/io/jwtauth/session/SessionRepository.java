package io.jwtauth.session;

import io.agroal.api.AgroalDataSource;
import io.jwtauth.user.User;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Sessions: by user, the refresh token's rotation, revocation, and the expiry purge. */
@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<Session, UUID> {

    private final AgroalDataSource dataSource;

    SessionRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What a rotation leaves: the session's state and its user's, as the access token and the liveness rule need. */
    record Rotated(
            SessionState session,
            Instant refreshExpiresAt,
            String email,
            boolean emailVerified,
            Set<String> roles,
            List<String> amr,
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
     * next one, in one statement committed on its own (one round trip): the generation + 1, the successor's hash and
     * expiry (never past the session's), the successor sealed under the presented token for the grace window. Empty
     * when the presented token is not the current one (unknown, expired, already rotated — then the caller finds out
     * which), so two rotations of one token never both succeed: the second waits on the row lock and then no longer
     * matches. The user's row is read, not locked: a tokenVersion bump or a disable committed meanwhile kills what this
     * issues anyway. Plain JDBC outside any transaction: no transaction manager, no ORM session, no second round trip
     * for the commit on the service's most frequent write.
     */
    Optional<Rotated> rotate(
            RefreshTokenCodec.Presented presented, byte[] successorHash, byte[] sealed, Instant now, Instant expiry) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(ROTATE)) {
            OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
            update.setBytes(1, successorHash);
            update.setBytes(2, sealed);
            update.setObject(3, at);
            update.setObject(4, expiry.atOffset(ZoneOffset.UTC));
            update.setObject(5, at);
            update.setObject(6, presented.sessionId());
            update.setLong(7, presented.generation());
            update.setBytes(8, presented.hash());
            update.setObject(9, at);
            try (ResultSet row = update.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Rotated(
                        new SessionState(
                                row.getObject(1, UUID.class),
                                row.getInt(2),
                                row.getBoolean(3),
                                row.getObject(4, OffsetDateTime.class).toInstant()),
                        row.getObject(5, OffsetDateTime.class).toInstant(),
                        row.getString(6),
                        row.getBoolean(10),
                        User.roleSet(strings(row, 7)),
                        List.of(strings(row, 11)),
                        row.getInt(8),
                        row.getBoolean(9)));
            }
        } catch (SQLException e) {
            throw new PersistenceException("rotating a refresh token failed", e);
        }
    }

    /** A varchar[] column as the entity maps it: element by element, whatever characters the elements hold. */
    private static String[] strings(ResultSet row, int column) throws SQLException {
        Array array = row.getArray(column);
        try {
            return (String[]) array.getArray();
        } finally {
            array.free();
        }
    }

    private static final String ROTATE = "UPDATE sessions s SET refresh_generation = s.refresh_generation + 1,"
            + " refresh_hash = ?, refresh_sealed = ?, refresh_rotated_at = ?,"
            + " refresh_expires_at = LEAST(?, s.expires_at), last_used_at = ?"
            + " FROM users u"
            + " WHERE s.id = ? AND s.refresh_generation = ? AND s.refresh_hash = ? AND s.refresh_expires_at > ?"
            + " AND u.id = s.user_id"
            + " RETURNING s.user_id, s.token_version, s.revoked_at IS NOT NULL, s.expires_at, s.refresh_expires_at,"
            + " u.email, u.roles, u.token_version, u.enabled, u.email_verified, s.amr";

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
