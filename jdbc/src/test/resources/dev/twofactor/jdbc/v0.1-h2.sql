-- twofactor: the table of JdbcCredentialRepository for H2 2.x, one row per account.
-- The columns are the keys of CredentialRecord.toMap(); their meaning is documented there and in
-- JdbcCredentialRepository. Secrets are stored only as sealed by the SecretSealer.
CREATE TABLE IF NOT EXISTS two_factor (
  account_id         VARCHAR(255) NOT NULL PRIMARY KEY,
  version            BIGINT NOT NULL,
  secret             VARCHAR,
  confirmed_at       TIMESTAMP(6) WITH TIME ZONE,
  last_step          BIGINT NOT NULL DEFAULT -1,
  last_used_at       TIMESTAMP(6) WITH TIME ZONE,
  drift              INTEGER NOT NULL DEFAULT 0,
  pending_secret     VARCHAR,
  pending_expires_at TIMESTAMP(6) WITH TIME ZONE,
  failures           INTEGER NOT NULL DEFAULT 0,
  retry_after        TIMESTAMP(6) WITH TIME ZONE,
  recovery_codes     VARCHAR
);
