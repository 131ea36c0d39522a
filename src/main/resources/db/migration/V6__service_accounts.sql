-- Service accounts (machine-to-machine clients). A client's subject is a row of users, of kind 'client': its id is
-- the client id (the sub of its access tokens), its name is display_name, and it has roles, enabled and
-- token_version like any account. So everything that verifies or revokes tokens by subject (the verify-time checks,
-- their caches, the announcement to other instances, tokenVersion bumps) treats its tokens exactly like a user's.
-- A client has no email and no password: it never logs in by email, and the check below keeps the two kinds apart.
ALTER TABLE users ADD COLUMN kind varchar(6) NOT NULL DEFAULT 'user';
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_kind_check CHECK (
    (kind = 'user' AND email IS NOT NULL AND password_hash IS NOT NULL
        AND NOT ('resource-server' = ANY (roles)))
    OR (kind = 'client' AND email IS NULL AND password_hash IS NULL));

-- The client's credential: its secret (only an HMAC-SHA-256 under the password pepper, see client/ClientSecrets)
-- and the session that stands for it. The session's id is the sid of every access token issued with the secret, so
-- revoking that session (a rotated secret) kills exactly those tokens; session_id is null only between a session
-- dying otherwise (ON DELETE) and the next token request, which opens a new one.
CREATE TABLE clients (
    id                 uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret_hash        bytea       NOT NULL,
    secret_created_at  timestamptz NOT NULL,
    session_id         uuid        REFERENCES sessions (id) ON DELETE SET NULL
);
