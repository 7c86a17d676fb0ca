package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.SocketException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

final class CredentialStoreExceptionTest {
  @Test
  void message_namesOperationTableStateAndDriverClass() {
    CredentialStoreException e =
        new CredentialStoreException(
            "replace", "two_factor", new SQLException("row (plain:JBSWY3DP)", "08006", 42));
    assertEquals(
        "replace in table two_factor failed: SQL state 08006 (connection exception), vendor code"
            + " 42, java.sql.SQLException",
        e.getMessage());
    assertEquals("08006", e.sqlState());
    assertEquals(42, e.vendorCode());
  }

  @Test
  void message_withoutSqlState() {
    CredentialStoreException e =
        new CredentialStoreException("load", "t", new SQLException("no state"));
    assertEquals(
        "load in table t failed: no SQL state, vendor code 0, java.sql.SQLException",
        e.getMessage());
    assertNull(e.sqlState());
  }

  @Test
  void stateClass_namesTheStandardClasses() {
    assertEquals("integrity constraint violation", CredentialStoreException.stateClass("23505"));
    assertEquals("data exception", CredentialStoreException.stateClass("22001"));
    assertEquals("transaction rollback", CredentialStoreException.stateClass("40001"));
    assertEquals("operator intervention", CredentialStoreException.stateClass("57P01"));
    assertEquals("class XX", CredentialStoreException.stateClass("XX000"));
    assertEquals("class 9", CredentialStoreException.stateClass("9"));
    assertEquals("class 90", CredentialStoreException.stateClass("90067"));
  }

  @Test
  void causes_keepStackTracesButNoDriverMessage() {
    SocketException network = new SocketException("Connection reset");
    SQLException driver =
        new SQLException("Failing row contains (agent-42, plain:JBSWY3DP)", "23514", 0, network);
    CredentialStoreException e = new CredentialStoreException("insert", "two_factor", driver);
    Throwable first = e.getCause();
    assertEquals(
        "java.sql.SQLException: SQL state 23514, vendor code 0, message left out",
        first.getMessage());
    assertArrayEquals(driver.getStackTrace(), first.getStackTrace());
    Throwable second = first.getCause();
    assertEquals("java.net.SocketException: Connection reset", second.getMessage());
    assertArrayEquals(network.getStackTrace(), second.getStackTrace());
    assertNull(second.getCause());
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertFalse(trace.toString().contains("JBSWY3DP"), trace.toString());
  }

  @Test
  void causes_otherThanSqlAndIoExceptionsLoseTheirMessage() {
    SQLException driver =
        new SQLException("x", "HY000", 0, new IllegalStateException("row plain:JBSWY3DP"));
    Throwable cause = new CredentialStoreException("load", "t", driver).getCause().getCause();
    assertEquals("java.lang.IllegalStateException: message left out", cause.getMessage());
  }

  @Test
  void causes_aCycleEnds() {
    SQLException a = new SQLException("a", "08006");
    SQLException b = new SQLException("b", "08006", a);
    a.initCause(b);
    Throwable cause = new CredentialStoreException("load", "t", a).getCause();
    assertEquals(
        "java.sql.SQLException: SQL state 08006, vendor code 0, message left out",
        cause.getCause().getMessage());
    assertNull(cause.getCause().getCause());
  }
}
