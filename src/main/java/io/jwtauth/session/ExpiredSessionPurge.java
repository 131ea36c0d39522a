package io.jwtauth.session;

import io.jwtauth.common.AuthConfig;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * Deletes sessions past their absolute expiry (their refresh state with them) and expired rows of the legacy refresh
 * token table, in bounded batches (one short
 * transaction each), so the tables do not grow without limit and no purge holds locks for long.
 */
@ApplicationScoped
public class ExpiredSessionPurge {

    private final SessionRepository sessions;
    private final LegacyRefreshTokens legacy;
    private final Clock clock;
    private final int batchSize;

    ExpiredSessionPurge(SessionRepository sessions, LegacyRefreshTokens legacy, Clock clock, AuthConfig config) {
        this.sessions = sessions;
        this.legacy = legacy;
        this.clock = clock;
        this.batchSize = config.purge().batchSize();
    }

    @Scheduled(every = "${auth.purge.every}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        purge();
    }

    /** Runs one purge now; returns how many rows were deleted. */
    public long purge() {
        Instant now = clock.instant();
        long deleted = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> legacy.purgeExpired(now, batchSize));
            deleted += batch;
        } while (batch == batchSize);
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> sessions.purgeExpired(now, batchSize));
            deleted += batch;
        } while (batch == batchSize);
        if (deleted > 0) {
            Log.infof("Purged %d expired refresh tokens and sessions", deleted);
        }
        return deleted;
    }
}
