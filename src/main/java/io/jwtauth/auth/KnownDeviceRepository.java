package io.jwtauth.auth;

import io.jwtauth.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** The devices and networks accounts logged in from (table known_devices: fingerprints, nothing readable). */
@ApplicationScoped
class KnownDeviceRepository {

    private final Sql sql;

    KnownDeviceRepository(Sql sql) {
        this.sql = sql;
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
        Sql.Statement statement = sql.statement("""
                INSERT INTO known_devices AS k (user_id, fingerprint, seen_since, last_seen) VALUES %s
                ON CONFLICT (user_id, fingerprint) DO UPDATE SET
                  seen_since = CASE WHEN k.last_seen < :forget THEN excluded.seen_since ELSE k.seen_since END,
                  last_seen = excluded.last_seen
                RETURNING fingerprint, seen_since = :now AS new""".formatted(values))
                .bind("user", userId)
                .bind("now", now)
                .bind("forget", forgetBefore);
        for (int i = 0; i < fingerprints.size(); i++) {
            statement.bind("f" + i, fingerprints.get(i));
        }
        return statement.list(row -> row.bool("new") ? row.bytes("fingerprint") : null).stream()
                .filter(Objects::nonNull)
                .toList();
    }

    /** Forgets pairs not seen since {@code forgetBefore}: they count as new anyway. */
    int purge(Instant forgetBefore) {
        return sql.statement("DELETE FROM known_devices WHERE last_seen < :forget")
                .bind("forget", forgetBefore)
                .update();
    }
}
