package io.jwtauth.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.LogCapture;
import io.jwtauth.support.Metrics;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.NativeQueries;
import io.jwtauth.support.SmtpServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox delivers over real SMTP: with its transaction or not at all, rendered as text and escaped HTML, nothing
 * lost while SMTP is down, given up after the configured attempts without logging a value, and each mail sent once by
 * senders racing for it. The scheduled sender is paused, so each test drives the sender itself.
 */
@QuarkusTest
class MailOutboxTest {

    private static final String TEMPLATE = "outbox-test";

    @Inject
    MailOutbox outbox;

    @Inject
    MailSender sender;

    @Inject
    Scheduler scheduler;

    @Inject
    MutableClock clock;

    @Inject
    NativeQueries db;

    SmtpServer smtp;

    @BeforeEach
    void pauseTheScheduledSender() {
        scheduler.pause("mail-sender");
    }

    @AfterEach
    void resumeIt() {
        smtp.start();
        scheduler.resume("mail-sender");
    }

    @Test
    void aQueuedMailArrivesOverSmtpAsTextAndEscapedHtml() {
        String to = Accounts.uniqueEmail("outbox");
        enqueue(to, Map.of("name", "Ada <b>& co</b>", "code", "1234"));

        sender.sendDue();

        SmtpServer.Received mail = smtp.awaitOne(to);
        assertEquals("Outbox test for Ada <b>& co</b>", mail.subject());
        assertEquals("Hello Ada <b>& co</b>, your code is 1234.", mail.text().strip());
        assertTrue(
                mail.html().contains("Hello Ada &lt;b&gt;&amp; co&lt;/b&gt;, your code is <b>1234</b>."), mail.html());
    }

    @Test
    void aTemplateFileInTheTemplatesDirectoryReplacesTheBundledOneWithoutARestart() throws IOException {
        Path subject = Path.of(ConfigProvider.getConfig().getValue("auth.mail.templates-dir", String.class))
                .resolve(TEMPLATE)
                .resolve("subject.txt");
        Files.createDirectories(subject.getParent());
        Files.writeString(subject, "Replaced for {name}");
        try {
            String to = Accounts.uniqueEmail("replaced");
            enqueue(to, Map.of("name", "Ada", "code", "7"));

            sender.sendDue();

            SmtpServer.Received mail = smtp.awaitOne(to);
            assertEquals("Replaced for Ada", mail.subject());
            assertEquals("Hello Ada, your code is 7.", mail.text().strip(), "the other files stay bundled");
        } finally {
            Files.delete(subject);
        }
    }

    @Test
    void aMailLeavesOnlyWithTheTransactionThatQueuedIt() {
        String to = Accounts.uniqueEmail("rollback");
        assertThrows(
                IllegalStateException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> {
                    outbox.enqueue(to, TEMPLATE, Map.of("name", "rolled back", "code", "1"));
                    throw new IllegalStateException("the change that caused the mail fails");
                }));
        enqueue(to, Map.of("name", "committed", "code", "2"));

        sender.sendDue();

