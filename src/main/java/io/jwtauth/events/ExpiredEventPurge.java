package io.jwtauth.events;

import io.jwtauth.common.AuthConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes revocation events once no token they could affect can still be valid (older than the access-token lifetime
 * plus clock skew plus {@code auth.revocation-events.retention-margin}), in bounded batches, one short transaction
 * each. The log's horizon moves past them, so a cursor from before answers 410 cursor_expired, table empty or not.
 */
@ApplicationScoped
class ExpiredEventPurge {

    private final RevocationLog log;
    private final Clock clock;
    private final Duration retention;
    private final int batchSize;

    ExpiredEventPurge(RevocationLog log, Clock clock, AuthConfig config) {
        this.log = log;
        this.clock = clock;
        this.retention =
                RevocationFeed.relevance(config).plus(config.revocationEvents().retentionMargin());
        this.batchSize = config.purge().batchSize();
    }

    @Scheduled(every = "${auth.purge.every}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        purge(batchSize);
    }

    /** Runs one purge now, {@code batch} events per statement; returns how many were deleted. */
    long purge(int batch) {
        Instant cutoff = clock.instant().minus(retention);
        long deleted = 0;
        int gone;
        do {
            gone = log.prune(cutoff, batch);
            deleted += gone;
        } while (gone == batch);
        if (deleted > 0) {
            Log.infof("Purged %d revocation events from before %s", deleted, cutoff);
        }
        return deleted;
    }
}
