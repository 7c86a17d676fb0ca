-- twofactor: the table of JdbcCredentialRepository for PostgreSQL, one row per account.
-- The columns are the fields of CredentialRecord; their meaning is documented there and in
-- JdbcCredentialRepository. Secrets, recovery codes and trusted devices are stored only as sealed
-- by the SecretSealer. account_id compares byte by byte (COLLATE "C"), so that two different ids
-- are never one row and pages of the batch re-seal follow one order.
CREATE TABLE IF NOT EXISTS two_factor (
  account_id         VARCHAR(255) COLLATE "C" NOT NULL PRIMARY KEY,
  version            BIGINT NOT NULL,
  credential_id      VARCHAR(22),
  secret             TEXT,
  algorithm          VARCHAR(6),
  digits             INTEGER,
  period             INTEGER,
  confirmed_at       TIMESTAMP WITH TIME ZONE,
  last_step          BIGINT NOT NULL DEFAULT -1,
  last_used_at       TIMESTAMP WITH TIME ZONE,
  drift              INTEGER NOT NULL DEFAULT 0,
  pending_id         VARCHAR(22),
  pending_secret     TEXT,
  pending_expires_at TIMESTAMP WITH TIME ZONE,
  failures           INTEGER NOT NULL DEFAULT 0,
  recovery_failures  INTEGER NOT NULL DEFAULT 0,
  budget_24h         TIMESTAMP WITH TIME ZONE,
  budget_30d         TIMESTAMP WITH TIME ZONE,
  known_budget_24h   TIMESTAMP WITH TIME ZONE,
  known_budget_30d   TIMESTAMP WITH TIME ZONE,
  sources            TEXT,
  recovery_codes     TEXT,
  devices            TEXT
);
