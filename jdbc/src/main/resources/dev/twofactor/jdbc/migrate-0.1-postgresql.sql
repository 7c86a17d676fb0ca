-- twofactor: migrates the table of JdbcCredentialRepository from version 0.1 (postgresql).
-- Run it once, in a transaction where the database allows, before the new version serves
-- sign-ins. Rows written by 0.1 keep working only with TwoFactor.Builder.legacyRecords(true): run
-- TwoFactor.resealBatch over every row, then turn legacyRecords off again.
ALTER TABLE two_factor ADD COLUMN credential_id VARCHAR(22);
ALTER TABLE two_factor ADD COLUMN algorithm VARCHAR(6);
ALTER TABLE two_factor ADD COLUMN digits INTEGER;
ALTER TABLE two_factor ADD COLUMN period INTEGER;
ALTER TABLE two_factor ADD COLUMN pending_id VARCHAR(22);
ALTER TABLE two_factor ADD COLUMN recovery_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE two_factor ADD COLUMN budget_24h TIMESTAMP WITH TIME ZONE;
ALTER TABLE two_factor ADD COLUMN budget_30d TIMESTAMP WITH TIME ZONE;
ALTER TABLE two_factor ADD COLUMN known_budget_24h TIMESTAMP WITH TIME ZONE;
ALTER TABLE two_factor ADD COLUMN known_budget_30d TIMESTAMP WITH TIME ZONE;
ALTER TABLE two_factor ADD COLUMN sources TEXT;
ALTER TABLE two_factor ADD COLUMN devices TEXT;
-- A lock of 0.1 becomes the back-off of an unknown source, with its failures in a row; it holds
-- for requests without a client address, and the failures carry over to the hard stop.
UPDATE two_factor SET sources = 'c:-:' || CAST(failures AS VARCHAR(11)) || ':'
    || CAST(CAST(EXTRACT(EPOCH FROM retry_after) * 1000000 AS BIGINT) AS VARCHAR(20))
  WHERE retry_after IS NOT NULL AND failures > 0;
ALTER TABLE two_factor DROP COLUMN retry_after;
-- Ids compare byte by byte, as the repository requires.
ALTER TABLE two_factor ALTER COLUMN account_id TYPE VARCHAR(255) COLLATE "C";
