package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The migration from 0.1 on PostgreSQL, of a table of the PostgreSQL and of the portable DDL of
 * 0.1, each in a table of its own.
 */
@RequiresPostgres
final class PostgresMigrationFrom01Test extends MigrationFrom01Contract {
  @Override
  String jdbcUrl() {
    return TestDatabases.postgresUrl();
  }

  @Override
  List<Dialect> dialects() {
    return List.of(Dialect.POSTGRESQL, Dialect.PORTABLE);
  }

  @Test
  void migrateFrom01_makesAccountIdsCompareByteByByte() throws Exception {
    try (TestTable table = TestTable.uncreated(jdbcUrl(), Dialect.POSTGRESQL)) {
      Rows01.createTable(table);
      assertNull(collationOfAccountId(table), "0.1: the database's default");
      table.repository.migrateFrom01(Dialect.POSTGRESQL);
      assertEquals("C", collationOfAccountId(table));
    }
  }

  private static @Nullable String collationOfAccountId(TestTable table) throws Exception {
    try (Connection c = table.pool.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT collation_name FROM information_schema.columns"
                    + " WHERE table_name = ? AND column_name = 'account_id'")) {
      s.setString(1, table.name);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }
}
