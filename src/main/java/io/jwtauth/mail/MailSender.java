package io.jwtauth.mail;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.DatabaseFailures;
import io.quarkus.logging.Log;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Delivers the outbox, on every instance: claims due mails ({@code FOR UPDATE SKIP LOCKED}, so two instances never
 * hold the same one), renders and sends each over SMTP outside any transaction, then marks it sent. A failed attempt
 * is retried after a wait that doubles each time; after {@code auth.mail.max-attempts} the mail is given up, with
 * one log line (its id and template, never its values). A mail is sent once unless its sender dies, or
 * SMTP takes it but the answer is lost, between sending and marking it (it is then sent again, never lost).
 *
 * <p>In mock mode ({@code quarkus.mailer.mock}, the default in dev and test without SMTP settings) nothing is sent:
 * dev logs each mail in a line marked {@code DEV MAIL}; outside dev its content is never logged.
 */
@ApplicationScoped
class MailSender {

    private final MailOutboxRepository rows;
    private final MailTemplates templates;
    private final Mailer mailer;
    private final MailMetrics metrics;
    private final AuthConfig.Mail config;
    private final Clock clock;
    /** A claimed mail is left to its sender at least this long: longer than a send can take. */
    private final Duration lease;

    private final boolean mock;
    private final boolean logContent;
    /** Only the scheduler's one thread reads and writes it (concurrent ticks are skipped). */
    private boolean databaseDown;

    private volatile boolean stopping;

    MailSender(
            MailOutboxRepository rows,
            MailTemplates templates,
            Mailer mailer,
            MailMetrics metrics,
            AuthConfig config,
            Clock clock,
            @ConfigProperty(name = "quarkus.mailer.timeout") Duration sendTimeout,
            @ConfigProperty(name = "quarkus.mailer.mock") Optional<Boolean> mock) {
        this.rows = rows;
        this.templates = templates;
        this.mailer = mailer;
        this.metrics = metrics;
        this.config = config.mail();
        this.clock = clock;
        this.lease = sendTimeout.multipliedBy(2);
        this.mock = mock.orElse(LaunchMode.current() != LaunchMode.NORMAL);
        this.logContent = LaunchMode.current() == LaunchMode.DEVELOPMENT;
    }

    // not before start-up has migrated the schema, nor once shutdown began, nor in the first seconds: a refused start
    // (a missing secret, an unreadable key) counts as running until its exit a moment later, and a tick racing that
    // exit had its transaction rolled back after the container was gone (a stack trace beside the one-line refusal)
    @Scheduled(
            identity = "mail-sender",
            every = "${auth.mail.poll-interval}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        try {
            sendDue();
            databaseDown = false;
        } catch (RuntimeException e) {
            if (stopping) {
                return; // the pool closed under a tick that began before the shutdown: the mails stay queued
            }
            // a database outage: one line until a tick succeeds again (the mails wait in the outbox); anything else
            // is a bug. Not through DatabaseFailures.refusal, whose one line per episode belongs to the requests.
            if (DatabaseFailures.classify(e).isEmpty()) {
                throw e;
            }
            if (!databaseDown) {
                databaseDown = true;
                Log.warnf(
                        "Mail sender waits for the database (%s); queued mails stay queued",
                        e.getClass().getSimpleName());
            }
        }
    }

    void stopping(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Sends what is due, batch after batch, until a claim comes back short; how many mails it attempted. */
    int sendDue() {
        int attempted = 0;
        List<MailOutboxRepository.Claimed> batch;
        do {
            batch = QuarkusTransaction.requiringNew()
                    .call(() -> rows.claim(
                            clock.instant(),
                            config.batchSize(),
                            config.retryBaseDelay(),
                            config.retryMaxDelay(),
                            lease));
            batch.forEach(this::attempt);
            attempted += batch.size();
        } while (batch.size() == config.batchSize());
        return attempted;
    }

    private void attempt(MailOutboxRepository.Claimed mail) {
        try {
            send(mail);
        } catch (RuntimeException e) {
            if (mail.attempt() >= config.maxAttempts()) {
                QuarkusTransaction.requiringNew().run(() -> rows.failed(mail.id(), clock.instant()));
                metrics.failed(mail.template());
                Log.errorf(
                        "Mail %s (%s) given up after %d attempts: %s",
                        mail.id(), mail.template(), mail.attempt(), reason(e));
            } else {
                metrics.retry(mail.template());
                Log.warnf(
                        "Mail %s (%s) not sent, attempt %d of %d, retried later: %s",
                        mail.id(), mail.template(), mail.attempt(), config.maxAttempts(), reason(e));
            }
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> rows.sent(mail.id(), clock.instant()));
        metrics.sent(mail.template());
    }

    /**
     * One SMTP conversation at a time per instance (the scheduled sender is one thread anyway): concurrent sends
     * through the one mail client sometimes left a send waiting for the whole timeout.
     */
    private synchronized void send(MailOutboxRepository.Claimed mail) {
        MailTemplates.Rendered rendered = templates.render(mail.template(), mail.values());
        if (mock && logContent) {
            Log.infof(
                    "DEV MAIL (not sent: quarkus.mailer.mock, no SMTP configured) to %s, subject '%s':%n%s",
                    mail.recipient(), rendered.subject(), rendered.text());
        } else if (mock) {
            Log.infof("Mail %s (%s) not sent: quarkus.mailer.mock is on", mail.id(), mail.template());
        }
        mailer.send(Mail.withText(mail.recipient(), rendered.subject(), rendered.text())
                .setHtml(rendered.html()));
    }

    /** The failure's class and message: SMTP answers and template errors, which carry no value of the mail. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e
                ? e.getClass().getSimpleName() + ": " + e.getMessage()
                : e.getClass().getSimpleName() + " <- " + root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
