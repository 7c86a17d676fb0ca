package dev.twofactor.jdbc;

import dev.twofactor.CredentialRecord;
import dev.twofactor.CredentialRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CredentialRepository} in a SQL table, one row per account, through a {@link DataSource}:
 * the shared store that lets several application nodes keep one replay guard and one throttle.
 *
 * <pre>{@code
 * JdbcCredentialRepository repository = JdbcCredentialRepository.builder(pooledDataSource).build();
 * repository.createTableIfNotExists(JdbcCredentialRepository.Dialect.POSTGRESQL);
 * TwoFactor tf = TwoFactor.builder().issuer("ACME Help Desk").repository(repository)
 *     .sealer(AesGcmSecretSealer.builder().currentKey("2026-11", keyFromYourSecretStore).build())
 *     .build();
 * }</pre>
 *
 * <p><b>The table.</b> The columns are the {@linkplain CredentialRecord#fields() fields of a
 * record}, which document their meaning, bound with their SQL types; the DDL ships as a resource
 * per {@link Dialect} ({@link #ddl(Dialect)} returns it for this repository's table, {@link
 * #createTableIfNotExists(Dialect)} runs it), and so does the migration of a table created by
 * version 0.1 ({@link #migrationFrom01(Dialect)}):
 *
 * <table class="striped">
 *   <caption>Columns of the credential table</caption>
 *   <thead><tr><th>column</th><th>PostgreSQL</th><th>H2</th><th>portable</th>
 *       <th>content</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code account_id}</td><td>{@code VARCHAR(255) COLLATE "C"}</td>
 *       <td colspan="2">{@code VARCHAR(255)}</td>
 *       <td>the host's id of the account, the primary key; it must compare byte by byte (a
 *       binary, deterministic collation), or two ids could be one row</td></tr>
 *   <tr><td>{@code version}</td><td colspan="3">{@code BIGINT NOT NULL}</td>
 *       <td>compared and set by every replacement; random when a row is inserted</td></tr>
 *   <tr><td>{@code credential_id}, {@code pending_id}</td><td colspan="3">{@code VARCHAR(22)}</td>
 *       <td>the random ids of the active and the pending enrollment</td></tr>
 *   <tr><td>{@code secret}, {@code pending_secret}</td><td>{@code TEXT}</td><td>{@code VARCHAR}</td>
 *       <td>{@code VARCHAR(1000)}</td>
 *       <td>sealed secrets ({@code aes-gcm:<key id>:...}, 73 characters and the key id with
 *       {@link dev.twofactor.AesGcmSecretSealer})</td></tr>
 *   <tr><td>{@code algorithm}, {@code digits}, {@code period}</td>
 *       <td colspan="3">{@code VARCHAR(6)}, {@code INTEGER}, {@code INTEGER}</td>
 *       <td>the active secret's code parameters</td></tr>
 *   <tr><td>{@code confirmed_at}, {@code last_used_at}, {@code pending_expires_at}, {@code
 *       budget_24h}, {@code budget_30d}, {@code known_budget_24h}, {@code known_budget_30d}</td>
 *       <td colspan="3">{@code TIMESTAMP WITH TIME ZONE}</td>
 *       <td>instants in UTC</td></tr>
 *   <tr><td>{@code last_step}</td><td colspan="3">{@code BIGINT NOT NULL DEFAULT -1}</td>
 *       <td>the replay guard: the highest TOTP step accepted</td></tr>
 *   <tr><td>{@code drift}, {@code failures}, {@code recovery_failures}</td>
 *       <td colspan="3">{@code INTEGER NOT NULL DEFAULT 0}</td>
 *       <td>the learned clock drift in steps; wrong codes and wrong recovery codes since the last
 *       sign-in</td></tr>
 *   <tr><td>{@code sources}</td><td>{@code TEXT}</td><td>{@code VARCHAR}</td>
 *       <td>{@code VARCHAR(1000)}</td><td>the back-off of each client address, and the addresses
 *       that signed in</td></tr>
 *   <tr><td>{@code recovery_codes}, {@code devices}</td><td>{@code TEXT}</td>
 *       <td>{@code VARCHAR}</td><td>{@code VARCHAR(8000)}</td>
 *       <td>sealed recovery code hashes and trusted devices</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Instants are stored in UTC to the microsecond, PostgreSQL's precision, on every database: a
 * finer part is dropped when a record is written. A row that breaks the rules of {@link
 * CredentialRecord} (edited by hand, for example) fails {@link #load} with {@link
 * dev.twofactor.InvalidCredentialRecordException}.
 *
 * <p><b>Statements.</b> Each method runs one statement on a connection of its own, borrowed from
 * the data source and returned before the method returns, whatever happens; statements and result
 * sets are closed the same way. {@link #load} is a {@code SELECT} by primary key, {@link #page} a
 * {@code SELECT ... WHERE account_id > ? ORDER BY account_id FETCH FIRST ? ROWS ONLY}, {@link
 * #replace} is {@code UPDATE ... WHERE account_id = ? AND version = ?} and returns whether one row
 * changed, {@link #delete} is a {@code DELETE} by primary key, and {@link #insert} is an {@code
 * INSERT} that returns {@code false} when it violates an integrity constraint (SQL state class 23)
 * because the account has a row already, after one more {@code SELECT} to tell a duplicate key from
 * any other violation. So {@link dev.twofactor.TwoFactor#verify} costs one {@code SELECT} and one
 * {@code UPDATE}, accepted or not (a throttled attempt only the {@code SELECT}).
 *
 * <p><b>Transactions.</b> A connection in auto-commit mode (the JDBC default, and the default of
 * connection pools) runs each statement as its own transaction. A connection that is not in
 * auto-commit mode is committed after the statement and rolled back after a failure. A single
 * conditional {@code UPDATE} is atomic under every isolation level from {@code READ COMMITTED} up:
 * of two nodes that replace the same version, the database lets one update the row and the other
 * finds the version changed. The repository does not take part in a transaction of the host: give
 * it a data source whose connections are not bound to one (a plain pool, not a transaction-aware
 * proxy), because a login's replay guard and failure count must be stored when the login's result
 * is returned, not when the host's transaction ends, or is rolled back.
 *
 * <p><b>Failures.</b> A {@link SQLException} becomes a {@link CredentialStoreException} with its
 * SQL state; {@link dev.twofactor.TwoFactor} passes it on and accepts nothing. A failed or
 * interrupted write leaves the previous record, or the complete new record if the database
 * committed it before the connection was lost; never a partial one. Configure the pool's or the
 * driver's timeouts (PostgreSQL's {@code socketTimeout}, for example) so that a lost database fails
 * an operation instead of blocking it.
 *
 * <p><b>Security note:</b> the table holds sealed secrets and recovery code hashes; {@link
 * dev.twofactor.TwoFactor.Builder#build()} refuses a repository other than the in-memory one
 * without a {@link dev.twofactor.SecretSealer}, and storing secrets in plain text takes the
 * explicit {@link dev.twofactor.SecretSealer#insecurePlainText()}. The table name is checked
 * against a strict pattern once, in {@link Builder#build()}; account ids and values are always
 * bound as parameters. Neither a value nor a driver's message appears in an exception.
 *
 * <p>Thread-safe, and as concurrent as the data source.
 */
public final class JdbcCredentialRepository implements CredentialRepository {
  /** The default table name, {@value}, as in the DDL resources. */
  public static final String DEFAULT_TABLE = "two_factor";

  /** Letters, digits and underscores, not starting with a digit, 63 at most: PostgreSQL's limit. */
  private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]{0,62}";

  private static final Pattern TABLE = Pattern.compile(IDENTIFIER + "(?:\\." + IDENTIFIER + ")?");
  private static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS ";
  private static final String SQL_STATE_CLASS_INTEGRITY = "23";

  private final DataSource dataSource;
  private final String table;
  private final String selectSql;
  private final String existsSql;
  private final String insertSql;
  private final String updateSql;
  private final String deleteSql;
  private final String firstPageSql;
  private final String pageSql;

  private JdbcCredentialRepository(DataSource dataSource, String table) {
    this.dataSource = dataSource;
    this.table = table;
    String columns = Columns.names();
    this.selectSql = "SELECT " + columns + " FROM " + table + " WHERE account_id = ?";
    this.existsSql = "SELECT 1 FROM " + table + " WHERE account_id = ?";
    this.insertSql =
        "INSERT INTO "
            + table
            + " ("
            + columns
            + ") VALUES ("
            + Columns.FIELDS.stream().map(c -> "?").collect(Collectors.joining(", "))
            + ")";
    this.updateSql =
        "UPDATE "
            + table
            + " SET "
            + Columns.FIELDS.stream()
                .filter(c -> c != CredentialRecord.ACCOUNT_ID)
                .map(c -> c.key() + " = ?")
                .collect(Collectors.joining(", "))
            + " WHERE account_id = ? AND version = ?";
    this.deleteSql = "DELETE FROM " + table + " WHERE account_id = ?";
    this.firstPageSql =
        "SELECT " + columns + " FROM " + table + " ORDER BY account_id FETCH FIRST ? ROWS ONLY";
    this.pageSql =
        "SELECT "
            + columns
            + " FROM "
            + table
            + " WHERE account_id > ? ORDER BY account_id FETCH FIRST ? ROWS ONLY";
  }

  /**
   * Returns a builder for a repository over a data source, usually a connection pool.
   *
   * @param dataSource where connections come from; one is borrowed per operation
   * @return a new builder with the table {@value #DEFAULT_TABLE}
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * Returns the table this repository reads and writes.
   *
   * @return the table name, as given to {@link Builder#table(String)}
   */
  public String table() {
    return table;
  }

  /**
   * Returns the statement that creates this repository's table if it does not exist: the DDL
   * resource of the dialect ({@link Dialect#resource()}) with this repository's table name.
   *
   * @param dialect the database
   * @return one {@code CREATE TABLE IF NOT EXISTS} statement, with comments and a closing semicolon
   */
  public String ddl(Dialect dialect) {
    Objects.requireNonNull(dialect, "dialect");
    String text = dialect.text();
    String declared = CREATE_TABLE + DEFAULT_TABLE + " (";
    int at = text.indexOf(declared);
    if (at < 0 || text.indexOf(declared, at + 1) >= 0) {
      throw new IllegalStateException(dialect.resource() + " must declare the table once");
    }
    return text.substring(0, at)
        + CREATE_TABLE
        + table
        + " ("
        + text.substring(at + declared.length());
  }

  /**
   * Returns the statements that migrate this repository's table from version 0.1: new columns, the
   * lock of 0.1 carried over into the back-off, and, on PostgreSQL, the byte-by-byte collation of
   * {@code account_id}. Run them once, before the new version serves sign-ins; then build the
   * service with {@link dev.twofactor.TwoFactor.Builder#legacyRecords(boolean) legacyRecords(true)}
   * and run {@link dev.twofactor.TwoFactor#resealBatch} over every record.
   *
   * @param dialect the database
   * @return the statements, each ending with a semicolon on its own line's end, with comments
   */
  public String migrationFrom01(Dialect dialect) {
    Objects.requireNonNull(dialect, "dialect");
    StringBuilder out = new StringBuilder();
    for (String line : Dialect.read("migrate-0.1-" + dialect.file).split("\n", -1)) {
      out.append(line.startsWith("--") ? line : line.replace(DEFAULT_TABLE + " ", table + " "));
      out.append('\n');
    }
    return out.substring(0, out.length() - 1);
  }

  /**
   * Runs the statements of {@link #migrationFrom01(Dialect)}, each on its own; stop and restore a
   * backup if one fails.
   *
   * @param dialect the database
   * @throws CredentialStoreException if the database refuses a statement
   */
  public void migrateFrom01(Dialect dialect) {
    String script = migrationFrom01(dialect);
    run(
        "migrate",
        c -> {
          try (Statement s = c.createStatement()) {
            StringBuilder statement = new StringBuilder();
            for (String line : script.split("\n", -1)) {
              if (line.startsWith("--") || line.isBlank()) {
                continue;
              }
              statement.append(line).append('\n');
              if (line.endsWith(";")) {
                s.execute(statement.substring(0, statement.lastIndexOf(";")));
                statement.setLength(0);
              }
            }
          }
          return Boolean.TRUE;
        });
  }

  /**
   * Creates this repository's table with the DDL of {@link #ddl(Dialect)}, unless a table of that
   * name exists; an existing table is not checked or changed.
   *
   * @param dialect the database
   * @throws CredentialStoreException if the database refuses the statement
   */
  public void createTableIfNotExists(Dialect dialect) {
    String ddl = ddl(dialect);
    run(
        "create table",
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute(ddl);
          }
          return Boolean.TRUE;
        });
  }

  /**
   * Returns the record of an account: one {@code SELECT} by primary key.
   *
   * @param accountId the account
   * @return the stored record, or {@code null} if there is none
   * @throws CredentialStoreException if the database fails
   * @throws dev.twofactor.InvalidCredentialRecordException if the stored row breaks the rules of a
   *     {@link CredentialRecord}
   */
  @Override
  public @Nullable CredentialRecord load(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    Optional<CredentialRecord> loaded =
        run(
            "load",
            c -> {
              try (PreparedStatement s = c.prepareStatement(selectSql)) {
                s.setString(1, accountId);
                try (ResultSet row = s.executeQuery()) {
                  if (!row.next()) {
                    return Optional.empty();
                  }
                  return Optional.of(read(row));
                }
              }
            });
    return loaded.orElse(null);
  }

  /** Reads the current row of a result set into a record. */
  private static CredentialRecord read(ResultSet row) throws SQLException {
    CredentialRecord.Builder b = CredentialRecord.builder(row.getString(1));
    for (int i = 1; i < Columns.FIELDS.size(); i++) {
      Columns.read(row, i + 1, Columns.FIELDS.get(i), b);
    }
    return b.build();
  }

  /**
   * Returns up to {@code limit} records in the order of {@code account_id} after {@code
   * afterAccountId}: one {@code SELECT}.
   *
   * @param afterAccountId the last account id of the previous page, or {@code null} for the first
   * @param limit the most records, 1 or more
   * @return the records; empty when none is left
   * @throws CredentialStoreException if the database fails
   */
  @Override
  public List<CredentialRecord> page(@Nullable String afterAccountId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    return run(
        "page",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(afterAccountId == null ? firstPageSql : pageSql)) {
            int index = 1;
            if (afterAccountId != null) {
              s.setString(index++, afterAccountId);
            }
            s.setInt(index, limit);
            List<CredentialRecord> records = new ArrayList<>();
            try (ResultSet row = s.executeQuery()) {
              while (row.next()) {
                records.add(read(row));
              }
            }
            return records;
          }
        });
  }

  /**
   * Stores a record for an account that has none: one {@code INSERT}.
   *
   * @param record the new record
   * @return {@code true} if it was stored, {@code false} if the account has a row already (the
   *     {@code INSERT} violated the primary key, SQL state class 23)
   * @throws CredentialStoreException if the database fails, or the {@code INSERT} violates a
   *     constraint although the account has no row
   */
  @Override
  public boolean insert(CredentialRecord record) {
    Boolean stored =
        run(
            "insert",
            c -> {
              try (PreparedStatement s = c.prepareStatement(insertSql)) {
                for (int i = 0; i < Columns.FIELDS.size(); i++) {
                  Columns.bind(s, i + 1, Columns.FIELDS.get(i), record);
                }
                s.executeUpdate();
                return Boolean.TRUE;
              } catch (SQLException e) {
                String state = e.getSQLState();
                if (state == null || !state.startsWith(SQL_STATE_CLASS_INTEGRITY)) {
                  throw e;
                }
                rollbackIfManual(c);
                if (!exists(c, record.accountId())) {
                  throw e;
                }
                return Boolean.FALSE;
              }
            });
    return stored.booleanValue();
  }

  private boolean exists(Connection c, String accountId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(existsSql)) {
      s.setString(1, accountId);
      try (ResultSet row = s.executeQuery()) {
        return row.next();
      }
    }
  }

  /**
   * Replaces the record of {@code record.accountId()} if the stored row has the version {@code
   * expectedVersion}: one {@code UPDATE ... WHERE account_id = ? AND version = ?}.
   *
   * @param expectedVersion the version of the record the caller read
   * @param record the new record, stored as it is, version included
   * @return {@code true} if the row was replaced, {@code false} if its version differs or there is
   *     no row
   * @throws CredentialStoreException if the database fails; the row then holds the previous record
   *     or, if the database committed the update before the failure, the new one
   */
  @Override
  public boolean replace(long expectedVersion, CredentialRecord record) {
    Integer updated =
        run(
            "replace",
            c -> {
              try (PreparedStatement s = c.prepareStatement(updateSql)) {
                int index = 1;
                for (CredentialRecord.Field<?> field : Columns.FIELDS) {
                  if (field != CredentialRecord.ACCOUNT_ID) {
                    Columns.bind(s, index++, field, record);
                  }
                }
                s.setString(index++, record.accountId());
                s.setLong(index, expectedVersion);
                return s.executeUpdate();
              }
            });
    return updated.intValue() == 1;
  }

  /**
   * Deletes the record of an account, whatever its version: one {@code DELETE}.
   *
   * @param accountId the account
   * @return {@code true} if a row was deleted, {@code false} if there was none
   * @throws CredentialStoreException if the database fails
   */
  @Override
  public boolean delete(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    Integer deleted =
        run(
            "delete",
            c -> {
              try (PreparedStatement s = c.prepareStatement(deleteSql)) {
                s.setString(1, accountId);
                return s.executeUpdate();
              }
            });
    return deleted.intValue() > 0;
  }

  /**
   * Borrows a connection, runs the work, commits if the connection is not in auto-commit mode (or
   * rolls back after a failure), and returns the connection, whatever happens.
   */
  private <T> T run(String operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean manual = !c.getAutoCommit();
      T result;
      try {
        result = work.run(c);
        if (manual) {
          c.commit();
        }
      } catch (SQLException | RuntimeException e) {
        if (manual) {
          rollbackAfter(c, e);
        }
        throw e;
      }
      return result;
    } catch (SQLException e) {
      throw new CredentialStoreException(operation, table, e);
    }
  }

  private static void rollbackIfManual(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.rollback();
    }
  }

  private static void rollbackAfter(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Describes the repository by its table; never the data source, whose description may hold a URL
   * with a password.
   *
   * @return for example {@code "JdbcCredentialRepository[table two_factor]"}
   */
  @Override
  public String toString() {
    return "JdbcCredentialRepository[table " + table + "]";
  }

  /** One operation's statements on a borrowed connection. */
  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** The databases whose DDL ships with the repository, each as a resource in this package. */
  public enum Dialect {
    /** PostgreSQL: {@code TEXT} for sealed secrets and recovery codes. Tested on PostgreSQL 15. */
    POSTGRESQL("postgresql.sql"),
    /** H2 2.x: {@code VARCHAR} without a length for sealed secrets and recovery codes. */
    H2("h2.sql"),
    /**
     * Standard SQL types with bounded {@code VARCHAR}s: runs unchanged on PostgreSQL and H2, and is
     * a starting point for other databases, which must read and write {@code TIMESTAMP WITH TIME
     * ZONE} as {@link java.time.OffsetDateTime} (JDBC 4.2) and know {@code CREATE TABLE IF NOT
     * EXISTS}.
     */
    PORTABLE("portable.sql");

    final String file;

    Dialect(String file) {
      this.file = file;
    }

    /**
     * Returns the path of the DDL resource in the jar, for migration tools that read the class
     * path, for example {@code "dev/twofactor/jdbc/postgresql.sql"}. It creates the table {@value
     * JdbcCredentialRepository#DEFAULT_TABLE}.
     *
     * @return the resource path, without a leading slash
     */
    public String resource() {
      return "dev/twofactor/jdbc/" + file;
    }

    /**
     * Returns the path of the resource that migrates a table of version 0.1, for example {@code
     * "dev/twofactor/jdbc/migrate-0.1-postgresql.sql"}; {@link
     * JdbcCredentialRepository#migrationFrom01(Dialect)} returns it for a repository's table.
     *
     * @return the resource path, without a leading slash
     */
    public String migrationFrom01Resource() {
      return "dev/twofactor/jdbc/migrate-0.1-" + file;
    }

    private String text() {
      return read(file);
    }

    static String read(String file) {
      try (InputStream in = JdbcCredentialRepository.class.getResourceAsStream(file)) {
        if (in == null) {
          throw new IllegalStateException(
              "resource missing from the jar: dev/twofactor/jdbc/" + file);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read dev/twofactor/jdbc/" + file, e);
      }
    }
  }

  /**
   * Builds a {@link JdbcCredentialRepository}; the table name is checked once, in {@link #build()}.
   * Not thread-safe.
   */
  public static final class Builder {
    private final DataSource dataSource;
    private String table = DEFAULT_TABLE;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * Sets the table. Default {@value JdbcCredentialRepository#DEFAULT_TABLE}. The name goes into
     * the SQL text as it is, unquoted, so it must be a plain identifier, optionally with a schema:
     * ASCII letters, digits and underscores, not starting with a digit, at most 63 characters per
     * part (PostgreSQL's limit), for example {@code "auth.two_factor"}. Unquoted names are folded
     * by the database (to lower case by PostgreSQL, to upper case by H2), consistently in every
     * statement. A reserved word fails at the first statement.
     *
     * @param table the table name, from the host's configuration, never from a request
     * @return this builder
     */
    public Builder table(String table) {
      this.table = Objects.requireNonNull(table, "table");
      return this;
    }

    /**
     * Checks the table name and builds the repository. Touches no connection.
     *
     * @return the repository
     * @throws IllegalArgumentException if the table name is not a plain identifier, optionally
     *     schema-qualified, as described in {@link #table(String)}
     */
    public JdbcCredentialRepository build() {
      if (!TABLE.matcher(table).matches()) {
        throw new IllegalArgumentException(
            "table must be an identifier of ASCII letters, digits and underscores, not starting"
                + " with a digit, at most 63 characters, optionally after a schema and a dot: "
                + quote(table));
      }
      return new JdbcCredentialRepository(dataSource, table);
    }

    private static String quote(String s) {
      // Like dev.twofactor's messages: cut to a readable length, never escaped into SQL.
      return '"' + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + '"';
    }
  }
}
