-- Emails are stored in the one normalised form the service compares (common/Emails: trimmed, lower-cased, Unicode
-- NFC); rows written before were only trimmed. This brings them to that form. PostgreSQL's lower() and btrim() stand
-- in for Java's toLowerCase(Locale.ROOT) and strip(): they agree on ASCII and on ordinary letters, and every address
-- the API wrote was already stripped by Java. Lookups compare lower(email) with lower(input), so an address where
-- the two lower-casings differ is still found.
--
-- Two rows can collide once normalised. The unique index is on lower(email) only, so 'café@x' written with a
-- composed é and with e + U+0301 were two accounts, although they are one address. Of each such group exactly one
-- row takes the normalised form: the one whose lower(email) already is that form (the index allows one at most),
-- else the oldest account. The others are left exactly as they are — not deleted, not merged, not renamed: no
-- login or registration can reach them by email any more (every lookup now uses the normalised form), their data
-- and sessions stay for an operator to resolve, and the migration warns with their number. The later account of
-- such a pair is most likely a look-alike made to impersonate the first.
UPDATE users u
SET email = ranked.target
FROM (
    SELECT id, target,
           row_number() OVER (PARTITION BY target ORDER BY lower(email) = target DESC, created_at, id) AS place
    FROM (SELECT id, email, created_at, normalize(lower(btrim(email)), NFC) AS target FROM users) normalised
) ranked
WHERE u.id = ranked.id AND ranked.place = 1 AND u.email <> ranked.target;

DO $$
DECLARE
    left_alone integer;
BEGIN
    SELECT count(*) INTO left_alone FROM users WHERE email <> normalize(lower(btrim(email)), NFC);
    IF left_alone > 0 THEN
        RAISE WARNING '% account(s) share their normalised email with another account and were left unchanged; '
            'they cannot log in by email until resolved (SELECT id, email, created_at FROM users '
            'WHERE email <> normalize(lower(btrim(email)), NFC))', left_alone;
    END IF;
END $$;
