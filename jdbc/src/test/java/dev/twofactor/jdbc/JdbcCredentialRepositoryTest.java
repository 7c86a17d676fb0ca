package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.twofactor.AesGcmSecretSealer;
import dev.twofactor.CredentialRecord;
import dev.twofactor.Enrollment;
import dev.twofactor.InvalidCredentialRecordException;
import dev.twofactor.Secret;
import dev.twofactor.SecretSealer;
import dev.twofactor.TwoFactor;
import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What is particular to the JDBC repository, on H2 (and PostgreSQL where marked): the table name,
 * the DDL, the columns against the record's keys, instants, failures and what reaches the table.
 */
final class JdbcCredentialRepositoryTest {
  private static final String TABLE_MESSAGE =
      "table must be an identifier of ASCII letters, digits and underscores, not starting with a"
          + " digit, at most 63 characters, optionally after a schema and a dot: ";

  private final List<HikariDataSource> pools = new ArrayList<>();

  private HikariDataSource h2() {
    HikariDataSource pool = TestDatabases.pool(TestDatabases.newH2Url(), "h2-unit", 4);
    pools.add(pool);
    return pool;
  }

  @AfterEach
  void closePools() {
    for (HikariDataSource pool : pools) {
      try {
        TestDatabases.assertNoneBorrowed(pool);
      } finally {
        pool.close();
      }
    }
  }

  private static List<String> recordKeys() {
    List<String> keys =
        List.copyOf(CredentialRepositoryContract.fullRecord("agent-42", 1).toMap().keySet());
    assertEquals(
        CredentialRecord.fields().stream().map(CredentialRecord.Field::key).toList(), keys);
    return keys;
  }

