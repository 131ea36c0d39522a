package io.jwtauth.session;

import io.jwtauth.common.Freshness;
import io.jwtauth.support.NativeQueries;
import io.jwtauth.support.StalledBackend;
import io.jwtauth.support.TestTokens;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Test helper for the {@code @QuarkusTest}s of the revocation listener: revocations nobody announces, and this
 * process's listener connection stalled, cut, or awaited (stalling also for the event feed's tests).
 */
public final class ListenerFaults {

    static final Duration RECONNECT_WITHIN = Duration.ofSeconds(10);

    private ListenerFaults() {}

    /** Revokes the session in the database directly: no NOTIFY, so no instance hears of it. */
    static void revokeBehindTheServicesBack(NativeQueries db, String access) {
        UUID sid = UUID.fromString(TestTokens.claim(access, "sid"));
        QuarkusTransaction.requiringNew()
                .run(() -> db.createNativeQuery(
                                "UPDATE sessions SET revoked_at = now(), revoked_reason = 'test' WHERE id = ?1")
                        .setParameter(1, sid)
                        .executeUpdate());
    }

    /**
     * Freezes the PostgreSQL backend of this process's listener connection (SIGSTOP) until closed. Waits first for
     * the listener to confirm a ping sent from now on, so that the backend stopped is the one it is reading from:
     * right after an earlier stall or cut, the listener may be between connections, with its old, exiting backend
     * still listed — stopping that one would leave the listener hearing everything on its new connection.
     */
    public static StalledBackend stallListener() throws Exception {
        Freshness freshness = Arc.container().instance(Freshness.class).get();
        Instant now = Arc.container().instance(Clock.class).get().instant();
        Instant heard = freshness.heardUpTo(); // ahead of now if a test moved the clock back
        awaitHeardUpTo(freshness, (heard.isAfter(now) ? heard : now).plusNanos(1));
        Config config = ConfigProvider.getConfig();
        return StalledBackend.stop(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class)
                        .orElse(""),
                config.getOptionalValue("quarkus.datasource.password", String.class)
                        .orElse(""),
                RevocationListener.applicationName(ProcessHandle.current().pid()));
    }

    /**
     * Ends this process's listener connection from the server side, and waits until the listener's new connection
     * has confirmed (so whatever the reconnect does has been done).
     */
    static void cutListenerAndAwaitReconnect(NativeQueries db, Freshness freshness, Clock clock)
            throws InterruptedException {
        Object cut = listenerPids(db).get(0);
        QuarkusTransaction.requiringNew()
                .run(() -> db.createNativeQuery("SELECT pg_terminate_backend(?1)")
                        .setParameter(1, cut)
                        .getSingleResult());
        long deadline = System.nanoTime() + RECONNECT_WITHIN.toNanos();
        List<?> pids = listenerPids(db);
        while (pids.isEmpty() || pids.contains(cut)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the listener did not reconnect within " + RECONNECT_WITHIN);
            }
            Thread.sleep(20);
            pids = listenerPids(db);
        }
        awaitHeardUpTo(freshness, clock.instant());
    }

    private static List<?> listenerPids(NativeQueries db) {
        return QuarkusTransaction.requiringNew()
                .call(() -> db.createNativeQuery(
                                "SELECT pid FROM pg_stat_activity WHERE application_name = ?1 AND datname = current_database()")
                        .setParameter(
                                1,
                                RevocationListener.applicationName(
                                        ProcessHandle.current().pid()))
                        .getResultList());
    }

    /** Waits until the listener has confirmed hearing every announcement committed up to {@code instant}. */
    static void awaitHeardUpTo(Freshness freshness, Instant instant) throws InterruptedException {
        long deadline = System.nanoTime() + RECONNECT_WITHIN.toNanos();
        while (freshness.heardUpTo().isBefore(instant)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "the listener confirmed nothing after " + instant + " within " + RECONNECT_WITHIN);
            }
            Thread.sleep(20);
        }
    }
}
