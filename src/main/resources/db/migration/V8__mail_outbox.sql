-- The mail outbox (mail/): a mail is a row written in the transaction of the change that causes it, so it commits or
-- rolls back with that change; the sender (every instance runs one) claims due rows with FOR UPDATE SKIP LOCKED, so
-- each row is claimed by one instance at a time, renders the template and sends it over SMTP.
CREATE TABLE mail_outbox (
    id               uuid         PRIMARY KEY,
    recipient        varchar(254) NOT NULL,
    template         varchar(64)  NOT NULL,
    -- the template's values; links in them carry single-use tokens, so they are erased (NULL) once the mail is sent
    -- or given up: the database never keeps a usable link longer than it must
    data             jsonb,
    status           varchar(7)   NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    -- attempts claimed so far; a claim also moves next_attempt_at to when a failed or abandoned attempt is retried
    attempts         integer      NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz  NOT NULL,
    created_at       timestamptz  NOT NULL,
    done_at          timestamptz,
    CONSTRAINT mail_outbox_done CHECK ((status = 'pending') = (done_at IS NULL) AND (status = 'pending' OR data IS NULL))
);
-- the sender's claim: due pending rows, oldest due first
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'pending';
-- the purge of rows done long ago
CREATE INDEX mail_outbox_done_idx ON mail_outbox (done_at) WHERE status <> 'pending';
