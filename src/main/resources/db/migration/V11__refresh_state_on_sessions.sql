-- A session holds its refresh state itself (issue 14): the generation of its current refresh token, that token's
-- SHA-256 and expiry, and when it was rotated with the successor sealed under the previous token (the grace window).
-- A refresh token names its session and generation under an HMAC (session/RefreshTokenCodec), so a rotation is one
-- UPDATE of one sessions row, and a token older than the current generation is reuse: no row per rotated token.
ALTER TABLE sessions
    ADD COLUMN refresh_generation bigint NOT NULL DEFAULT 0,
    ADD COLUMN refresh_hash       bytea,
    ADD COLUMN refresh_expires_at timestamptz,
    ADD COLUMN refresh_rotated_at timestamptz,
    ADD COLUMN refresh_sealed     bytea;

-- Tokens issued before this migration (no session or generation in them) stay valid: the session's unused token
-- becomes its generation 0, and its predecessor's rotation time and sealed successor carry the grace window over.
-- refresh_tokens is only read from now on (session/LegacyRefreshTokens) and empties as its rows expire (7 days).
UPDATE sessions s
SET refresh_hash = t.token_hash, refresh_expires_at = t.expires_at
FROM refresh_tokens t
WHERE t.session_id = s.id AND t.used_at IS NULL;

UPDATE sessions s
SET refresh_rotated_at = t.used_at, refresh_sealed = t.successor_sealed
FROM (SELECT DISTINCT ON (session_id) session_id, used_at, successor_sealed
      FROM refresh_tokens WHERE used_at IS NOT NULL
      ORDER BY session_id, used_at DESC) t
WHERE t.session_id = s.id;
