package io.jwtauth.mail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The outbox table ({@code mail_outbox}): the only place that knows its shape. A mail is inserted in the caller's
 * transaction; the sender's statements are {@link Sql.Statement#uncounted()}, so a job polling every second never
 * shows up in the statement counts tests take around the requests it runs beside.
 */
@ApplicationScoped
class MailOutboxRepository {

    /** A mail claimed for one attempt: {@code attempt} counts this one. */
    record Claimed(UUID id, String recipient, String template, Map<String, String> values, int attempt) {}

    private static final TypeReference<Map<String, String>> VALUES = new TypeReference<>() {};

    private final Sql sql;
    private final ObjectMapper json;

    MailOutboxRepository(Sql sql, ObjectMapper json) {
        this.sql = sql;
        this.json = json;
    }

    void insert(UUID id, String recipient, String template, Map<String, String> values, Instant now) {
        sql.statement("""
                INSERT INTO mail_outbox (id, recipient, template, data, next_attempt_at, created_at)
                VALUES (:id, :recipient, :template, CAST(:data AS jsonb), :now, :now)""")
                .bind("id", id)
                .bind("recipient", recipient)
                .bind("template", template)
                .bind("data", write(values))
                .bind("now", now)
                .update();
    }

    /**
     * Claims up to {@code limit} due mails for one attempt each, skipping rows another instance holds: the claim
     * counts the attempt and moves the mail's next attempt to {@code now} plus the backoff (the first wait doubled per
     * earlier attempt, at most {@code cap}, at least {@code lease}), so a mail whose sender fails or dies is tried
     * again then, and by then its sender has given up on it.
     */
    List<Claimed> claim(Instant now, int limit, Duration base, Duration cap, Duration lease) {
        return sql.statement("""
                UPDATE mail_outbox m SET
                  attempts = m.attempts + 1,
                  next_attempt_at = CAST(:now AS timestamptz)
                    + greatest(:lease, least(:base * power(2, least(m.attempts, 30)), :cap)) * interval '1 millisecond'
                FROM (SELECT id FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= :now
                      ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED) due
                WHERE m.id = due.id
                RETURNING m.id, m.recipient, m.template, CAST(m.data AS text) AS data, m.attempts""")
                .uncounted()
                .bind("now", now)
                .bind("lease", lease.toMillis())
                .bind("base", base.toMillis())
                .bind("cap", cap.toMillis())
                .bind("limit", limit)
                .list(row -> new Claimed(
                        row.uuid("id"),
                        row.string("recipient"),
                        row.string("template"),
                        read(row.string("data")),
                        row.integer("attempts")));
    }

    /** The mail went out: done, its values erased. */
    void sent(UUID id, Instant now) {
        finish(id, "sent", now);
    }

    /** The mail is given up: done, its values erased. */
    void failed(UUID id, Instant now) {
        finish(id, "failed", now);
    }

    /** Deletes up to {@code limit} mails done before {@code before}; how many. */
    int purge(Instant before, int limit) {
        return sql.statement("""
                DELETE FROM mail_outbox WHERE id IN (
                  SELECT id FROM mail_outbox WHERE status <> 'pending' AND done_at < :before LIMIT :limit)""").bind("before", before).bind("limit", limit).update();
    }

    private void finish(UUID id, String status, Instant now) {
        sql.statement("UPDATE mail_outbox SET status = :status, done_at = :now, data = NULL"
                        + " WHERE id = :id AND status = 'pending'")
                .uncounted()
                .bind("status", status)
                .bind("now", now)
                .bind("id", id)
                .update();
    }

    private String write(Map<String, String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Mail values must be strings", e);
        }
    }

    private Map<String, String> read(String data) {
        try {
            return json.readValue(data, VALUES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The outbox holds values that are no JSON object of strings", e);
        }
    }
}
