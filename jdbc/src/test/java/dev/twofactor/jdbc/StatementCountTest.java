package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.twofactor.AesGcmSecretSealer;
import dev.twofactor.Enrollment;
import dev.twofactor.RecoveryCodes;
import dev.twofactor.TwoFactor;
import dev.twofactor.Verification.Reason;
import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SQL a login costs, counted through a wrapping data source: one {@code SELECT} and one {@code
 * UPDATE} for an accepted code and for a wrong one, only the {@code SELECT} for an attempt that is
 * refused without storing anything; no commit in auto-commit mode.
 */
final class StatementCountTest {
  private static final List<String> READ = List.of("SELECT");
  private static final List<String> READ_AND_WRITE = List.of("SELECT", "UPDATE");

  private void countStatements(String jdbcUrl, Dialect dialect, String table) throws Exception {
    try (HikariDataSource pool = TestDatabases.pool(jdbcUrl, "statements-" + table, 2)) {
      RecordingDataSource recording = new RecordingDataSource(pool);
      JdbcCredentialRepository repository =
          JdbcCredentialRepository.builder(recording).table(table).build();
      repository.createTableIfNotExists(dialect);
      try {
        FakeClock clock = FakeClock.at(CredentialRepositoryContract.START);
        TwoFactor tf =
            TwoFactor.builder()
                .issuer("ACME")
                .repository(repository)
                .clock(clock)
                .recoveryCodes(CredentialRepositoryContract.FAST_RECOVERY)
                .sealer(
                    AesGcmSecretSealer.builder()
                        .currentKey("k", CredentialRepositoryContract.KEY)
                        .build())
                .build();
        recording.takeVerbs();
        Enrollment e = tf.enroll("agent-42", "alice@example.com");
        assertEquals(List.of("SELECT", "INSERT"), recording.takeVerbs(), "enroll");
        SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
        assertEquals(Reason.ACCEPTED, tf.confirm("agent-42", phone.code(clock)).reason());
        assertEquals(READ_AND_WRITE, recording.takeVerbs(), "confirm");

        clock.advance(Duration.ofSeconds(30));
        String code = phone.code(clock);
        assertEquals(Reason.ACCEPTED, tf.verify("agent-42", code).reason());
        assertEquals(READ_AND_WRITE, recording.takeVerbs(), "accepted code");
        assertEquals(Reason.REPLAYED, tf.verify("agent-42", code).reason());
        assertEquals(READ, recording.takeVerbs(), "replayed code");
        assertEquals(Reason.MALFORMED, tf.verify("agent-42", "12345x").reason());
        assertEquals(READ, recording.takeVerbs(), "malformed code");
        for (int i = 1; i <= 4; i++) {
          assertEquals(Reason.MISMATCH, tf.verify("agent-42", wrong(code)).reason());
          assertEquals(READ_AND_WRITE, recording.takeVerbs(), "wrong code " + i);
        }
        assertEquals(Reason.THROTTLED, tf.verify("agent-42", code).reason());
        assertEquals(READ, recording.takeVerbs(), "throttled attempt");

        clock.advance(Duration.ofMinutes(1));
        RecoveryCodes codes = tf.generateRecoveryCodes("agent-42");
        assertEquals(List.of("SELECT", "SELECT", "UPDATE"), recording.takeVerbs(), "generate");
        assertEquals(
            Reason.ACCEPTED, tf.redeemRecoveryCode("agent-42", codes.codes().get(0)).reason());
        assertEquals(READ_AND_WRITE, recording.takeVerbs(), "recovery code");

        assertEquals(0, recording.commits(), "auto-commit: no explicit commit");
        assertEquals(0, recording.openConnections());
        assertEquals(0, recording.openStatements());
        assertEquals(0, recording.openResultSets());
        assertTrue(tf.disable("agent-42"));
        assertEquals(List.of("DELETE"), recording.takeVerbs(), "disable");
      } finally {
        TestDatabases.dropTable(pool, table);
      }
      TestDatabases.assertNoneBorrowed(pool);
    }
  }

  /** Returns a well-formed code that is not {@code code}. */
  private static String wrong(String code) {
    return code.charAt(0) == '0' ? "1" + code.substring(1) : "0" + code.substring(1);
  }

  @Test
  void verify_onH2_costsOneReadAndOneConditionalWrite() throws Exception {
    countStatements(TestDatabases.newH2Url(), Dialect.H2, "two_factor");
  }

  @Test
  @RequiresPostgres
  void verify_onPostgres_costsOneReadAndOneConditionalWrite() throws Exception {
    countStatements(TestDatabases.postgresUrl(), Dialect.POSTGRESQL, TestDatabases.uniqueTable());
  }
}
