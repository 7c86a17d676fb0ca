package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.twofactor.CredentialRecord;
import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Plain-SQL attacks on the credential table in PostgreSQL. */
@RequiresPostgres
final class PostgresDatabaseAttackTest extends DatabaseAttackContract {
  @Override
  TestTable newTable() {
    return TestTable.created(TestDatabases.postgresUrl(), Dialect.POSTGRESQL);
  }

  /**
   * An ICU collation that ignores case, nondeterministic as PostgreSQL requires for that; created
   * for this table and dropped with it.
   */
  @Override
  void createCaseInsensitiveTable(TestTable table) throws SQLException {
    String collation = table.name + "_ci";
    table.execute(
        "CREATE COLLATION "
            + collation
            + " (provider = icu, locale = 'und-u-ks-level2', deterministic = false)");
    String ddl = table.repository.ddl(Dialect.POSTGRESQL);
    String column = "account_id         VARCHAR(255) COLLATE \"C\" NOT NULL PRIMARY KEY";
    if (!ddl.contains(column)) {
      throw new AssertionError("the PostgreSQL DDL declares account_id otherwise: " + ddl);
    }
    ddl =
        ddl.replace(
            column, "account_id VARCHAR(255) COLLATE " + collation + " NOT NULL PRIMARY KEY");
    table.execute(ddl.substring(0, ddl.lastIndexOf(';')));
  }

  @Override
  void dropCaseInsensitiveTable(TestTable table) throws SQLException {
    table.close();
    try (TestTable admin = TestTable.uncreated(TestDatabases.postgresUrl(), Dialect.POSTGRESQL)) {
      admin.execute("DROP COLLATION IF EXISTS " + table.name + "_ci");
    }
  }

  /**
   * Why the service refuses a lone surrogate before any SQL: PostgreSQL stores text as UTF-8, and
   * the driver sends a lone surrogate as {@code ?}, so that {@code "bob\uD800"} would reach the row
   * of {@code "bob?"}.
   */
  @Test
  void loneSurrogate_reachesTheRowOfAQuestionMarkThroughTheDriver() {
    table.repository.insert(CredentialRecord.builder("bob?").version(7).build());
    CredentialRecord loaded = table.repository.load("bob\uD800");
    assertNotNull(loaded);
    assertEquals("bob?", loaded.accountId());
  }
}
