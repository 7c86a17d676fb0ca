package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.UUID;
import javax.sql.DataSource;

/** The databases of the JDBC tests: an embedded H2 always, PostgreSQL when configured. */
final class TestDatabases {
  static final String POSTGRES_URL_VARIABLE = "TWOFACTOR_TEST_POSTGRES_URL";
  static final String HOW_TO_RUN_POSTGRES =
      "PostgreSQL tests are skipped: TWOFACTOR_TEST_POSTGRES_URL is not set. Run them with"
          + " TWOFACTOR_TEST_POSTGRES_URL=$(.ci/start-postgres) ./mvnw -B verify";

  private static final SecureRandom RANDOM = new SecureRandom();

  private TestDatabases() {}

  /** Returns the JDBC URL of the test PostgreSQL database. */
  static String postgresUrl() {
    String url = System.getenv(POSTGRES_URL_VARIABLE);
    if (url == null || url.isEmpty()) {
      throw new IllegalStateException(HOW_TO_RUN_POSTGRES);
    }
    return url;
  }

  /** Returns a fresh in-memory H2 database's URL, kept until the JVM exits or it is shut down. */
  static String newH2Url() {
    return "jdbc:h2:mem:twofactor-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  /** Returns a table name no other test uses, so that tests sharing a database never meet. */
  static String uniqueTable() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return "two_factor_test_" + HexFormat.of().formatHex(bytes);
  }

  /**
   * Returns a pool of at most {@code size} connections; on PostgreSQL its sessions carry {@code
   * applicationName} in {@code pg_stat_activity}.
   */
  static HikariDataSource pool(String jdbcUrl, String applicationName, int size) {
    return pool(jdbcUrl, applicationName, size, 5_000);
  }

  /** As {@link #pool(String, String, int)}, waiting at most that long for a connection. */
  static HikariDataSource pool(
      String jdbcUrl, String applicationName, int size, long connectionTimeoutMillis) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName(applicationName);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(connectionTimeoutMillis);
    config.setValidationTimeout(1_000);
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      config.addDataSourceProperty("ApplicationName", applicationName);
      // A lost database fails a statement within seconds instead of blocking the test.
      config.addDataSourceProperty("socketTimeout", "10");
      config.addDataSourceProperty("connectTimeout", "5");
    }
    return new HikariDataSource(config);
  }

  /** Returns the number of connections borrowed from the pool and not yet returned. */
  static int borrowed(HikariDataSource pool) {
    return pool.getHikariPoolMXBean().getActiveConnections();
  }

  /** Asserts that every connection borrowed from the pool was returned. */
  static void assertNoneBorrowed(HikariDataSource pool) {
    assertEquals(0, borrowed(pool), "connections borrowed from " + pool.getPoolName());
  }

  /** Counts the sessions of an application name in PostgreSQL's {@code pg_stat_activity}. */
  static int postgresSessions(DataSource admin, String applicationName) throws SQLException {
    try (Connection c = admin.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
      s.setString(1, applicationName);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  /**
   * Waits until PostgreSQL counts the expected sessions of an application name, and asserts it. The
   * server notices a closed connection a moment after the client closed it, so this asks again
   * until the count is right, for at most 20 seconds.
   */
  static void awaitPostgresSessions(DataSource admin, String applicationName, int expected)
      throws SQLException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    int sessions = postgresSessions(admin, applicationName);
    while (sessions != expected && System.nanoTime() < deadline) {
      sessions = postgresSessions(admin, applicationName);
    }
    assertEquals(expected, sessions, "sessions of " + applicationName + " in pg_stat_activity");
  }

  /** Counts the rows of a table of a test. */
  static int countRows(DataSource dataSource, String table) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
      r.next();
      return r.getInt(1);
    }
  }

  /** Drops a table of a test, if it exists. The name is one of {@link #uniqueTable()}. */
  static void dropTable(DataSource dataSource, String table) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table);
    }
  }
}
