package dev.twofactor.jdbc;

import dev.twofactor.CredentialRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The columns of the credential table: one per {@linkplain CredentialRecord#fields() field of a
 * record}, named by its key, bound and read with the SQL type of its Java type. Every statement of
 * {@link JdbcCredentialRepository} is built from this list.
 */
final class Columns {
  /** The fields in the order of the columns of every statement. */
  static final List<CredentialRecord.Field<?>> FIELDS = CredentialRecord.fields();

  private Columns() {}

  /** Returns the column names, separated by commas. */
  static String names() {
    return FIELDS.stream().map(CredentialRecord.Field::key).collect(Collectors.joining(", "));
  }

  /** Binds a field's value in a record, or SQL {@code NULL}, as its SQL type. */
  static void bind(
      PreparedStatement statement, int index, CredentialRecord.Field<?> field, CredentialRecord r)
      throws SQLException {
    Object value = field.get(r);
    Class<?> type = field.type();
    if (value == null) {
      statement.setNull(index, sqlType(type));
    } else if (type == Long.class) {
      statement.setLong(index, (Long) value);
    } else if (type == Integer.class) {
      statement.setInt(index, (Integer) value);
    } else if (type == Instant.class) {
      statement.setObject(index, toTimestamp((Instant) value), Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setString(index, (String) value);
    }
  }

  /** Reads a field's column of the current row into a builder; SQL {@code NULL} leaves it unset. */
  static void read(
      ResultSet row, int index, CredentialRecord.Field<?> field, CredentialRecord.Builder b)
      throws SQLException {
    set(b, field, value(row, index, field.type()));
  }

  private static <T> void set(
      CredentialRecord.Builder b, CredentialRecord.Field<T> field, @Nullable Object value) {
    b.set(field, field.type().cast(value));
  }

  private static @Nullable Object value(ResultSet row, int index, Class<?> type)
      throws SQLException {
    if (type == Long.class) {
      long value = row.getLong(index);
      return row.wasNull() ? null : value;
    }
    if (type == Integer.class) {
      int value = row.getInt(index);
      return row.wasNull() ? null : value;
    }
    if (type == Instant.class) {
      OffsetDateTime value = row.getObject(index, OffsetDateTime.class);
      return value == null ? null : value.toInstant();
    }
    return row.getString(index);
  }

  private static int sqlType(Class<?> type) {
    if (type == Long.class) {
      return Types.BIGINT;
    }
    if (type == Integer.class) {
      return Types.INTEGER;
    }
    return type == Instant.class ? Types.TIMESTAMP_WITH_TIMEZONE : Types.VARCHAR;
  }

  /**
   * Converts an instant for a {@code TIMESTAMP WITH TIME ZONE} column: in UTC, truncated to the
   * microsecond, the precision of PostgreSQL, so that every database stores the same value.
   */
  static OffsetDateTime toTimestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }
}
