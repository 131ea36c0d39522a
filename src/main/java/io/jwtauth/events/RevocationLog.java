package io.jwtauth.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.query.NativeQuery;

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

    private final EntityManager em;

    RevocationLog(EntityManager em) {
        this.em = em;
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
            em.createNativeQuery("INSERT INTO revocation_events (type, sub, sid, ver, reason, at)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                    .unwrap(NativeQuery.class)
                    .setParameter(1, d.type().code(), String.class)
                    .setParameter(2, d.sub(), UUID.class)
                    .setParameter(3, d.sid(), UUID.class)
                    .setParameter(4, d.ver(), Integer.class)
                    .setParameter(5, d.reason(), String.class)
                    .setParameter(6, at, Instant.class)
                    .executeUpdate();
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
        return em.createNativeQuery("INSERT INTO revocation_events (type, kid, reason, at)"
                                + " SELECT ?1, ?2, 'key_rotation', ?3 WHERE NOT EXISTS"
                                + " (SELECT 1 FROM revocation_events WHERE type = ?1 AND kid = ?2)")
                        .unwrap(NativeQuery.class)
                        .setParameter(1, RevocationEvent.Type.KEY_RETIRED.code(), String.class)
                        .setParameter(2, kid, String.class)
                        .setParameter(3, at, Instant.class)
                        .executeUpdate()
                == 1;
    }

    private void lockWriters() {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
                .setParameter(1, WRITERS_LOCK)
                .getSingleResult();
    }

    /** Up to {@code limit} events with an id above {@code cursor}. */
    @Transactional
    Slice after(long cursor, int limit) {
        return slice("id > ?1", cursor, limit);
    }

    /** Up to {@code limit} events that happened at or after {@code since}, by id. */
    @Transactional
    Slice since(Instant since, int limit) {
        return slice("at >= ?1", since, limit);
    }

    /** The newest id handed out (or the horizon, when the table is empty). */
    @Transactional
    long newest() {
        Object newest = em.createNativeQuery("""
                        SELECT greatest(h.pruned_through, coalesce((SELECT max(id) FROM revocation_events), 0))
                        FROM revocation_event_horizon h""").getSingleResult();
        return ((Number) newest).longValue();
    }

    /**
     * Deletes up to {@code batch} events in id order, stopping at the first one at or after {@code cutoff}, and raises
     * the horizon past them; returns how many were deleted. A prefix of the log only, so the horizon is exact even
     * when instances' clocks disagree (an older event behind a younger one simply stays a little longer).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    int prune(Instant cutoff, int batch) {
        Object deleted = em.createNativeQuery("""
                        WITH doomed AS (
                            SELECT id FROM revocation_events
                            WHERE id < coalesce((SELECT min(id) FROM revocation_events WHERE at >= ?1),
                                                9223372036854775807)
                            ORDER BY id LIMIT ?2
                        ), gone AS (
                            DELETE FROM revocation_events WHERE id IN (SELECT id FROM doomed) RETURNING id
                        ), raised AS (
                            UPDATE revocation_event_horizon
                            SET pruned_through = greatest(pruned_through, (SELECT max(id) FROM gone))
                            WHERE EXISTS (SELECT 1 FROM gone)
                        )
                        SELECT count(*) FROM gone""")
                .setParameter(1, cutoff)
                .setParameter(2, batch)
                .getSingleResult();
        return ((Number) deleted).intValue();
    }

    /** The horizon, the newest id and the selected events, in one statement (so one snapshot). */
    @SuppressWarnings("unchecked")
    private Slice slice(String where, Object bound, int limit) {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT h.pruned_through,
                               greatest(h.pruned_through, coalesce((SELECT max(id) FROM revocation_events), 0))
                                   AS newest,
                               e.id, e.type, e.sub, e.sid, e.ver, e.kid, e.at
                        FROM revocation_event_horizon h
                        LEFT JOIN LATERAL (
                            SELECT id, type, sub, sid, ver, kid, at FROM revocation_events
                            WHERE %s ORDER BY id LIMIT ?2
                        ) e ON true
                        ORDER BY e.id""".formatted(where))
                .unwrap(NativeQuery.class)
                .setParameter(1, bound)
                .setParameter(2, limit)
                .addScalar("pruned_through", Long.class)
                .addScalar("newest", Long.class)
                .addScalar("id", Long.class)
                .addScalar("type", String.class)
                .addScalar("sub", UUID.class)
                .addScalar("sid", UUID.class)
                .addScalar("ver", Integer.class)
                .addScalar("kid", String.class)
                .addScalar("at", Instant.class)
                .getResultList();
        Object[] first = rows.get(0);
        List<RevocationEvent> events = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            if (row[2] != null) {
                events.add(new RevocationEvent(
                        (Long) row[2],
                        RevocationEvent.Type.of((String) row[3]),
                        (UUID) row[4],
                        (UUID) row[5],
                        (Integer) row[6],
                        (String) row[7],
                        (Instant) row[8]));
            }
        }
        return new Slice((Long) first[0], (Long) first[1], events);
    }
}
