package io.jwtauth.auth;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Throttle counters. Whether a key must wait is decided in the statement that counts the attempt, under the row's
 * lock, so parallel attempts can never pass a limit together.
 */
@ApplicationScoped
class ThrottleRepository implements PanacheRepositoryBase<ThrottleCounter, byte[]> {

    /**
     * How long a key waits after its last attempt, given {@code :max} attempts allowed before waits begin, and the
     * first and longest waits {@code :base} and {@code :cap} in milliseconds: the first wait doubled for every
     * attempt beyond the limit.
     */
    private static final String WAIT =
            "least(:base * power(2, least(greatest(t.attempts - :max, 0), 30)), :cap)" + " * interval '1 millisecond'";

    /**
     * Counts one attempt unless the key must wait: returns the attempt's number, or empty when the key is waiting
     * (nothing is counted then). Attempts older than {@code forgetBefore} are forgotten.
     */
    OptionalInt reserve(byte[] key, Instant now, Instant forgetBefore, int max, long baseMillis, long capMillis) {
        List<?> counted = getEntityManager()
                .createNativeQuery("""
                INSERT INTO throttle AS t (key, attempts, last_attempt) VALUES (:key, 1, :now)
                ON CONFLICT (key) DO UPDATE SET
                  attempts = CASE WHEN t.last_attempt < :forget THEN 1 ELSE t.attempts + 1 END,
                  last_attempt = :now
                WHERE t.last_attempt < :forget OR t.attempts < :max OR t.last_attempt + %s <= :now
                RETURNING attempts""".formatted(WAIT))
                .setParameter("key", key)
                .setParameter("now", now)
                .setParameter("forget", forgetBefore)
                .setParameter("max", max)
                .setParameter("base", baseMillis)
                .setParameter("cap", capMillis)
                .getResultList();
        return counted.isEmpty() ? OptionalInt.empty() : OptionalInt.of(((Number) counted.get(0)).intValue());
    }

    /** Until when the key must wait, if it must (the same rule as {@link #reserve}). */
    Optional<Instant> waitsUntil(
            byte[] key, Instant now, Instant forgetBefore, int max, long baseMillis, long capMillis) {
        List<?> until = getEntityManager()
                .createNativeQuery("""
                SELECT t.last_attempt + %1$s FROM throttle t
                WHERE t.key = :key AND t.last_attempt >= :forget AND t.attempts >= :max
                  AND t.last_attempt + %1$s > :now""".formatted(WAIT))
                .setParameter("key", key)
                .setParameter("now", now)
                .setParameter("forget", forgetBefore)
                .setParameter("max", max)
                .setParameter("base", baseMillis)
                .setParameter("cap", capMillis)
                .getResultList();
        return until.stream().findFirst().map(ThrottleRepository::instant);
    }

    /** Gives back one attempt: it did not count (a correct password, or work that never ran). */
    void refund(byte[] key) {
        getEntityManager()
                .createNativeQuery("UPDATE throttle SET attempts = attempts - 1 WHERE key = :key AND attempts > 0")
                .setParameter("key", key)
                .executeUpdate();
    }

    void reset(byte[] key) {
        delete("key", key);
    }

    /** Deletes keys whose last attempt is older than {@code forgetBefore}: they count as fresh anyway. */
    long purge(Instant forgetBefore) {
        return delete("lastAttempt < ?1", forgetBefore);
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        return (Instant) value;
    }
}
