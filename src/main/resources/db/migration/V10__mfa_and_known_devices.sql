-- Multi-factor authentication (mfa/, API.md v1.1) and new-device sign-in notices (auth/NewDevices).

-- Whether a second factor is required at login: the one place that says MFA is on. Its own column, which a password
-- change or reset never writes, so neither can turn MFA off.
ALTER TABLE users ADD COLUMN mfa_enabled boolean NOT NULL DEFAULT false;

-- How the session was authenticated (RFC 8176 amr): every access token of the session carries it, refresh included.
ALTER TABLE sessions ADD COLUMN amr varchar(8)[] NOT NULL DEFAULT '{pwd}';

-- An account's TOTP authenticator: pending until confirmed with a first code (users.mfa_enabled false), then in use.
CREATE TABLE mfa_totp (
    user_id         uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- the secret, AES-GCM encrypted under auth.mfa.encryption-key (nonce, ciphertext and tag; the user id is the
    -- associated data, so a sealed secret copied to another account does not open)
    secret_sealed   bytea       NOT NULL,
    -- the last 30-second time step whose code was accepted: a code of this step or an earlier one is refused, so a
    -- code is accepted at most once (an UPDATE with this condition decides between concurrent uses)
    last_used_step  bigint,
    created_at      timestamptz NOT NULL
);

-- Single-use recovery codes, stored as HMAC-SHA-256 under the password pepper; a used code's row is deleted.
CREATE TABLE mfa_recovery_codes (
    code_hash  bytea PRIMARY KEY,
    user_id    uuid  NOT NULL REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX mfa_recovery_codes_user_id_idx ON mfa_recovery_codes (user_id);

-- The mfa_token of a login that passed its password and awaits the second factor: single-use, short-lived, stored
-- as SHA-256; wrong codes are counted on it.
CREATE TABLE mfa_challenges (
    token_hash  bytea       PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL,
    failures    integer     NOT NULL DEFAULT 0
);
CREATE INDEX mfa_challenges_user_id_idx ON mfa_challenges (user_id);
CREATE INDEX mfa_challenges_expires_at_idx ON mfa_challenges (expires_at);

-- Devices and networks an account logged in from (a SHA-256 of device and network, nothing readable): a login from a
-- pair not seen within auth.new-device.window mails a notice. One upsert per login.
CREATE TABLE known_devices (
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    fingerprint  bytea       NOT NULL,
    -- when the pair was first seen after a gap longer than the window (a notice was mailed then)
    seen_since   timestamptz NOT NULL,
    last_seen    timestamptz NOT NULL,
    PRIMARY KEY (user_id, fingerprint)
);
CREATE INDEX known_devices_last_seen_idx ON known_devices (last_seen);
