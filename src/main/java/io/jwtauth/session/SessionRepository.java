package io.jwtauth.session;

import io.jwtauth.common.Sql;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The {@code sessions} table: by id and by user, the refresh token's rotation, revocation, and the expiry purge. */
@ApplicationScoped
public class SessionRepository {

    private static final String COLUMNS = "s.id AS session_id, s.user_id, s.token_version AS session_token_version,"
            + " s.created_at AS session_created_at, s.last_used_at, s.expires_at, s.revoked_at, s.revoked_reason,"
            + " s.user_agent, s.ip_address, s.refresh_generation, s.refresh_hash, s.refresh_expires_at,"
            + " s.refresh_rotated_at, s.refresh_sealed, s.amr";

    private final Sql sql;

    SessionRepository(Sql sql) {
        this.sql = sql;
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
        return sql.statement("SELECT " + COLUMNS + ", " + UserRepository.COLUMNS
                        + " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = :id")
                .bind("id", sessionId)
                .first(row -> new WithUser(session(row), UserRepository.user(row)));
    }

    public Optional<Session> findByIdOptional(UUID sessionId) {
        return find(sessionId, "");
    }

    /** The session, its row locked until the transaction ends. */
    Optional<Session> findForUpdate(UUID sessionId) {
        return find(sessionId, " FOR NO KEY UPDATE"); // a client credential referring to it may still be written
    }

    private Optional<Session> find(UUID sessionId, String lock) {
        return sql.statement("SELECT " + COLUMNS + " FROM sessions s WHERE s.id = :id" + lock)
                .bind("id", sessionId)
                .first(SessionRepository::session);
    }

    /** Stores a new session with its first refresh token's state (none for a service account's credential). */
    void insert(Session session) {
        sql.statement("""
                INSERT INTO sessions (id, user_id, token_version, created_at, last_used_at, expires_at, user_agent,
                  ip_address, refresh_generation, refresh_hash, refresh_expires_at, amr)
                VALUES (:id, :user, :version, :created, :used, :expires, :agent, :ip, :generation, :hash,
                  :refreshExpires, :amr)""")
                .bind("id", session.id)
                .bind("user", session.userId)
                .bind("version", session.tokenVersion)
                .bind("created", session.createdAt)
                .bind("used", session.lastUsedAt)
                .bind("expires", session.expiresAt)
                .bind("agent", session.userAgent)
                .bind("ip", session.ipAddress)
                .bind("generation", session.refreshGeneration)
                .bind("hash", session.refreshHash)
                .bind("refreshExpires", session.refreshExpiresAt)
                .bind("amr", session.amr)
                .update();
    }

    /**
     * Marks the session revoked, unless it was already (the first revocation's time and reason stay); whether this call
     * revoked it.
     */
    boolean revoke(UUID sessionId, Instant at, String reason) {
        return sql.statement("UPDATE sessions SET revoked_at = :at, revoked_reason = :reason"
                                + " WHERE id = :id AND revoked_at IS NULL")
                        .bind("id", sessionId)
                        .bind("at", at)
                        .bind("reason", reason)
                        .update()
                == 1;
    }

    private static Session session(Sql.Row row) throws SQLException {
        Session session = new Session();
        session.id = row.uuid("session_id");
        session.userId = row.uuid("user_id");
        session.tokenVersion = row.integer("session_token_version");
        session.createdAt = row.instant("session_created_at");
        session.lastUsedAt = row.instant("last_used_at");
        session.expiresAt = row.instant("expires_at");
        session.revokedAt = row.instant("revoked_at");
        session.revokedReason = row.string("revoked_reason");
        session.userAgent = row.string("user_agent");
        session.ipAddress = row.string("ip_address");
        session.refreshGeneration = row.longValue("refresh_generation");
        session.refreshHash = row.bytes("refresh_hash");
        session.refreshExpiresAt = row.instant("refresh_expires_at");
        session.refreshRotatedAt = row.instant("refresh_rotated_at");
        session.refreshSealed = row.bytes("refresh_sealed");
        session.amr = row.strings("amr");
        return session;
    }

    /**
     * Rotates the session's refresh token from {@code presented} (its current generation, hash and unexpired) to the
     * next one, in one statement committed on its own (one round trip): the generation + 1, the successor's hash and
     * expiry (never past the session's), the successor sealed under the presented token for the grace window. Empty
     * when the presented token is not the current one (unknown, expired, already rotated — then the caller finds out
     * which), so two rotations of one token never both succeed: the second waits on the row lock and then no longer
     * matches. The user's row is read, not locked: a tokenVersion bump or a disable committed meanwhile kills what this
     * issues anyway. Called outside any transaction (autocommit): no transaction manager and no second round trip for
     * the commit on the service's most frequent write.
     */
    Optional<Rotated> rotate(
            RefreshTokenCodec.Presented presented, byte[] successorHash, byte[] sealed, Instant now, Instant expiry) {
        return sql.statement(ROTATE)
                .bind("hash", successorHash)
                .bind("sealed", sealed)
                .bind("now", now)
                .bind("expiry", expiry)
                .bind("id", presented.sessionId())
                .bind("generation", presented.generation())
                .bind("presented", presented.hash())
                .first(row -> new Rotated(
                        new SessionState(
                                row.uuid("user_id"),
                                row.integer("session_token_version"),
                                row.bool("revoked"),
                                row.instant("expires_at")),
                        row.instant("refresh_expires_at"),
                        row.string("email"),
                        row.bool("email_verified"),
                        User.roleSet(row.strings("roles")),
                        List.of(row.strings("amr")),
                        row.integer("token_version"),
                        row.bool("enabled")));
    }

    private static final String ROTATE = "UPDATE sessions s SET refresh_generation = s.refresh_generation + 1,"
            + " refresh_hash = :hash, refresh_sealed = :sealed, refresh_rotated_at = :now,"
            + " refresh_expires_at = LEAST(:expiry, s.expires_at), last_used_at = :now"
            + " FROM users u"
            + " WHERE s.id = :id AND s.refresh_generation = :generation AND s.refresh_hash = :presented"
            + " AND s.refresh_expires_at > :now AND u.id = s.user_id"
            + " RETURNING s.user_id, s.token_version AS session_token_version, s.revoked_at IS NOT NULL AS revoked,"
            + " s.expires_at, s.refresh_expires_at, u.email, u.roles, u.token_version, u.enabled, u.email_verified,"
            + " s.amr";

    /** Every session of the user still stored (expired ones are purged), newest first. */
    public List<Session> listByUser(UUID userId) {
        return sql.statement(
                        "SELECT " + COLUMNS + " FROM sessions s WHERE s.user_id = :user ORDER BY s.created_at DESC")
                .bind("user", userId)
                .list(SessionRepository::session);
    }

    /** Deletes up to {@code batch} sessions whose absolute expiry passed before {@code cutoff}. */
    public int purgeExpired(Instant cutoff, int batch) {
        return sql.statement("DELETE FROM sessions WHERE id IN"
                        + " (SELECT id FROM sessions WHERE expires_at < :cutoff LIMIT :batch)")
                .bind("cutoff", cutoff)
                .bind("batch", batch)
                .update();
    }
}
