package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import dev.twofactor.CredentialRepository;
import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;
import java.sql.SQLException;
import java.util.Comparator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The repository contract on {@link JdbcCredentialRepository} over PostgreSQL, through a connection
 * pool, in a table of its own; after each test every connection, statement and result set is
 * closed.
 */
@RequiresPostgres
final class PostgresCredentialRepositoryContractTest extends CredentialRepositoryContract {
  private final String table = TestDatabases.uniqueTable();
  private HikariDataSource pool;
  private RecordingDataSource recording;
  private JdbcCredentialRepository repository;

  @BeforeEach
  void createTable() {
    pool = TestDatabases.pool(TestDatabases.postgresUrl(), "pg-contract", 10);
    recording = new RecordingDataSource(pool);
    repository = JdbcCredentialRepository.builder(recording).table(table).build();
    repository.createTableIfNotExists(Dialect.POSTGRESQL);
  }

  @AfterEach
  void dropTable() throws SQLException {
    try {
      assertEquals(0, recording.openResultSets(), "open result sets");
      assertEquals(0, recording.openStatements(), "open statements");
      assertEquals(0, recording.openConnections(), "open connections");
      TestDatabases.assertNoneBorrowed(pool);
      TestDatabases.dropTable(pool, table);
    } finally {
      pool.close();
    }
  }

  @Override
  CredentialRepository repository() {
    return repository;
  }

  /**
   * PostgreSQL compares {@code account_id COLLATE "C"} byte by byte in UTF-8, which is the order of
   * code points: an id with a character above U+FFFF sorts after one with U+E000 to U+FFFF, where
   * {@link String#compareTo} puts it before. Pages follow it, and so does the walk of the batch
   * re-seal, consistently.
   */
  @Override
  Comparator<String> accountIdOrder() {
    return CredentialRepositoryContract::compareCodePoints;
  }
}
