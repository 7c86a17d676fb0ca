package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.twofactor.AesGcmSecretSealer;
import dev.twofactor.Enrollment;
import dev.twofactor.Proof;
import dev.twofactor.Secret;
import dev.twofactor.TwoFactor;
import dev.twofactor.Verification;
import dev.twofactor.Verification.Reason;
import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The SQL each operation of the service costs, counted through a wrapping data source. A sign-in is
 * one {@code SELECT} and one conditional {@code UPDATE}, accepted or wrong; an attempt refused
 * without storing anything (replayed, of the wrong length, throttled) is the {@code SELECT} alone,
 * and input that is not a code costs nothing. No commit in auto-commit mode.
 *
 * <table class="striped">
 *   <caption>Statements per operation</caption>
 *   <tr><td>enroll, import</td><td>SELECT, INSERT</td></tr>
 *   <tr><td>confirm, verify, resynchronize, redeem a recovery code, unlock, enroll a
 *       replacement</td><td>SELECT, UPDATE</td></tr>
 *   <tr><td>generate recovery codes with a token</td><td>SELECT (the proof), SELECT, UPDATE (the
 *       codes)</td></tr>
 *   <tr><td>generate recovery codes with a code</td><td>SELECT, UPDATE (the code is used up),
 *       SELECT, UPDATE (the codes)</td></tr>
 *   <tr><td>disable with proof, reset</td><td>SELECT, DELETE</td></tr>
 *   <tr><td>status; reset or disable without a record</td><td>SELECT</td></tr>
 *   <tr><td>export</td><td>SELECT, SELECT</td></tr>
 *   <tr><td>resealBatch over n records</td><td>SELECT (the page), then per record a SELECT, and an
 *       UPDATE if a value is not sealed under the current key</td></tr>
 *   <tr><td>missingKeyIds</td><td>one SELECT per page of 500, and one more for the empty
 *       end</td></tr>
 * </table>
 */
final class StatementCountTest {
  private static final List<String> NONE = List.of();
  private static final List<String> READ = List.of("SELECT");
  private static final List<String> READ_AND_WRITE = List.of("SELECT", "UPDATE");
  private static final List<String> READ_AND_INSERT = List.of("SELECT", "INSERT");
  private static final List<String> READ_AND_DELETE = List.of("SELECT", "DELETE");
  private static final String ID = "agent-42";
  private static final Duration PERIOD = Duration.ofSeconds(30);

