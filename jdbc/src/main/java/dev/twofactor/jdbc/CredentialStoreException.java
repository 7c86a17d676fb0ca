package dev.twofactor.jdbc;

import java.io.IOException;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link JdbcCredentialRepository} when the database fails: the unchecked form of a
 * {@link SQLException}, with its SQL state and vendor code.
 *
 * <p>When an operation throws this, nothing was accepted: {@link dev.twofactor.TwoFactor} passes it
 * on to its caller instead of returning a {@link dev.twofactor.Verification}. The stored record is
 * either the previous one or, if the database applied a write whose confirmation was lost, the
 * complete new one; never a mix of both.
 *
 * <p>The message names the operation, the table, the SQL state with its class (for example {@code
 * "replace in table two_factor failed: SQL state 08006 (connection exception), vendor code 0,
 * org.postgresql.util.PSQLException"}), and the cause keeps the stack traces of the driver's
 * exceptions.
 *
 * <p><b>Security note:</b> drivers put the values of a row into some messages (a constraint
 * violation may show the whole row, a too-long value shows the value), and a row holds sealed
 * secrets and recovery code hashes. So the message and the cause chain of this exception never
 * contain a driver's message: every exception of the driver is replaced in the chain by one that
 * names its class, SQL state and vendor code, with the original stack trace. Only messages of
 * {@link IOException}s (a refused or reset connection) are kept. Look up the vendor code, or
 * reproduce the statement by hand, to learn more.
 */
public final class CredentialStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_CAUSES = 16;

  /** The SQL state of the driver's exception, or {@code null} if it had none. */
  private final @Nullable String sqlState;

  /** The vendor code of the driver's exception. */
  private final int vendorCode;

  CredentialStoreException(String operation, String table, SQLException e) {
    super(
        operation + " in table " + table + " failed: " + describe(e),
        redact(e, new IdentityHashMap<>()));
    this.sqlState = e.getSQLState();
    this.vendorCode = e.getErrorCode();
  }

  /**
   * Returns the SQL state of the failure, for example {@code "08006"} for a lost connection
   * (SQL:2016 and X/Open; its first two characters are its class).
   *
   * @return the five-character state, or {@code null} if the driver gave none
   */
  public @Nullable String sqlState() {
    return sqlState;
  }

  /**
   * Returns the database vendor's own error code of the failure.
   *
   * @return the code, 0 if the driver gave none
   */
  public int vendorCode() {
    return vendorCode;
  }

  private static String describe(SQLException e) {
    String state = e.getSQLState();
    return (state == null ? "no SQL state" : "SQL state " + state + " (" + stateClass(state) + ")")
        + ", vendor code "
        + e.getErrorCode()
        + ", "
        + e.getClass().getName();
  }

  /** Names the class of a SQL state (its first two characters), as SQL:2016 and X/Open do. */
  static String stateClass(String state) {
    String c = state.length() < 2 ? state : state.substring(0, 2);
    return switch (c) {
      case "08" -> "connection exception";
      case "0A" -> "feature not supported";
      case "22" -> "data exception";
      case "23" -> "integrity constraint violation";
      case "25" -> "invalid transaction state";
      case "28" -> "invalid authorization specification";
      case "3D" -> "invalid catalog name";
      case "3F" -> "invalid schema name";
      case "40" -> "transaction rollback";
      case "42" -> "syntax error or access rule violation; does the table exist?";
      case "53" -> "insufficient resources";
      case "54" -> "program limit exceeded";
      case "55" -> "object not in prerequisite state";
      case "57" -> "operator intervention";
      case "58" -> "system error";
      case "HY", "HZ" -> "driver or call level interface error";
      default -> "class " + c.toUpperCase(Locale.ROOT);
    };
  }

  /**
   * Copies a cause chain without the messages that may hold a row's values: each exception is
   * replaced by one that names its class (and SQL state), with the original stack trace.
   */
  private static @Nullable Throwable redact(@Nullable Throwable t, Map<Throwable, Boolean> seen) {
    if (t == null || seen.put(t, Boolean.TRUE) != null || seen.size() > MAX_CAUSES) {
      return null;
    }
    String text;
    if (t instanceof SQLException s) {
      text =
          t.getClass().getName()
              + ": SQL state "
              + s.getSQLState()
              + ", vendor code "
              + s.getErrorCode()
              + ", message left out";
    } else if (t instanceof IOException) {
      text = t.toString();
    } else {
      text = t.getClass().getName() + ": message left out";
    }
    RedactedCause copy = new RedactedCause(text, redact(t.getCause(), seen));
    copy.setStackTrace(t.getStackTrace());
    return copy;
  }

  /** Stands for a driver's exception in the cause chain; its message names the original. */
  static final class RedactedCause extends Exception {
    private static final long serialVersionUID = 1L;

    RedactedCause(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }
}
