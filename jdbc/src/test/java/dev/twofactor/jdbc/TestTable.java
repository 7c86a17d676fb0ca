package dev.twofactor.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A credential table of one test, in a table name no other test uses, with its own pool and
 * repository, and plain SQL on it: what a database writer who is not the library can do. Closing it
 * checks that every connection was returned, drops the table and closes the pool.
 */
final class TestTable implements AutoCloseable {
  final Dialect dialect;
  final String name;
  final HikariDataSource pool;
  final JdbcCredentialRepository repository;

  private TestTable(String jdbcUrl, Dialect dialect, int connections) {
    this.dialect = dialect;
    this.name = TestDatabases.uniqueTable();
    this.pool = TestDatabases.pool(jdbcUrl, name, connections);
    this.repository = JdbcCredentialRepository.builder(pool).table(name).build();
  }

  /** Returns a table that does not exist yet, on a database of the dialect. */
  static TestTable uncreated(String jdbcUrl, Dialect dialect) {
    return new TestTable(jdbcUrl, dialect, 4);
  }

  /** Returns a table created with the repository's DDL of the dialect. */
  static TestTable created(String jdbcUrl, Dialect dialect) {
    TestTable table = uncreated(jdbcUrl, dialect);
    table.repository.createTableIfNotExists(dialect);
    return table;
  }

  /**
   * Runs one statement with parameters; {@code {table}} in the text stands for this table's name.
   *
   * @return the number of rows it changed
   */
  int execute(String sql, @Nullable Object... parameters) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement(sql.replace("{table}", name))) {
      for (int i = 0; i < parameters.length; i++) {
        Object p = parameters[i];
        if (p instanceof Instant instant) {
          s.setObject(i + 1, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        } else {
          s.setObject(i + 1, p);
        }
      }
      return s.executeUpdate();
    }
  }

  /** Sets one column of an account's row to a value, as plain SQL; asserts that the row exists. */
  void set(String column, @Nullable Object value, String accountId) throws SQLException {
    int changed =
        execute("UPDATE {table} SET " + column + " = ? WHERE account_id = ?", value, accountId);
    if (changed != 1) {
      throw new AssertionError("no row of account " + accountId + " in " + name);
    }
  }

  /** Returns the row of an account as the database holds it, column names in lower case. */
  Map<String, @Nullable Object> row(String accountId) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT * FROM " + name + " WHERE account_id = ?")) {
      s.setString(1, accountId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new AssertionError("no row of account " + accountId + " in " + name);
        }
        Map<String, @Nullable Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
          String column = r.getMetaData().getColumnName(i).toLowerCase(Locale.ROOT);
          String type = r.getMetaData().getColumnTypeName(i).toLowerCase(Locale.ROOT);
          if (type.startsWith("timestamp")) {
            OffsetDateTime t = r.getObject(i, OffsetDateTime.class);
            row.put(column, t == null ? null : t.toInstant());
          } else {
            row.put(column, r.getObject(i));
          }
        }
        return row;
      }
    }
  }

  /** Returns one text column of an account's row. */
  @Nullable String text(String column, String accountId) throws SQLException {
    return (String) row(accountId).get(column);
  }

  /** Returns the account ids of every row, in the order the database sorts them. */
  List<String> accountIds() throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT account_id FROM " + name + " ORDER BY account_id");
        ResultSet r = s.executeQuery()) {
      List<String> ids = new java.util.ArrayList<>();
      while (r.next()) {
        ids.add(r.getString(1));
      }
      return ids;
    }
  }

  /** Returns the column names of the table, in lower case, in the database's order. */
  List<String> columns() throws SQLException {
    return JdbcCredentialRepositoryTest.columnsOf(pool, name);
  }

  @Override
  public void close() throws SQLException {
    try {
      TestDatabases.assertNoneBorrowed(pool);
      TestDatabases.dropTable(pool, name);
    } finally {
      pool.close();
    }
  }
}
