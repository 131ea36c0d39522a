-- Account recovery and email verification (auth/AccountTokens). Accounts existing before this migration are
-- unverified: nothing has proved that their owners hold those addresses. They verify by POST
-- /users/me/email/verification, or by completing a password reset (the link reached the address); with
-- AUTH_REGISTRATION_REQUIRE_VERIFIED_EMAIL=true they can log in only after one of those (README, "Account recovery").
ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT false;

-- Single-use tokens mailed to an address: only their SHA-256 is stored. One live token per account and purpose (a
-- newer one replaces the older); email is the address it was mailed to (for an email change, the new address).
CREATE TABLE account_tokens (
    token_hash  bytea        PRIMARY KEY,
    user_id     uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     varchar(20)  NOT NULL CHECK (purpose IN ('password_reset', 'email_verification')),
    email       varchar(254) NOT NULL,
    created_at  timestamptz  NOT NULL,
    expires_at  timestamptz  NOT NULL,
    CONSTRAINT account_tokens_one_per_purpose UNIQUE (user_id, purpose)
);
CREATE INDEX account_tokens_expires_at_idx ON account_tokens (expires_at);
