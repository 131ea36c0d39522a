-- Device tokens: a client that has logged in to an account successfully keeps one, and is exempt from that
-- account's throttle (so an attacker's failures from elsewhere never lock the owner out). Only the SHA-256 of the
-- opaque token is stored.
CREATE TABLE device_tokens (
    token_hash  bytea       PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX device_tokens_user_id_idx ON device_tokens (user_id, created_at);
CREATE INDEX device_tokens_expires_at_idx ON device_tokens (expires_at);

-- Throttle rows count attempts reserved before the password check (refunded on success); whether a key waits is
-- derived from the count and the time of its last attempt, so no separate "blocked until" is stored.
ALTER TABLE throttle DROP COLUMN blocked_until;
ALTER TABLE throttle RENAME COLUMN failures TO attempts;
ALTER TABLE throttle RENAME COLUMN last_failure TO last_attempt;
ALTER INDEX throttle_last_failure_idx RENAME TO throttle_last_attempt_idx;
