-- twofactor: the table of JdbcCredentialRepository in standard SQL types, one row per account.
-- Runs unchanged on PostgreSQL and H2; a starting point for other databases, which need
-- TIMESTAMP WITH TIME ZONE read and written as java.time.OffsetDateTime (JDBC 4.2), and a binary,
-- deterministic collation on account_id (two different ids must never compare equal).
-- The columns are the fields of CredentialRecord; their meaning is documented there and in
-- JdbcCredentialRepository. Secrets, recovery codes and trusted devices are stored only as sealed
-- by the SecretSealer. Lengths: a sealed secret of AesGcmSecretSealer is 73 characters and the
-- key id; sealed recovery codes take about 700 characters for 10 codes and 6,100 for the most
-- (100 codes); ten trusted devices about 2,700.
CREATE TABLE IF NOT EXISTS two_factor (
  account_id         VARCHAR(255) NOT NULL PRIMARY KEY,
  version            BIGINT NOT NULL,
  credential_id      VARCHAR(22),
  secret             VARCHAR(1000),
  algorithm          VARCHAR(6),
  digits             INTEGER,
  period             INTEGER,
  confirmed_at       TIMESTAMP WITH TIME ZONE,
  last_step          BIGINT NOT NULL DEFAULT -1,
  last_used_at       TIMESTAMP WITH TIME ZONE,
  drift              INTEGER NOT NULL DEFAULT 0,
  pending_id         VARCHAR(22),
  pending_secret     VARCHAR(1000),
  pending_expires_at TIMESTAMP WITH TIME ZONE,
  failures           INTEGER NOT NULL DEFAULT 0,
  recovery_failures  INTEGER NOT NULL DEFAULT 0,
  budget_24h         TIMESTAMP WITH TIME ZONE,
  budget_30d         TIMESTAMP WITH TIME ZONE,
  known_budget_24h   TIMESTAMP WITH TIME ZONE,
  known_budget_30d   TIMESTAMP WITH TIME ZONE,
  sources            VARCHAR(1000),
  recovery_codes     VARCHAR(8000),
  devices            VARCHAR(8000)
);
