package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.twofactor.AesGcmSecretSealer;
import dev.twofactor.Enrollment;
import dev.twofactor.TwoFactor;
import dev.twofactor.Verification.Reason;
import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's JDBC example, the code between {@code // README jdbc} and {@code // END
 * README}, against an embedded H2 database instead of PostgreSQL.
 */
final class JdbcReadmeTest {
  @Test
  void jdbcExample_runs() throws Exception {
    String jdbcUrl = TestDatabases.newH2Url();
    Dialect dialect = Dialect.H2;
    byte[] key = CredentialRepositoryContract.KEY;
    // README jdbc
    HikariConfig config = new HikariConfig(); // any pool: one per application node
    config.setJdbcUrl(jdbcUrl); // "jdbc:postgresql://db:5432/app"
    HikariDataSource pool = new HikariDataSource(config);
    JdbcCredentialRepository repository = JdbcCredentialRepository.builder(pool).build();
    repository.createTableIfNotExists(dialect); // Dialect.POSTGRESQL; or a migration
    TwoFactor tf =
        TwoFactor.builder()
            .issuer("ACME Help Desk")
            .repository(repository) // all nodes share table two_factor
            .sealer(AesGcmSecretSealer.builder().currentKey("2026-11", key).build())
            .build(); // key: 32 bytes from a secret store
    // END README

    try {
      Enrollment e = tf.enroll("agent-42", "alice@example.com");
      SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
      assertEquals(Reason.ACCEPTED, tf.confirm("agent-42", phone.codeAt(Instant.now())).reason());
      assertEquals(JdbcCredentialRepository.DEFAULT_TABLE, repository.table());
      assertEquals(1, TestDatabases.countRows(pool, "two_factor"));
    } finally {
      pool.close();
    }
  }
}
