package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import dev.twofactor.CredentialRepository;
import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The repository contract on {@link JdbcCredentialRepository} over an embedded H2 database, through
 * a connection pool; after each test every connection, statement and result set is closed.
 */
final class H2CredentialRepositoryContractTest extends CredentialRepositoryContract {
  private HikariDataSource pool;
  private RecordingDataSource recording;
  private JdbcCredentialRepository repository;

  @BeforeEach
  void createTable() {
    pool = TestDatabases.pool(TestDatabases.newH2Url(), "h2-contract", 10);
    recording = new RecordingDataSource(pool);
    repository = JdbcCredentialRepository.builder(recording).build();
    repository.createTableIfNotExists(Dialect.H2);
  }

  @AfterEach
  void closeEverything() {
    try {
      assertEquals(0, recording.openResultSets(), "open result sets");
      assertEquals(0, recording.openStatements(), "open statements");
      assertEquals(0, recording.openConnections(), "open connections");
      TestDatabases.assertNoneBorrowed(pool);
    } finally {
      pool.close();
    }
  }

  @Override
  CredentialRepository repository() {
    return repository;
  }
}
