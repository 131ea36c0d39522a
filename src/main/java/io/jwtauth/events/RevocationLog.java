package io.jwtauth.events;

import io.jwtauth.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The revocation event log in PostgreSQL (tables {@code revocation_events} and {@code revocation_event_horizon}, V7):
 * the only place that knows their shape. Native SQL rather than an entity, because what matters here is
 * PostgreSQL's: the advisory lock that orders ids by commit, and reads that see the events, the newest id and the
 * pruning horizon in one statement (one snapshot, one round trip).
 */
@ApplicationScoped
class RevocationLog {

    /** Serialises the writers of the log until they commit ("jwrevlog"; the admin lock is another key). */
    private static final long WRITERS_LOCK = 0x6a777265766c6f67L;

    /** An event to write; its id is given by the log. */
    record Draft(RevocationEvent.Type type, UUID sub, UUID sid, Integer ver, String reason) {}

    /**
     * What one read saw.
     *
     * @param prunedThrough every event up to this id may have been deleted; every later one is kept
     * @param newest the highest id handed out as far as this read can tell (the newest event, or the horizon when
     *     the table is empty): any cursor above it was never ours
     * @param events at most the requested number, by id
     */
    record Slice(long prunedThrough, long newest, List<RevocationEvent> events) {}

    private final Sql sql;

    RevocationLog(Sql sql) {
        this.sql = sql;
    }

    /**
     * Appends events in the caller's (revoking) transaction. The transaction-scoped advisory lock is taken before the
     * identity hands out ids and held until commit, so writers get their ids one after the other in the order they
     * commit. With a bare sequence a transaction could take id 10, commit after id 11 was read, and a reader already
     * past 11 would never see 10. What this costs: revocations queue on the lock from their first event to their
     * commit, which follows within milliseconds (a revocation's transaction takes no row lock after it writes its
     * event, so the lock cannot close a deadlock cycle).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void append(List<Draft> drafts, Instant at) {
        if (drafts.isEmpty()) {
            return;
        }
        lockWriters();
        for (Draft d : drafts) {
            sql.statement("INSERT INTO revocation_events (type, sub, sid, ver, reason, at)"
                            + " VALUES (:type, :sub, :sid, :ver, :reason, :at)")
                    .bind("type", d.type().code())
                    .bind("sub", d.sub())
                    .bind("sid", d.sid())
                    .bind("ver", d.ver())
                    .bind("reason", d.reason())
                    .bind("at", at)
                    .update();
        }
    }

    /**
     * Writes {@code key_retired} for {@code kid} unless the log holds one already (every instance applies a retirement
     * itself and gets here; one event serves them all), in its own transaction, under the writers' lock so that two
     * instances cannot both find none. Returns whether this call wrote it.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    boolean appendKeyRetired(String kid, Instant at) {
        lockWriters();
        return sql.statement("INSERT INTO revocation_events (type, kid, reason, at)"
                                + " SELECT :type, :kid, 'key_rotation', :at WHERE NOT EXISTS"
                                + " (SELECT 1 FROM revocation_events WHERE type = :type AND kid = :kid)")
                        .bind("type", RevocationEvent.Type.KEY_RETIRED.code())
                        .bind("kid", kid)
                        .bind("at", at)
                        .update()
                == 1;
    }

    private void lockWriters() {
        sql.statement("SELECT pg_advisory_xact_lock(:lock)")
                .bind("lock", WRITERS_LOCK)
                .execute();
    }

    /** Up to {@code limit} events with an id above {@code cursor}. */
    @Transactional
    Slice after(long cursor, int limit) {
        return slice("id > :bound", cursor, limit);
    }

    /** Up to {@code limit} events that happened at or after {@code since}, by id. */
    @Transactional
    Slice since(Instant since, int limit) {
        return slice("at >= :bound", since, limit);
    }

    /** The newest id handed out (or the horizon, when the table is empty). */
    @Transactional
    long newest() {
        return sql.statement("""
                        SELECT greatest(h.pruned_through, coalesce((SELECT max(id) FROM revocation_events), 0))
                        FROM revocation_event_horizon h""").number();
    }

    /**
     * Deletes up to {@code batch} events in id order, stopping at the first one at or after {@code cutoff}, and raises
     * the horizon past them; returns how many were deleted. A prefix of the log only, so the horizon is exact even
     * when instances' clocks disagree (an older event behind a younger one simply stays a little longer).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    int prune(Instant cutoff, int batch) {
        return (int)
                sql.statement("""
                        WITH doomed AS (
                            SELECT id FROM revocation_events
                            WHERE id < coalesce((SELECT min(id) FROM revocation_events WHERE at >= :cutoff),
                                                9223372036854775807)
                            ORDER BY id LIMIT :batch
                        ), gone AS (
                            DELETE FROM revocation_events WHERE id IN (SELECT id FROM doomed) RETURNING id
                        ), raised AS (
                            UPDATE revocation_event_horizon
                            SET pruned_through = greatest(pruned_through, (SELECT max(id) FROM gone))
                            WHERE EXISTS (SELECT 1 FROM gone)
                        )
                        SELECT count(*) FROM gone""").bind("cutoff", cutoff).bind("batch", batch).number();
    }

    /** The horizon, the newest id and the selected events, in one statement (so one snapshot). */
    private Slice slice(String where, Object bound, int limit) {
        record Line(long prunedThrough, long newest, RevocationEvent event) {}
        List<Line> rows = sql.statement("""
                        SELECT h.pruned_through,
                               greatest(h.pruned_through, coalesce((SELECT max(id) FROM revocation_events), 0))
                                   AS newest,
                               e.id, e.type, e.sub, e.sid, e.ver, e.kid, e.at
                        FROM revocation_event_horizon h
                        LEFT JOIN LATERAL (
                            SELECT id, type, sub, sid, ver, kid, at FROM revocation_events
                            WHERE %s ORDER BY id LIMIT :limit
                        ) e ON true
                        ORDER BY e.id""".formatted(where))
                .bind("bound", bound)
                .bind("limit", limit)
                .list(row -> new Line(
                        row.longValue("pruned_through"),
                        row.longValue("newest"),
                        row.nullableLong("id") == null
                                ? null
                                : new RevocationEvent(
                                        row.longValue("id"),
                                        RevocationEvent.Type.of(row.string("type")),
                                        row.uuid("sub"),
                                        row.uuid("sid"),
                                        row.nullableInteger("ver"),
                                        row.string("kid"),
                                        row.instant("at"))));
        List<RevocationEvent> events = new ArrayList<>(rows.size());
        for (Line row : rows) {
            if (row.event() != null) {
                events.add(row.event());
            }
        }
        return new Slice(rows.get(0).prunedThrough(), rows.get(0).newest(), events);
    }
}