  @Test
  void builder_defaultsToTheTableOfTheDdl() {
    JdbcCredentialRepository repository = JdbcCredentialRepository.builder(h2()).build();
    assertEquals("two_factor", repository.table());
    assertEquals(JdbcCredentialRepository.DEFAULT_TABLE, repository.table());
    assertEquals("JdbcCredentialRepository[table two_factor]", repository.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"auth.two_factor", "_t", "T1", "Two_Factor_2", "s.t"})
  void builder_acceptsPlainIdentifiers(String table) {
    assertEquals(table, JdbcCredentialRepository.builder(h2()).table(table).build().table());
    String longest = "t".repeat(63) + "." + "u".repeat(63);
    assertEquals(longest, JdbcCredentialRepository.builder(h2()).table(longest).build().table());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "two-factor",
        "1table",
        "two factor",
        "x; DROP TABLE y",
        "a.b.c",
        ".t",
        "t.",
        "\"two_factor\"",
        "two_factor--",
        "ıdentifier",
        "ｔ",
        "two_factor\n",
      })
  void builder_rejectsAnythingButAPlainIdentifier(String table) {
    JdbcCredentialRepository.Builder builder = JdbcCredentialRepository.builder(h2()).table(table);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertEquals(TABLE_MESSAGE + "\"" + table + "\"", e.getMessage());
  }

  @Test
  void builder_rejectsNamesLongerThan63Characters() {
    String table = "t".repeat(64);
    JdbcCredentialRepository.Builder builder = JdbcCredentialRepository.builder(h2()).table(table);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertEquals(TABLE_MESSAGE + "\"" + table + "\"", e.getMessage());
    String tooLong = "t".repeat(100);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> JdbcCredentialRepository.builder(h2()).table(tooLong).build());
    assertEquals(TABLE_MESSAGE + "\"" + "t".repeat(80) + "…\"", e.getMessage());
  }

  @Test
  void builder_rejectsNull() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> JdbcCredentialRepository.builder(null));
    assertEquals("dataSource", e.getMessage());
    JdbcCredentialRepository.Builder builder = JdbcCredentialRepository.builder(h2());
    e = assertThrows(NullPointerException.class, () -> builder.table(null));
    assertEquals("table", e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void ddl_isTheResourceWithThisRepositorysTable(Dialect dialect) throws Exception {
    String resource;
    try (var in =
        JdbcCredentialRepository.class.getModule().getResourceAsStream(dialect.resource())) {
      resource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(resource, JdbcCredentialRepository.builder(h2()).build().ddl(dialect));
    assertEquals(
        resource.replace(
            "CREATE TABLE IF NOT EXISTS two_factor (", "CREATE TABLE IF NOT EXISTS auth.tf ("),
        JdbcCredentialRepository.builder(h2()).table("auth.tf").build().ddl(dialect));
    assertTrue(resource.endsWith(");\n"), resource);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void ddl_declaresTheKeysOfTheRecordInTheirOrder(Dialect dialect) {
    String ddl = JdbcCredentialRepository.builder(h2()).build().ddl(dialect);
    Matcher column = Pattern.compile("(?m)^  ([a-z0-9_]+) ").matcher(ddl);
    List<String> columns = new ArrayList<>();
    while (column.find()) {
      columns.add(column.group(1));
    }
    assertEquals(recordKeys(), columns);
  }

  @Test
  void columns_areTheKeysOfTheRecordInTheirOrder() {
    assertEquals(String.join(", ", recordKeys()), Columns.names());
  }

  @Test
  void dialects_nameTheirResources() {
    assertEquals("dev/twofactor/jdbc/postgresql.sql", Dialect.POSTGRESQL.resource());
    assertEquals("dev/twofactor/jdbc/h2.sql", Dialect.H2.resource());
    assertEquals("dev/twofactor/jdbc/portable.sql", Dialect.PORTABLE.resource());
    assertEquals(
        "dev/twofactor/jdbc/migrate-0.1-postgresql.sql",
        Dialect.POSTGRESQL.migrationFrom01Resource());
    assertEquals("dev/twofactor/jdbc/migrate-0.1-h2.sql", Dialect.H2.migrationFrom01Resource());
    assertEquals(
        "dev/twofactor/jdbc/migrate-0.1-portable.sql", Dialect.PORTABLE.migrationFrom01Resource());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void migrationFrom01_isTheResourceWithThisRepositorysTable(Dialect dialect) throws Exception {
    String resource;
    try (var in =
        JdbcCredentialRepository.class
            .getModule()
            .getResourceAsStream(dialect.migrationFrom01Resource())) {
      resource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(resource, JdbcCredentialRepository.builder(h2()).build().migrationFrom01(dialect));
    String renamed =
        JdbcCredentialRepository.builder(h2()).table("auth.tf").build().migrationFrom01(dialect);
    List<String> expected = new ArrayList<>();
    for (String line : resource.split("\n", -1)) {
      expected.add(line.startsWith("--") ? line : line.replace("two_factor ", "auth.tf "));
    }
    assertEquals(String.join("\n", expected), renamed);
    assertFalse(renamed.lines().anyMatch(l -> !l.startsWith("--") && l.contains("two_factor")));
    assertTrue(renamed.contains("ALTER TABLE auth.tf DROP COLUMN retry_after;"), renamed);
    assertTrue(resource.endsWith(";\n"), resource);
  }

  /** Returns the column names of a table as the database reports them, in lower case. */
  static List<String> columnsOf(DataSource dataSource, String table) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
      ResultSetMetaData meta = r.getMetaData();
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        names.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
      }
      return names;
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Dialect.class,
      names = {"H2", "PORTABLE"})
  void createTableIfNotExists_onH2_makesTheColumnsOfTheRecord(Dialect dialect) throws Exception {
    DataSource h2 = h2();
    JdbcCredentialRepository repository =
        JdbcCredentialRepository.builder(h2).table("public.tf").build();
    repository.createTableIfNotExists(dialect);
    repository.createTableIfNotExists(dialect); // a second time changes nothing
    assertEquals(recordKeys(), columnsOf(h2, "public.tf"));
    CredentialRecord full = CredentialRepositoryContract.fullRecord("agent-42", 7);
    assertTrue(repository.insert(full));
    assertEquals(full, repository.load("agent-42"));
  }

  @ParameterizedTest
  @EnumSource(
      value = Dialect.class,
      names = {"POSTGRESQL", "PORTABLE"})
  @RequiresPostgres
  void createTableIfNotExists_onPostgres_makesTheColumnsOfTheRecord(Dialect dialect)
      throws Exception {
    HikariDataSource pg = TestDatabases.pool(TestDatabases.postgresUrl(), "pg-unit", 2);
    pools.add(pg);
    String table = TestDatabases.uniqueTable();
    try {
      JdbcCredentialRepository repository =
          JdbcCredentialRepository.builder(pg).table("public." + table).build();
      repository.createTableIfNotExists(dialect);
      repository.createTableIfNotExists(dialect);
      assertEquals(recordKeys(), columnsOf(pg, table));
      CredentialRecord full = CredentialRepositoryContract.fullRecord("agent-42", 7);
      assertTrue(repository.insert(full));
      assertEquals(full, repository.load("agent-42"));
    } finally {
      TestDatabases.dropTable(pg, table);
    }
  }

  private JdbcCredentialRepository h2Repository(DataSource dataSource, Dialect dialect) {
    JdbcCredentialRepository repository = JdbcCredentialRepository.builder(dataSource).build();
    repository.createTableIfNotExists(dialect);
    return repository;
  }

  private static void execute(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Test
  void instants_areStoredToTheMicrosecond() {
    JdbcCredentialRepository repository = h2Repository(h2(), Dialect.H2);
    Instant precise = Instant.parse("2026-01-01T00:00:00.123456789Z");
    repository.insert(
        CredentialRecord.builder("agent-42")
            .version(1)
            .set(CredentialRecord.BUDGET_24H, precise)
            .build());
    assertEquals(
        Instant.parse("2026-01-01T00:00:00.123456Z"), repository.load("agent-42").budget24h());
  }

  @Test
  void load_rowEditedOutOfRange_throwsInvalidCredentialRecordException() throws Exception {
    DataSource h2 = h2();
    JdbcCredentialRepository repository = h2Repository(h2, Dialect.H2);
    repository.insert(CredentialRepositoryContract.fullRecord("agent-42", 1));
    execute(h2, "UPDATE two_factor SET drift = 101");
    InvalidCredentialRecordException e =
        assertThrows(InvalidCredentialRecordException.class, () -> repository.load("agent-42"));
    assertEquals(
        "credential record key \"drift\": must be between -100 and 100: 101", e.getMessage());
    execute(h2, "UPDATE two_factor SET drift = 0, confirmed_at = NULL");
    e = assertThrows(InvalidCredentialRecordException.class, () -> repository.load("agent-42"));
    assertEquals(
        "credential record: missing key \"confirmed_at\", required with \"secret\"",
        e.getMessage());
  }

  @Test
  void missingTable_throwsCredentialStoreExceptionWithItsSqlState() {
    JdbcCredentialRepository repository =
        JdbcCredentialRepository.builder(h2()).table("missing").build();
    CredentialStoreException e =
        assertThrows(CredentialStoreException.class, () -> repository.load("agent-42"));
    // H2's "table not found (this database is empty)"
    assertEquals("42S04", e.sqlState());
    assertEquals(42104, e.vendorCode());
    assertEquals(
        "load in table missing failed: SQL state 42S04 (syntax error or access rule violation;"
            + " does the table exist?), vendor code 42104,"
            + " org.h2.jdbc.JdbcSQLSyntaxErrorException",
        e.getMessage());
    assertThrows(CredentialStoreException.class, () -> repository.insert(record()));
    assertThrows(CredentialStoreException.class, () -> repository.replace(1, record()));
    assertThrows(CredentialStoreException.class, () -> repository.delete("agent-42"));
  }

  private static CredentialRecord record() {
    return CredentialRecord.builder("agent-42").version(2).build();
  }

  @Test
  void insert_valueTooLongForTheColumn_failsWithoutShowingTheValue() {
    JdbcCredentialRepository repository = h2Repository(h2(), Dialect.PORTABLE);
    String secret = "plain:" + "SECRETVALUE".repeat(100);
    CredentialRecord tooLong =
        CredentialRecord.builder("agent-42").version(1).secret(secret, Instant.EPOCH).build();
    CredentialStoreException e =
        assertThrows(CredentialStoreException.class, () -> repository.insert(tooLong));
    assertEquals("22001", e.sqlState());
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertFalse(trace.toString().contains("SECRETVALUE"), trace.toString());
    assertTrue(trace.toString().contains("org.h2.jdbc.JdbcSQLDataException"), trace.toString());
    assertNull(repository.load("agent-42"));
  }

  @Test
  void insert_violatingAnotherConstraint_throwsInsteadOfReportingAConflict() throws Exception {
    DataSource h2 = h2();
    JdbcCredentialRepository repository = h2Repository(h2, Dialect.H2);
    execute(h2, "ALTER TABLE two_factor ADD COLUMN host_column INTEGER NOT NULL");
    CredentialStoreException e =
        assertThrows(CredentialStoreException.class, () -> repository.insert(record()));
    assertEquals("23502", e.sqlState());
    assertEquals(
        "insert in table two_factor failed: SQL state 23502 (integrity constraint violation),"
            + " vendor code 23502, org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException",
        e.getMessage());
  }

  @Test
  void replace_failingBeforeTheDatabaseRunsIt_leavesThePreviousRecord() {
    RecordingDataSource recording = new RecordingDataSource(h2());
    JdbcCredentialRepository repository = h2Repository(recording, Dialect.H2);
    CredentialRecord before = CredentialRepositoryContract.fullRecord("agent-42", 1);
    repository.insert(before);
    recording.fault(
        new RecordingDataSource.Fault() {
          @Override
          public void before(String sql) throws SQLException {
            if (sql.startsWith("UPDATE")) {
              throw new SQLException("connection reset, row " + sql, "08006", 17);
            }
          }
        });
    CredentialStoreException e =
        assertThrows(CredentialStoreException.class, () -> repository.replace(1, record()));
    assertEquals("08006", e.sqlState());
    assertEquals(17, e.vendorCode());
    recording.fault(new RecordingDataSource.Fault() {});
    assertEquals(before, repository.load("agent-42"));
    assertEquals(0, recording.openConnections());
    assertEquals(0, recording.openStatements());
    assertEquals(0, recording.openResultSets());
  }

  @Test
  void replace_failingAfterTheDatabaseRanIt_leavesTheWholeNewRecord() {
    RecordingDataSource recording = new RecordingDataSource(h2());
    JdbcCredentialRepository repository = h2Repository(recording, Dialect.H2);
    repository.insert(record());
    CredentialRecord next = CredentialRepositoryContract.fullRecord("agent-42", 3);
    recording.fault(
        new RecordingDataSource.Fault() {
          @Override
          public void after(String sql) throws SQLException {
            throw new SQLException("reply lost", "08006");
          }
        });
    assertThrows(CredentialStoreException.class, () -> repository.replace(2, next));
    recording.fault(new RecordingDataSource.Fault() {});
    assertEquals(next, repository.load("agent-42"));
    assertEquals(0, recording.openConnections());
    assertEquals(0, recording.openStatements());
  }

  @Test
  void connectionsNotInAutoCommitMode_areCommittedOrRolledBack() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestDatabases.newH2Url());
    config.setAutoCommit(false);
    config.setMaximumPoolSize(2);
    HikariDataSource manual = new HikariDataSource(config);
    pools.add(manual);
    RecordingDataSource recording = new RecordingDataSource(manual);
    JdbcCredentialRepository repository = h2Repository(recording, Dialect.H2);
    assertTrue(repository.insert(record()));
    assertFalse(repository.insert(record()), "a duplicate after a rollback");
    CredentialRecord full = CredentialRepositoryContract.fullRecord("agent-42", 3);
    assertTrue(repository.replace(2, full));
    int rollbacks = recording.rollbacks();
    recording.fault(
        new RecordingDataSource.Fault() {
          @Override
          public void after(String sql) throws SQLException {
            throw new SQLException("reply lost", "08006");
          }
        });
    assertThrows(CredentialStoreException.class, () -> repository.replace(3, record()));
    recording.fault(new RecordingDataSource.Fault() {});
    assertEquals(rollbacks + 1, recording.rollbacks());
    // Another connection sees what was committed, and not what was rolled back.
    JdbcCredentialRepository other = JdbcCredentialRepository.builder(h2Like(manual)).build();
    assertEquals(full, other.load("agent-42"));
    assertTrue(recording.commits() >= 4, "commits: " + recording.commits());
  }

  /** Returns a second pool, in auto-commit mode, on the database of the given pool. */
  private DataSource h2Like(HikariDataSource pool) {
    HikariDataSource other = TestDatabases.pool(pool.getJdbcUrl(), "h2-other", 1);
    pools.add(other);
    return other;
  }

  @Test
  void noConnection_throwsCredentialStoreException() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:nothing");
    config.setInitializationFailTimeout(-1);
    config.setMaximumPoolSize(1);
    HikariDataSource closed = new HikariDataSource(config);
    pools.add(closed);
    closed.close();
    JdbcCredentialRepository repository = JdbcCredentialRepository.builder(closed).build();
    CredentialStoreException e =
        assertThrows(CredentialStoreException.class, () -> repository.load("agent-42"));
    assertEquals("load in table two_factor failed: ", e.getMessage().substring(0, 33));
  }

  @Test
  void twoFactor_withoutASealer_refusesTheJdbcRepository() {
    JdbcCredentialRepository repository = h2Repository(h2(), Dialect.H2);
    TwoFactor.Builder builder = TwoFactor.builder().issuer("ACME").repository(repository);
    IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);
    assertEquals(
        "sealer must be set for a repository other than InMemoryCredentialRepository, or secrets"
            + " would be stored in plain text: use an AesGcmSecretSealer, or"
            + " SecretSealer.insecurePlainText() to choose plain text explicitly",
        e.getMessage());
  }

  /** Returns what the secret column holds after an enrollment and a confirmation. */
  private static Map.Entry<String, String> storedSecret(SecretSealer sealer, DataSource h2)
      throws SQLException {
    JdbcCredentialRepository repository = JdbcCredentialRepository.builder(h2).build();
    repository.createTableIfNotExists(Dialect.H2);
    FakeClock clock = FakeClock.at(CredentialRepositoryContract.START);
    TwoFactor tf =
        TwoFactor.builder()
            .issuer("ACME")
            .repository(repository)
            .clock(clock)
            .sealer(sealer)
            .build();
    Enrollment e = tf.enroll("agent-42", "alice@example.com");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    assertTrue(tf.confirm("agent-42", phone.code(clock)).isAccepted());
    String base32 = e.manualKey().replace(" ", "");
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT secret FROM two_factor")) {
      assertTrue(r.next());
      return Map.entry(base32, r.getString(1));
    }
  }

  @Test
  void twoFactor_withTheInsecurePlainTextSealer_storesTheKeyReadably() throws Exception {
    Map.Entry<String, String> stored = storedSecret(SecretSealer.insecurePlainText(), h2());
    // The key in Base64url, and a digest of what it is bound to (no protection, anyone computes
    // it).
    String key =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(Secret.fromBase32(stored.getKey()).copyBytes());
    assertTrue(stored.getValue().startsWith("plain:" + key + "."), stored.getValue());
    assertEquals("plain:".length() + key.length() + 1 + 12, stored.getValue().length());
  }

  @Test
  void twoFactor_withAnAesGcmSealer_storesOnlyTheSealedKey() throws Exception {
    SecretSealer sealer =
        AesGcmSecretSealer.builder()
            .currentKey("2026-11", CredentialRepositoryContract.KEY)
            .build();
    Map.Entry<String, String> stored = storedSecret(sealer, h2());
    assertTrue(stored.getValue().startsWith("aes-gcm:2026-11:"), stored.getValue());
    assertEquals(73 + "2026-11".length(), stored.getValue().length());
    assertFalse(stored.getValue().contains(stored.getKey()));
  }
}
