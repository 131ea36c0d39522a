package io.jwtauth.mail;

import io.jwtauth.common.AuthConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** Deletes mails sent or given up longer ago than {@code auth.mail.keep-done}, in batches: the outbox stays small. */
@ApplicationScoped
class DoneMailPurge {

    private final MailOutboxRepository rows;
    private final AuthConfig config;
    private final Clock clock;

    DoneMailPurge(MailOutboxRepository rows, AuthConfig config, Clock clock) {
        this.rows = rows;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${auth.purge.every}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        int batch = config.purge().batchSize();
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew()
                    .call(() -> rows.purge(clock.instant().minus(config.mail().keepDone()), batch));
        } while (deleted == batch);
    }
}
