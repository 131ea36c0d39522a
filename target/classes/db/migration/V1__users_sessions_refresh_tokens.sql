-- Users, sessions (one per login) and the refresh tokens that rotate within a session.

CREATE TABLE users (
    id              uuid         PRIMARY KEY,
    email           varchar(254) NOT NULL,
    display_name    varchar(200),
    password_hash   varchar(100) NOT NULL,
    roles           varchar(32)[] NOT NULL,
    enabled         boolean      NOT NULL DEFAULT true,
    token_version   integer      NOT NULL DEFAULT 0,
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL
);
-- Emails are unique case-insensitively; every lookup goes through lower(email).
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

CREATE TABLE sessions (
    id              uuid         PRIMARY KEY,
    user_id         uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- the user's token_version when this session was (re)issued; a bump kills the session
    token_version   integer      NOT NULL,
    created_at      timestamptz  NOT NULL,
    last_used_at    timestamptz  NOT NULL,
    expires_at      timestamptz  NOT NULL,
    revoked_at      timestamptz,
    revoked_reason  varchar(40),
    user_agent      varchar(512),
    ip_address      varchar(64)
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE refresh_tokens (
    id               uuid        PRIMARY KEY,
    session_id       uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    -- SHA-256 of the opaque token; the token itself is never stored
    token_hash       bytea       NOT NULL,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    used_at          timestamptz,
    successor_id     uuid        REFERENCES refresh_tokens (id) ON DELETE SET NULL,
    -- the successor token, AES-GCM sealed under a key derived from this token: only a holder
    -- of this token can recover it (grace window), the database alone cannot
    successor_sealed bytea
);
CREATE UNIQUE INDEX refresh_tokens_token_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_session_id_idx ON refresh_tokens (session_id);
CREATE INDEX refresh_tokens_expires_at_idx ON refresh_tokens (expires_at);
CREATE INDEX refresh_tokens_successor_id_idx ON refresh_tokens (successor_id);
