-- twofactor: the table of JdbcCredentialRepository for H2 2.x, one row per account.
-- The columns are the fields of CredentialRecord; their meaning is documented there and in
-- JdbcCredentialRepository. Secrets, recovery codes and trusted devices are stored only as sealed
-- by the SecretSealer. H2 compares VARCHAR as Java strings do, which is what account_id needs.
CREATE TABLE IF NOT EXISTS two_factor (
  account_id         VARCHAR(255) NOT NULL PRIMARY KEY,
  version            BIGINT NOT NULL,
  credential_id      VARCHAR(22),
  secret             VARCHAR,
  algorithm          VARCHAR(6),
  digits             INTEGER,
  period             INTEGER,
  confirmed_at       TIMESTAMP(6) WITH TIME ZONE,
  last_step          BIGINT NOT NULL DEFAULT -1,
  last_used_at       TIMESTAMP(6) WITH TIME ZONE,
  drift              INTEGER NOT NULL DEFAULT 0,
  pending_id         VARCHAR(22),
  pending_secret     VARCHAR,
  pending_expires_at TIMESTAMP(6) WITH TIME ZONE,
  failures           INTEGER NOT NULL DEFAULT 0,
  recovery_failures  INTEGER NOT NULL DEFAULT 0,
  budget_24h         TIMESTAMP(6) WITH TIME ZONE,
  budget_30d         TIMESTAMP(6) WITH TIME ZONE,
  known_budget_24h   TIMESTAMP(6) WITH TIME ZONE,
  known_budget_30d   TIMESTAMP(6) WITH TIME ZONE,
  sources            VARCHAR,
  recovery_codes     VARCHAR,
  devices            VARCHAR
);
