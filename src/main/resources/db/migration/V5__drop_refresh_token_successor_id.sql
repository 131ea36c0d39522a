-- A rotated token's successor is recovered from successor_sealed (the grace window); the id was written on every
-- rotation and never read. Dropping it saves a write and an index update per refresh.
DROP INDEX refresh_tokens_successor_id_idx;
ALTER TABLE refresh_tokens DROP COLUMN successor_id;
