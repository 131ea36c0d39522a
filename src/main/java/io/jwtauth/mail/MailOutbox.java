package io.jwtauth.mail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The one way a feature sends mail: {@link #enqueue} writes the mail into the outbox inside the caller's transaction,
 * so it commits or rolls back with the change that caused it, and no request ever waits on SMTP. Every instance's
 * {@link MailSender} delivers it (once, retried with backoff while SMTP is down).
 *
 * <p>A template is a directory {@code mail-templates/<template>/} with {@code subject.txt}, {@code text.txt} and
 * {@code html.html} (Qute; {@code {name}} inserts a value, escaped in the HTML part), each replaceable by a file in
 * {@code auth.mail.templates-dir}. Links in mails are built by the caller from {@code common.PublicUrl}, never from a
 * request. Values may carry single-use secrets (a link with a token): they are erased from the outbox once the mail is
 * sent or given up, and never logged.
 */
@ApplicationScoped
public class MailOutbox {

    /** Fired with each enqueued mail; counted once its transaction commits. */
    record Queued(String template) {}

    private final MailOutboxRepository rows;
    private final MailTemplates templates;
    private final MailMetrics metrics;
    private final Event<Queued> queued;
    private final Clock clock;

    MailOutbox(
            MailOutboxRepository rows,
            MailTemplates templates,
            MailMetrics metrics,
            Event<Queued> queued,
            Clock clock) {
        this.rows = rows;
        this.templates = templates;
        this.metrics = metrics;
        this.queued = queued;
        this.clock = clock;
    }

    /**
     * Queues a mail to {@code recipient} (one address, as stored) rendered from {@code template} with {@code values}.
     * Must run inside the caller's transaction. An unknown template is a programming error
     * ({@link IllegalArgumentException}), so it fails where the mail is caused, not later in the sender.
     *
     * @return the mail's id (for logs: ids only, never an address or a value)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID enqueue(String recipient, String template, Map<String, String> values) {
        Objects.requireNonNull(recipient, "recipient");
        if (!templates.exists(template)) {
            throw new IllegalArgumentException("No mail template named " + template);
        }
        UUID id = UUID.randomUUID();
        rows.insert(id, recipient, template, values, clock.instant());
        queued.fire(new Queued(template));
        return id;
    }

    void count(@Observes(during = TransactionPhase.AFTER_SUCCESS) Queued mail) {
        metrics.queued(mail.template());
    }
}