  private void countStatements(String jdbcUrl, Dialect dialect, String table) throws Exception {
    try (HikariDataSource pool = TestDatabases.pool(jdbcUrl, "statements-" + table, 2)) {
      RecordingDataSource recording = new RecordingDataSource(pool);
      JdbcCredentialRepository repository =
          JdbcCredentialRepository.builder(recording).table(table).build();
      repository.createTableIfNotExists(dialect);
      try {
        FakeClock clock = FakeClock.at(CredentialRepositoryContract.START);
        TwoFactor tf = service(repository, clock, sealer("k"));
        recording.takeVerbs();
        Enrollment e = tf.enroll(ID, "alice@example.com");
        assertEquals(READ_AND_INSERT, recording.takeVerbs(), "enroll");
        SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
        Verification confirmed = tf.confirm(ID, phone.code(clock));
        assertEquals(Reason.ACCEPTED, confirmed.reason());
        assertEquals(READ_AND_WRITE, recording.takeVerbs(), "confirm");
        tf.generateRecoveryCodes(ID, Proof.token(confirmed.proof()));
        assertEquals(
            List.of("SELECT", "SELECT", "UPDATE"),
            recording.takeVerbs(),
            "recovery codes with a token: the proof is read, the codes are stored");

        clock.advance(PERIOD);
        String code = phone.code(clock);
        assertEquals(Reason.ACCEPTED, tf.verify(ID, code).reason());
        List<String> statements = recording.takeStatements();
        assertEquals(2, statements.size(), "accepted code: " + statements);
        assertTrue(
            statements.get(0).startsWith("SELECT ")
                && statements.get(0).endsWith(" WHERE account_id = ?"),
            statements.get(0));
        assertTrue(
            statements.get(1).startsWith("UPDATE " + table + " SET ")
                && statements.get(1).endsWith(" WHERE account_id = ? AND version = ?"),
            "one conditional UPDATE: " + statements.get(1));
        assertEquals(Reason.REPLAYED, tf.verify(ID, code).reason());
        assertEquals(READ, recording.takeVerbs(), "replayed code");
        assertEquals(Reason.MALFORMED, tf.verify(ID, "12345x").reason());
        assertEquals(NONE, recording.takeVerbs(), "not a code: refused before any statement");
        assertEquals(Reason.MALFORMED, tf.verify(ID, "1234567").reason());
        assertEquals(READ, recording.takeVerbs(), "a code of another length than the credential's");
        for (int i = 1; i <= 4; i++) {
          assertEquals(Reason.MISMATCH, tf.verify(ID, wrong(code)).reason());
          assertEquals(READ_AND_WRITE, recording.takeVerbs(), "wrong code " + i);
        }
        assertEquals(Reason.THROTTLED, tf.verify(ID, code).reason());
        assertEquals(READ, recording.takeVerbs(), "throttled attempt");
        assertEquals(4, tf.status(ID).failures());
        assertEquals(READ, recording.takeVerbs(), "status");
        assertTrue(tf.unlock(ID, "admin"));
        assertEquals(READ_AND_WRITE, recording.takeVerbs(), "unlock");

        clock.advance(PERIOD);
        List<String> codes = tf.generateRecoveryCodes(ID, Proof.code(phone.code(clock))).codes();
        assertEquals(
            List.of("SELECT", "UPDATE", "SELECT", "UPDATE"),
            recording.takeVerbs(),
            "recovery codes with a code: the code is used up, then the codes are stored");
        assertEquals(Reason.ACCEPTED, tf.redeemRecoveryCode(ID, codes.get(0)).reason());
        assertEquals(READ_AND_WRITE, recording.takeVerbs(), "recovery code");

        Verification resynchronized =
            tf.resynchronize(
                ID,
                phone.codeAt(clock.instant().plus(PERIOD.multipliedBy(6))),
                phone.codeAt(clock.instant().plus(PERIOD.multipliedBy(7))));
        assertEquals(Reason.ACCEPTED, resynchronized.reason());
        assertEquals(READ_AND_WRITE, recording.takeVerbs(), "resynchronize");
        Enrollment replacement =
            tf.enroll(ID, "alice@example.com", Proof.token(resynchronized.proof()));
        assertTrue(replacement.isRotation());
        assertEquals(READ_AND_WRITE, recording.takeVerbs(), "enroll a replacement");
        SoftwareAuthenticator newPhone =
            SoftwareAuthenticator.scan(replacement.uri().toUriString());
        Verification replaced = tf.confirm(ID, newPhone.code(clock));
        assertEquals(Reason.ACCEPTED, replaced.reason());
        assertEquals(READ_AND_WRITE, recording.takeVerbs(), "confirm a replacement");
        tf.export(ID, "alice@example.com", "admin");
        assertEquals(List.of("SELECT", "SELECT"), recording.takeVerbs(), "export");

        assertEquals(Optional.of(ID), tf.resealBatch(null, 10));
        assertEquals(
            List.of("SELECT", "SELECT"), recording.takeVerbs(), "re-seal, already current");
        TwoFactor rotated =
            service(
                repository,
                clock,
                AesGcmSecretSealer.builder()
                    .currentKey("k2", CredentialRepositoryContract.KEY2)
                    .previousKey("k", CredentialRepositoryContract.KEY)
                    .build());
        assertEquals(Set.of(), rotated.missingKeyIds());
        assertEquals(List.of("SELECT", "SELECT"), recording.takeVerbs(), "missing key ids");
        assertEquals(Optional.of(ID), rotated.resealBatch(null, 10));
        assertEquals(
            List.of("SELECT", "SELECT", "UPDATE"),
            recording.takeVerbs(),
            "re-seal under a new key");
        assertEquals(Optional.empty(), rotated.resealBatch(ID, 10));
        assertEquals(READ, recording.takeVerbs(), "re-seal past the last record");

        assertEquals(0, recording.commits(), "auto-commit: no explicit commit");
        assertEquals(0, recording.openConnections());
        assertEquals(0, recording.openStatements());
        assertEquals(0, recording.openResultSets());

        assertTrue(rotated.disable(ID, Proof.token(replaced.proof())));
        assertEquals(READ_AND_DELETE, recording.takeVerbs(), "disable with proof");
        assertFalse(rotated.disable(ID, Proof.token(replaced.proof())));
        assertEquals(READ, recording.takeVerbs(), "disable without a record");
        assertFalse(rotated.importCredential(ID, Secret.generate(), "admin"));
        assertEquals(READ_AND_INSERT, recording.takeVerbs(), "import");
        assertTrue(rotated.reset(ID, "admin"));
        assertEquals(READ_AND_DELETE, recording.takeVerbs(), "reset");
        assertFalse(rotated.reset(ID, "admin"));
        assertEquals(READ, recording.takeVerbs(), "reset without a record");
      } finally {
        TestDatabases.dropTable(pool, table);
      }
      TestDatabases.assertNoneBorrowed(pool);
    }
  }

  private static AesGcmSecretSealer sealer(String keyId) {
    return AesGcmSecretSealer.builder().currentKey(keyId, CredentialRepositoryContract.KEY).build();
  }

  private static TwoFactor service(
      JdbcCredentialRepository repository, FakeClock clock, AesGcmSecretSealer sealer) {
    return TwoFactor.builder()
        .issuer("ACME")
        .repository(repository)
        .clock(clock)
        .recoveryCodes(CredentialRepositoryContract.FAST_RECOVERY)
        .sealer(sealer)
        .build();
  }

  /** Returns a well-formed code that is not {@code code}. */
  private static String wrong(String code) {
    return code.charAt(0) == '0' ? "1" + code.substring(1) : "0" + code.substring(1);
  }

  @Test
  void operations_onH2_costTheirStatements() throws Exception {
    countStatements(TestDatabases.newH2Url(), Dialect.H2, "two_factor");
  }

  @Test
  @RequiresPostgres
  void operations_onPostgres_costTheirStatements() throws Exception {
    countStatements(TestDatabases.postgresUrl(), Dialect.POSTGRESQL, TestDatabases.uniqueTable());
  }
}
