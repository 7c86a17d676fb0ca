-- twofactor: the table of JdbcCredentialRepository in standard SQL types, one row per account.
-- Runs unchanged on PostgreSQL and H2; a starting point for other databases, which need
-- TIMESTAMP WITH TIME ZONE read and written as java.time.OffsetDateTime (JDBC 4.2).
-- The columns are the keys of CredentialRecord.toMap(); their meaning is documented there and in
-- JdbcCredentialRepository. Secrets are stored only as sealed by the SecretSealer.
-- Lengths: a sealed secret of AesGcmSecretSealer is 73 characters and the key id; recovery codes
-- take 483 characters for 10 codes and 44 more per code, 4,446 for the most (100 codes).
CREATE TABLE IF NOT EXISTS two_factor (
  account_id         VARCHAR(255) NOT NULL PRIMARY KEY,
  version            BIGINT NOT NULL,
  secret             VARCHAR(1000),
  confirmed_at       TIMESTAMP WITH TIME ZONE,
  last_step          BIGINT NOT NULL DEFAULT -1,
  last_used_at       TIMESTAMP WITH TIME ZONE,
  drift              INTEGER NOT NULL DEFAULT 0,
  pending_secret     VARCHAR(1000),
  pending_expires_at TIMESTAMP WITH TIME ZONE,
  failures           INTEGER NOT NULL DEFAULT 0,
  retry_after        TIMESTAMP WITH TIME ZONE,
  recovery_codes     VARCHAR(4500)
);
