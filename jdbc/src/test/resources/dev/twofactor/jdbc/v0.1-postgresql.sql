-- twofactor: the table of JdbcCredentialRepository for PostgreSQL, one row per account.
-- The columns are the keys of CredentialRecord.toMap(); their meaning is documented there and in
-- JdbcCredentialRepository. Secrets are stored only as sealed by the SecretSealer.
CREATE TABLE IF NOT EXISTS two_factor (
  account_id         VARCHAR(255) NOT NULL PRIMARY KEY,
  version            BIGINT NOT NULL,
  secret             TEXT,
  confirmed_at       TIMESTAMP WITH TIME ZONE,
  last_step          BIGINT NOT NULL DEFAULT -1,
  last_used_at       TIMESTAMP WITH TIME ZONE,
  drift              INTEGER NOT NULL DEFAULT 0,
  pending_secret     TEXT,
  pending_expires_at TIMESTAMP WITH TIME ZONE,
  failures           INTEGER NOT NULL DEFAULT 0,
  retry_after        TIMESTAMP WITH TIME ZONE,
  recovery_codes     TEXT
);