        assertEquals("Outbox test for committed", smtp.awaitOne(to).subject());
    }

    @Test
    void enqueueingOutsideATransactionIsRefused() {
        assertThrows(
                TransactionalException.class,
                () -> outbox.enqueue(Accounts.uniqueEmail("no-tx"), TEMPLATE, Map.of("name", "x", "code", "1")));
    }

    @Test
    void anUnknownTemplateFailsWhereTheMailIsCaused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> QuarkusTransaction.requiringNew()
                        .run(() -> outbox.enqueue(Accounts.uniqueEmail("unknown"), "../outbox-test", Map.of())));
    }

    @Test
    void nothingIsLostWhileSmtpIsDownAndItArrivesOnceSmtpIsBack() {
        String to = Accounts.uniqueEmail("outage");
        sender.sendDue(); // what earlier tests left due goes now, before SMTP stops
        // this template's retries only: the scheduled sender may be sending other tests' mails (a new-sign-in notice)
        // when SMTP stops, and those count as retries of their own templates
        String retried = "outcome=\"retry\",template=\"" + TEMPLATE + "\"";
        double retries = Metrics.sum("auth_mails_total", retried);
        smtp.stop();
        UUID id = enqueue(to, Map.of("name", "Ada", "code", "42"));

        sender.sendDue();
        assertEquals(1, attempts(id), "one attempt, refused by the missing server");
        assertEquals("pending", status(id));
        assertEquals(1.0, Metrics.sum("auth_mails_total", retried) - retries);

        smtp.start();
        sender.sendDue();
        assertEquals(1, attempts(id), "not due again before its backoff");
        clock.advance(Duration.ofSeconds(31));
        sender.sendDue();

        assertEquals("Outbox test for Ada", smtp.awaitOne(to).subject());
        assertEquals("sent", status(id));
        assertNull(data(id), "values (links with tokens) are erased once sent");
    }

    @Test
    void aMailIsGivenUpAfterTheConfiguredAttemptsWithOneLineThatHoldsNoValue() {
        String to = Accounts.uniqueEmail("give-up");
        String secret = "secret-" + UUID.randomUUID();
        double failed = Metrics.sum("auth_mails_total", "outcome=\"failed\"");
        smtp.stop();
        UUID id = enqueue(to, Map.of("name", "Ada", "code", secret));
        try (LogCapture log = LogCapture.start()) {
            for (int attempt = 1; attempt <= 10; attempt++) {
                sender.sendDue();
                assertEquals(attempt, attempts(id));
                clock.advance(Duration.ofHours(1));
            }
            sender.sendDue();
            assertEquals(10, attempts(id), "no eleventh attempt");
            assertEquals("failed", status(id));
            assertNull(data(id));
            // at least: mails left pending by earlier tests (an address SMTP refused) may run out of attempts too
            assertTrue(Metrics.sum("auth_mails_total", "outcome=\"failed\"") - failed >= 1.0);
            List<String> lines = log.records().stream().map(LogCapture::line).toList();
            assertEquals(
                    1,
                    lines.stream()
                            .filter(l -> l.contains(id + " (" + TEMPLATE + ") given up after 10 attempts"))
                            .count(),
                    lines.toString());
            assertFalse(lines.stream().anyMatch(l -> l.contains(secret)), "a value is never logged");
        }
    }

    @Test
    void twoSendersRacingForTheSameMailsSendEachOnce() throws Exception {
        List<String> recipients = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 60; i++) {
                String to = Accounts.uniqueEmail("race" + i);
                recipients.add(to);
                outbox.enqueue(to, TEMPLATE, Map.of("name", "racer", "code", String.valueOf(i)));
            }
        });
        int senders = 2;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<Integer>> attempted = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                attempted.add(pool.submit(() -> {
                    start.await();
                    return sender.sendDue();
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : attempted) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertTrue(total >= recipients.size(), "every mail attempted");
        } finally {
            pool.shutdownNow();
        }
        for (String to : recipients) {
            assertEquals(1, smtp.await(to, 1).size(), to);
        }
        sender.sendDue(); // nothing is left to send again
        for (String to : recipients) {
            assertEquals(1, smtp.to(to).size(), to);
        }
    }

    private UUID enqueue(String to, Map<String, String> values) {
        return QuarkusTransaction.requiringNew().call(() -> outbox.enqueue(to, TEMPLATE, values));
    }

    private int attempts(UUID id) {
        return ((Number) column(id, "attempts")).intValue();
    }

    private String status(UUID id) {
        return (String) column(id, "status");
    }

    private Object data(UUID id) {
        return column(id, "CAST(data AS text)");
    }

    private Object column(UUID id, String column) {
        return QuarkusTransaction.requiringNew()
                .call(() -> db.createNativeQuery("SELECT " + column + " FROM mail_outbox WHERE id = ?1")
                        .setParameter(1, id)
                        .getSingleResult());
    }
}
