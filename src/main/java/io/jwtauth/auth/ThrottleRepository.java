package io.jwtauth.auth;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Throttle rows: the latest block among some keys, an atomic failure count, reset, purge. */
@ApplicationScoped
class ThrottleRepository implements PanacheRepositoryBase<Throttle, byte[]> {

    /** The furthest {@code blocked_until} after {@code now} among the keys, if any key is blocked. */
    Optional<Instant> blockedUntil(List<byte[]> keys, Instant now) {
        return find("key in ?1 and blockedUntil > ?2 order by blockedUntil desc", keys, now)
                .firstResultOptional().map(t -> t.blockedUntil);
    }

    /** Counts one failure (starting afresh when the last one is older than {@code forgetBefore}); returns the count. */
    int recordFailure(byte[] key, Instant now, Instant forgetBefore) {
        Object count = getEntityManager().createNativeQuery("""
                INSERT INTO throttle AS t (key, failures, last_failure) VALUES (?1, 1, ?2)
                ON CONFLICT (key) DO UPDATE SET
                  failures = CASE WHEN t.last_failure < ?3 THEN 1 ELSE t.failures + 1 END,
                  blocked_until = CASE WHEN t.last_failure < ?3 THEN NULL ELSE t.blocked_until END,
                  last_failure = ?2
                RETURNING failures""")
                .setParameter(1, key).setParameter(2, now).setParameter(3, forgetBefore).getSingleResult();
        return ((Number) count).intValue();
    }

    void block(byte[] key, Instant until) {
        update("blockedUntil = ?1 where key = ?2", until, key);
    }

    void reset(byte[] key) {
        delete("key", key);
    }

    /** Deletes rows whose failures were forgotten and whose wait is over. */
    long purge(Instant forgetBefore, Instant now) {
        return delete("lastFailure < ?1 and (blockedUntil is null or blockedUntil < ?2)", forgetBefore, now);
    }
}
