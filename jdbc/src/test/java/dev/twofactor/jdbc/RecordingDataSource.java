package dev.twofactor.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a data source to see what the repository does with it: every statement it executes, the
 * connections, statements and result sets it leaves open, and commits and rollbacks; and to make a
 * statement fail before or after the database ran it.
 */
final class RecordingDataSource implements DataSource {
  /** Decides, for each statement, whether it fails instead of running or after running. */
  interface Fault {
    /**
     * Called before a statement runs.
     *
     * @throws SQLException to fail it without running it
     */
    default void before(String sql) throws SQLException {}

    /**
     * Called after a statement ran, before its result reaches the caller.
     *
     * @throws SQLException to fail it although the database ran it
     */
    default void after(String sql) throws SQLException {}
  }

  private final DataSource target;
  private final List<String> executed = new ArrayList<>();
  private final AtomicInteger openConnections = new AtomicInteger();
  private final AtomicInteger openStatements = new AtomicInteger();
  private final AtomicInteger openResultSets = new AtomicInteger();
  private final AtomicInteger commits = new AtomicInteger();
  private final AtomicInteger rollbacks = new AtomicInteger();
  private volatile Fault fault = new Fault() {};

  RecordingDataSource(DataSource target) {
    this.target = target;
  }

  void fault(Fault fault) {
    this.fault = fault;
  }

  /** Returns the statements executed so far, each as its first word, and forgets them. */
  synchronized List<String> takeVerbs() {
    List<String> verbs = new ArrayList<>();
    for (String sql : takeStatements()) {
      verbs.add(sql.substring(0, sql.indexOf(' ')).toUpperCase(Locale.ROOT));
    }
    return verbs;
  }

  /** Returns the statements executed so far, as the repository wrote them, and forgets them. */
  synchronized List<String> takeStatements() {
    List<String> statements = List.copyOf(executed);
    executed.clear();
    return statements;
  }

  private synchronized void executed(String sql) {
    executed.add(sql);
  }

  int openConnections() {
    return openConnections.get();
  }

  int openStatements() {
    return openStatements.get();
  }

  int openResultSets() {
    return openResultSets.get();
  }

  int commits() {
    return commits.get();
  }

  int rollbacks() {
    return rollbacks.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection(target.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return connection(target.getConnection(username, password));
  }

  private Connection connection(Connection real) {
    openConnections.incrementAndGet();
    return proxy(
        Connection.class,
        new Tracked(openConnections) {
          @Override
          Object call(Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
              case "prepareStatement" -> {
                PreparedStatement s = (PreparedStatement) forward(real, method, args);
                return statement(PreparedStatement.class, s, (String) args[0]);
              }
              case "createStatement" -> {
                return statement(Statement.class, (Statement) forward(real, method, args), null);
              }
              case "commit" -> commits.incrementAndGet();
              case "rollback" -> rollbacks.incrementAndGet();
              default -> {}
            }
            return forward(real, method, args);
          }
        });
  }

  private <S extends Statement> S statement(Class<S> type, S real, String preparedSql) {
    openStatements.incrementAndGet();
    return proxy(
        type,
        new Tracked(openStatements) {
          @Override
          Object call(Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (!name.startsWith("execute")) {
              return forward(real, method, args);
            }
            String sql = preparedSql != null ? preparedSql : (String) args[0];
            executed(sql);
            Fault f = fault;
            f.before(sql);
            Object result = forward(real, method, args);
            f.after(sql);
            return result instanceof ResultSet rs ? resultSet(rs) : result;
          }
        });
  }

  private ResultSet resultSet(ResultSet real) {
    openResultSets.incrementAndGet();
    return proxy(
        ResultSet.class,
        new Tracked(openResultSets) {
          @Override
          Object call(Method method, Object[] args) throws Throwable {
            return forward(real, method, args);
          }
        });
  }

  private static <T> T proxy(Class<T> type, Tracked handler) {
    return type.cast(
        Proxy.newProxyInstance(
            RecordingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object forward(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Counts an object open until its first {@code close()}. */
  private abstract static class Tracked implements InvocationHandler {
    private final AtomicInteger open;
    private boolean closed;

    Tracked(AtomicInteger open) {
      this.open = open;
    }

    abstract Object call(Method method, Object[] args) throws Throwable;

    @Override
    public final Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      Object[] a = args == null ? new Object[0] : args;
      if (method.getName().equals("close") && a.length == 0) {
        synchronized (this) {
          if (!closed) {
            closed = true;
            open.decrementAndGet();
          }
        }
      }
      return call(method, a);
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return target.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    target.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    target.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return target.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return target.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return target.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return target.isWrapperFor(iface);
  }
}
