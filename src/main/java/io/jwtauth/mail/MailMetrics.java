package io.jwtauth.mail;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code auth_mails_total{template, outcome}}: {@code queued} (committed to the outbox), {@code sent}, {@code retry}
 * (an attempt failed, another follows) and {@code failed} (given up). A growing gap between queued and sent, or any
 * retry, says SMTP is not taking mail.
 */
@ApplicationScoped
class MailMetrics {

    private final MeterRegistry registry;

    MailMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void queued(String template) {
        count(template, "queued");
    }

    void sent(String template) {
        count(template, "sent");
    }

    void retry(String template) {
        count(template, "retry");
    }

    void failed(String template) {
        count(template, "failed");
    }

    private void count(String template, String outcome) {
        registry.counter("auth_mails_total", "template", template, "outcome", outcome)
                .increment();
    }
}
