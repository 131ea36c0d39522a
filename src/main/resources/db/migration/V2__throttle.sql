-- Login / registration throttling state, shared by every instance and surviving restarts.
-- The key is a hash of what is throttled (client IP, or email + client IP): no email is stored here.
CREATE TABLE throttle (
    key            bytea       PRIMARY KEY,
    failures       integer     NOT NULL,
    last_failure   timestamptz NOT NULL,
    blocked_until  timestamptz
);
CREATE INDEX throttle_last_failure_idx ON throttle (last_failure);
