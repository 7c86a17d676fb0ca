package dev.twofactor.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * The columns of the credential table, in the order of {@link
 * dev.twofactor.CredentialRecord#toMap()}: one name per map key, and how its text is bound and
 * read. Every statement of {@link JdbcCredentialRepository} is built from this list.
 */
enum Column {
  ACCOUNT_ID("account_id", Kind.TEXT),
  VERSION("version", Kind.BIGINT),
  SECRET("secret", Kind.TEXT),
  CONFIRMED_AT("confirmed_at", Kind.INSTANT),
  LAST_STEP("last_step", Kind.BIGINT),
  LAST_USED_AT("last_used_at", Kind.INSTANT),
  DRIFT("drift", Kind.INTEGER),
  PENDING_SECRET("pending_secret", Kind.TEXT),
  PENDING_EXPIRES_AT("pending_expires_at", Kind.INSTANT),
  FAILURES("failures", Kind.INTEGER),
  RETRY_AFTER("retry_after", Kind.INSTANT),
  RECOVERY_CODES("recovery_codes", Kind.TEXT);

  /** How a column's value is held in SQL. */
  enum Kind {
    TEXT,
    BIGINT,
    INTEGER,
    INSTANT
  }

  final String sqlName;
  final Kind kind;

  Column(String sqlName, Kind kind) {
    this.sqlName = sqlName;
    this.kind = kind;
  }

  /** Binds the map's text of this column, or SQL {@code NULL}, as its SQL type. */
  void bind(PreparedStatement statement, int index, @Nullable String value) throws SQLException {
    if (value == null) {
      statement.setNull(
          index,
          switch (kind) {
            case TEXT -> Types.VARCHAR;
            case BIGINT -> Types.BIGINT;
            case INTEGER -> Types.INTEGER;
            case INSTANT -> Types.TIMESTAMP_WITH_TIMEZONE;
          });
      return;
    }
    // The text comes from CredentialRecord.toMap(): Long.toString, Integer.toString and
    // Instant.toString, so parsing it cannot fail.
    switch (kind) {
      case TEXT -> statement.setString(index, value);
      case BIGINT -> statement.setLong(index, Long.parseLong(value));
      case INTEGER -> statement.setInt(index, Integer.parseInt(value));
      case INSTANT -> statement.setObject(index, toTimestamp(Instant.parse(value)));
    }
  }

  /** Reads this column as the map's text, or {@code null} for SQL {@code NULL}. */
  @Nullable String read(ResultSet row, int index) throws SQLException {
    return switch (kind) {
      case TEXT -> row.getString(index);
      case BIGINT -> {
        long value = row.getLong(index);
        yield row.wasNull() ? null : Long.toString(value);
      }
      case INTEGER -> {
        int value = row.getInt(index);
        yield row.wasNull() ? null : Integer.toString(value);
      }
      case INSTANT -> {
        OffsetDateTime value = row.getObject(index, OffsetDateTime.class);
        yield value == null ? null : value.toInstant().toString();
      }
    };
  }

  /**
   * Converts an instant for a {@code TIMESTAMP WITH TIME ZONE} column: in UTC, truncated to the
   * microsecond, the precision of PostgreSQL, so that every database stores the same value.
   */
  static OffsetDateTime toTimestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }
}
