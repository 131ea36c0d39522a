package io.jwtauth.auth;

import io.jwtauth.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Throttle counters. Whether a key must wait is decided in the statement that counts the attempt, under the row's
 * lock, so parallel attempts can never pass a limit together.
 */
@ApplicationScoped
class ThrottleRepository {

    /**
     * How long a key waits after its last attempt, given {@code :max} attempts allowed before waits begin, and the
     * first and longest waits {@code :base} and {@code :cap} in milliseconds: the first wait doubled for every
     * attempt beyond the limit.
     */
    private static final String WAIT =
            "least(:base * power(2, least(greatest(t.attempts - :max, 0), 30)), :cap)" + " * interval '1 millisecond'";

    private static final String RESERVE = """
            INSERT INTO throttle AS t (key, attempts, last_attempt) VALUES (:key, 1, :now)
            ON CONFLICT (key) DO UPDATE SET
              attempts = CASE WHEN t.last_attempt < :forget THEN 1 ELSE t.attempts + 1 END,
              last_attempt = :now
            WHERE t.last_attempt < :forget OR t.attempts < :max OR t.last_attempt + %s <= :now
            RETURNING attempts""".formatted(WAIT);

    private static final String WAITS_UNTIL = """
            SELECT t.last_attempt + %1$s AS until FROM throttle t
            WHERE t.key = :key AND t.last_attempt >= :forget AND t.attempts >= :max
              AND t.last_attempt + %1$s > :now""".formatted(WAIT);

    private final Sql sql;

    ThrottleRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * Counts one attempt unless the key must wait: returns the attempt's number, or empty when the key is waiting
     * (nothing is counted then). Attempts older than {@code forgetBefore} are forgotten.
     */
    OptionalInt reserve(byte[] key, Instant now, Instant forgetBefore, int max, long baseMillis, long capMillis) {
        return waitRule(sql.statement(RESERVE), key, now, forgetBefore, max, baseMillis, capMillis)
                .first(row -> row.integer("attempts"))
                .map(OptionalInt::of)
                .orElse(OptionalInt.empty());
    }

    /** Until when the key must wait, if it must (the same rule as {@link #reserve}). */
    Optional<Instant> waitsUntil(
            byte[] key, Instant now, Instant forgetBefore, int max, long baseMillis, long capMillis) {
        return waitRule(sql.statement(WAITS_UNTIL), key, now, forgetBefore, max, baseMillis, capMillis)
                .first(row -> row.instant("until"));
    }

    /** The key and the parameters of {@link #WAIT}, for both statements that apply it. */
    private static Sql.Statement waitRule(
            Sql.Statement statement,
            byte[] key,
            Instant now,
            Instant forgetBefore,
            int max,
            long baseMillis,
            long capMillis) {
        return statement
                .bind("key", key)
                .bind("now", now)
                .bind("forget", forgetBefore)
                .bind("max", max)
                .bind("base", baseMillis)
                .bind("cap", capMillis);
    }

    /** Gives back one attempt: it did not count (a correct password, or work that never ran). */
    void refund(byte[] key) {
        sql.statement("UPDATE throttle SET attempts = attempts - 1 WHERE key = :key AND attempts > 0")
                .bind("key", key)
                .update();
    }

    void reset(byte[] key) {
        sql.statement("DELETE FROM throttle WHERE key = :key").bind("key", key).update();
    }

    /** Deletes keys whose last attempt is older than {@code forgetBefore}: they count as fresh anyway. */
    long purge(Instant forgetBefore) {
        return sql.statement("DELETE FROM throttle WHERE last_attempt < :forget")
                .bind("forget", forgetBefore)
                .update();
    }
}
