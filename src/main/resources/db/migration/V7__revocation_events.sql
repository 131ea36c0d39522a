-- The revocation event log (API.md "Revocation events"): what APIs verifying our tokens offline must refuse, in
-- commit order. The id is the readers' cursor: writers take a transaction-scoped advisory lock before inserting
-- (events/RevocationLog), so ids are handed out in the order the transactions commit and a reader that has seen id N
-- will never later see a smaller one appear. The identity's sequence must keep CACHE 1 (its default): a per-session
-- cache would hand out ids out of order across connections.
CREATE TABLE revocation_events (
    id      bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type    varchar(20)  NOT NULL,
    -- the subject (user or client id); no foreign key: the log outlives what it speaks of
    sub     uuid,
    sid     uuid,
    ver     integer,
    kid     varchar(200),
    -- why (logout, password_change, ...), for operators; not part of the published event
    reason  varchar(40),
    at      timestamptz  NOT NULL,
    CONSTRAINT revocation_events_shape CHECK (
        (type = 'session_revoked' AND sub IS NOT NULL AND sid IS NOT NULL AND ver IS NULL AND kid IS NULL)
        OR (type = 'tokens_revoked' AND sub IS NOT NULL AND sid IS NULL AND ver IS NOT NULL AND kid IS NULL)
        OR (type IN ('subject_disabled', 'subject_enabled')
            AND sub IS NOT NULL AND sid IS NULL AND ver IS NULL AND kid IS NULL)
        OR (type = 'key_retired' AND sub IS NULL AND sid IS NULL AND ver IS NULL AND kid IS NOT NULL))
);
-- the snapshot (events younger than the access-token lifetime + skew) and the pruning read by age
CREATE INDEX revocation_events_at_idx ON revocation_events (at);

-- The low-water mark of pruning: every event with an id up to pruned_through may have been deleted, every later one
-- is kept. A cursor below it answers 410 cursor_expired, also when the table is empty. One row.
CREATE TABLE revocation_event_horizon (
    only_row        boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    pruned_through  bigint  NOT NULL
);
INSERT INTO revocation_event_horizon (only_row, pruned_through) VALUES (true, 0);
