package dev.twofactor.jdbc;

import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Tables and rows as version 0.1 wrote them, made with the JDK alone: the 0.1 DDL (kept verbatim as
 * test resources {@code v0.1-<dialect>.sql}), secrets sealed with AES-256-GCM whose associated data
 * is the account id's UTF-8 bytes ({@code aes-gcm:<key id>:<Base64url(nonce|ciphertext|tag)>}), and
 * recovery codes as plain PBKDF2-HMAC-SHA256 hashes ({@code
 * pbkdf2-sha256:<iterations>:<salt>:<hash>,...} in unpadded Base64).
 */
final class Rows01 {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] CODE_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  private Rows01() {}

  /** One row of a 0.1 table; {@code null} is SQL {@code NULL}. */
  record Row(
      String accountId,
      long version,
      @Nullable String secret,
      @Nullable Instant confirmedAt,
      long lastStep,
      @Nullable Instant lastUsedAt,
      int drift,
      @Nullable String pendingSecret,
      @Nullable Instant pendingExpiresAt,
      int failures,
      @Nullable Instant retryAfter,
      @Nullable String recoveryCodes) {

    /** An active credential confirmed at {@code confirmedAt}, nothing else. */
    static Row active(String accountId, String sealedSecret, Instant confirmedAt) {
      return new Row(
          accountId, 1, sealedSecret, confirmedAt, -1, null, 0, null, null, 0, null, null);
    }

    Row lastStep(long step, Instant usedAt) {
      return new Row(
          accountId,
          version,
          secret,
          confirmedAt,
          step,
          usedAt,
          drift,
          pendingSecret,
          pendingExpiresAt,
          failures,
          retryAfter,
          recoveryCodes);
    }

    Row drift(int steps) {
      return new Row(
          accountId,
          version,
          secret,
          confirmedAt,
          lastStep,
          lastUsedAt,
          steps,
          pendingSecret,
          pendingExpiresAt,
          failures,
          retryAfter,
          recoveryCodes);
    }

    Row pending(String sealed, Instant expiresAt) {
      return new Row(
          accountId,
          version,
          secret,
          confirmedAt,
          lastStep,
          lastUsedAt,
          drift,
          sealed,
          expiresAt,
          failures,
          retryAfter,
          recoveryCodes);
    }

    Row locked(int failureCount, @Nullable Instant until) {
      return new Row(
          accountId,
          version,
          secret,
          confirmedAt,
          lastStep,
          lastUsedAt,
          drift,
          pendingSecret,
          pendingExpiresAt,
          failureCount,
          until,
          recoveryCodes);
    }

    Row recoveryCodes(String stored) {
      return new Row(
          accountId,
          version,
          secret,
          confirmedAt,
          lastStep,
          lastUsedAt,
          drift,
          pendingSecret,
          pendingExpiresAt,
          failures,
          retryAfter,
          stored);
    }
  }

  /** Returns the 0.1 DDL of a dialect for a table. */
  static String ddl(Dialect dialect, String table) {
    String file =
        switch (dialect) {
          case POSTGRESQL -> "v0.1-postgresql.sql";
          case H2 -> "v0.1-h2.sql";
          case PORTABLE -> "v0.1-portable.sql";
        };
    try (InputStream in = Rows01.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("test resource missing: " + file);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.replace(
          "CREATE TABLE IF NOT EXISTS two_factor (", "CREATE TABLE IF NOT EXISTS " + table + " (");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates the 0.1 table of a test. */
  static void createTable(TestTable table) throws java.sql.SQLException {
    String ddl = ddl(table.dialect, table.name);
    table.execute(ddl.substring(0, ddl.lastIndexOf(';')));
  }

  /** Inserts a row as 0.1 did: every column of the 0.1 table. */
  static void insert(TestTable table, Row row) throws java.sql.SQLException {
    table.execute(
        "INSERT INTO {table} (account_id, version, secret, confirmed_at, last_step, last_used_at,"
            + " drift, pending_secret, pending_expires_at, failures, retry_after, recovery_codes)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        row.accountId(),
        row.version(),
        row.secret(),
        row.confirmedAt(),
        row.lastStep(),
        row.lastUsedAt(),
        row.drift(),
        row.pendingSecret(),
        row.pendingExpiresAt(),
        row.failures(),
        row.retryAfter(),
        row.recoveryCodes());
  }

  /** Seals a secret as 0.1's AesGcmSecretSealer did: the account id is the associated data. */
  static String seal(String keyId, byte[] key, String accountId, byte[] secret) {
    byte[] sealed = new byte[12 + secret.length + 16];
    RANDOM.nextBytes(sealed);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(128, sealed, 0, 12));
      cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
      cipher.doFinal(secret, 0, secret.length, sealed, 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return "aes-gcm:"
        + keyId
        + ":"
        + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
  }

  /** Returns new random 20-byte secret. */
  static byte[] newSecret() {
    byte[] secret = new byte[20];
    RANDOM.nextBytes(secret);
    return secret;
  }

  /** Returns new random recovery codes as 0.1 showed them: {@code 7kq2-m9xa-b3rt}. */
  static List<String> newRecoveryCodes(int count) {
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder code = new StringBuilder();
      for (int c = 0; c < 12; c++) {
        if (c > 0 && c % 4 == 0) {
          code.append('-');
        }
        code.append(CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)]);
      }
      codes.add(code.toString());
    }
    return codes;
  }

  /** Returns the stored form of recovery codes as 0.1 wrote it, with a new random salt. */
  static String recoveryCodes(List<String> codes, int iterations) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    StringBuilder s = new StringBuilder("pbkdf2-sha256:");
    s.append(iterations).append(':').append(base64.encodeToString(salt)).append(':');
    for (int i = 0; i < codes.size(); i++) {
      if (i > 0) {
        s.append(',');
      }
      char[] normalized = codes.get(i).replace("-", "").toCharArray();
      PBEKeySpec spec = new PBEKeySpec(normalized, salt, iterations, 256);
      try {
        s.append(
            base64.encodeToString(
                SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded()));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      } finally {
        spec.clearPassword();
      }
    }
    return s.toString();
  }

  /** Returns the otpauth URI of a 0.1 user's phone, for testkit's authenticator to scan. */
  static String uri(byte[] secret) {
    return "otpauth://totp/ACME:user?issuer=ACME&secret="
        + dev.twofactor.Secret.fromBytes(secret).toBase32();
  }
}
