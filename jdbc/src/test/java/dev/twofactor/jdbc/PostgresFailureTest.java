package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariDataSource;
import dev.twofactor.CredentialRecord;
import dev.twofactor.ThrottlePolicy;
import dev.twofactor.TwoFactorEvent;
import dev.twofactor.Verification;
import dev.twofactor.Verification.Reason;
import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away in the middle of operations: a session killed while its {@code UPDATE}
 * waits, and the database cut off from several nodes mid-run (through a TCP proxy), including after
 * it ran a statement whose reply never arrives. Nothing is accepted twice, nothing stored is lost
 * or torn, failures surface as {@link CredentialStoreException}, and every connection is returned.
 */
@RequiresPostgres
final class PostgresFailureTest {
  private static final String ID = "agent-42";
  private static final Duration PERIOD = Duration.ofSeconds(30);

  private final FakeClock clock = FakeClock.at(CredentialRepositoryContract.START);
  private final String table = TestDatabases.uniqueTable();
  private final HikariDataSource admin =
      TestDatabases.pool(TestDatabases.postgresUrl(), "admin-" + table, 2);
  private final JdbcCredentialRepository adminRepository =
      JdbcCredentialRepository.builder(admin).table(table).build();
  private final List<Node> nodes = new ArrayList<>();
  private final LongAdder failures = new LongAdder();
  private final AtomicInteger failuresWhileDown = new AtomicInteger();
  private @Nullable CuttableProxy proxy;

  private void startNodes(
      int count, int threadsPerNode, String jdbcUrl, long connectionTimeoutMillis) {
    adminRepository.createTableIfNotExists(Dialect.POSTGRESQL);
    for (int n = 0; n < count; n++) {
      nodes.add(
          new Node(
              "node-" + n + "-" + table,
              jdbcUrl,
              table,
              threadsPerNode,
              connectionTimeoutMillis,
              clock,
              ThrottlePolicy.defaults()));
    }
  }

  @AfterEach
  void checkConnectionsAndDropTable() throws Exception {
    try {
      for (Node node : nodes) {
        node.stopThreads();
        TestDatabases.assertNoneBorrowed(node.pool);
        TestDatabases.awaitPostgresSessions(
            admin, node.name, node.pool.getHikariPoolMXBean().getTotalConnections());
      }
      for (Node node : nodes) {
        node.shutDown();
        TestDatabases.awaitPostgresSessions(admin, node.name, 0);
      }
    } finally {
      for (Node node : nodes) {
        node.shutDown();
      }
      if (proxy != null) {
        proxy.close();
      }
      TestDatabases.dropTable(admin, table);
      admin.close();
    }
  }

  private SoftwareAuthenticator activate() {
    return nodes.get(0).activate(ID, clock);
  }

  @Test
  void sessionKilledDuringUpdate_throwsAndLeavesThePreviousRecord() throws Exception {
    startNodes(2, 2, TestDatabases.postgresUrl(), 5_000);
    SoftwareAuthenticator phone = activate();
    clock.advance(PERIOD);
    String code = phone.code(clock);
    CredentialRecord before = adminRepository.load(ID);
    Node victim = nodes.get(0);
    Future<Verification> verification;
    try (Connection lock = admin.getConnection()) {
      // Hold the row, so that the node's UPDATE waits for it; then kill the node's session.
      lock.setAutoCommit(false);
      try (PreparedStatement s =
          lock.prepareStatement(
              "SELECT version FROM " + table + " WHERE account_id = ? FOR UPDATE")) {
        s.setString(1, ID);
        s.executeQuery().close();
      }
      verification = victim.threads.submit(() -> victim.twoFactor.verify(ID, code));
      int pid = awaitSessionWaitingForLock(victim.name);
      try (PreparedStatement s = lock.prepareStatement("SELECT pg_terminate_backend(?)")) {
        s.setInt(1, pid);
        try (ResultSet r = s.executeQuery()) {
          assertTrue(r.next() && r.getBoolean(1), "terminated");
        }
      }
      lock.rollback();
    }
    ExecutionException thrown =
        assertThrows(ExecutionException.class, () -> verification.get(60, TimeUnit.SECONDS));
    CredentialStoreException e =
        assertInstanceOf(CredentialStoreException.class, thrown.getCause());
    assertEquals("57P01", e.sqlState(), e.getMessage()); // admin_shutdown: the session was killed
    assertEquals(before, adminRepository.load(ID), "the previous record, untouched");
    assertEquals(0, victim.count(TwoFactorEvent.Type.ACCEPTED));

    // The code was not used up by the failed attempt, and is still accepted only once.
    int accepted = 0;
    CyclicBarrier start = new CyclicBarrier(4);
    List<Future<Verification>> futures = new ArrayList<>();
    for (Node node : nodes) {
      for (int t = 0; t < 2; t++) {
        futures.add(
            node.threads.submit(
                () -> {
                  start.await(60, TimeUnit.SECONDS);
                  return node.twoFactor.verify(ID, code);
                }));
      }
    }
    for (Future<Verification> f : futures) {
      if (f.get(60, TimeUnit.SECONDS).isAccepted()) {
        accepted++;
      }
    }
    assertEquals(1, accepted);
  }

  private int awaitSessionWaitingForLock(String applicationName) throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Connection c = admin.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE application_name = ?"
                    + " AND wait_event_type = 'Lock'")) {
      s.setString(1, applicationName);
      while (System.nanoTime() < deadline) {
        try (ResultSet r = s.executeQuery()) {
          if (r.next()) {
            return r.getInt(1);
          }
        }
      }
    }
    return fail("the node's UPDATE never waited for the row lock");
  }

  @Test
  void replyToUpdateLost_codeIsUsedUpAndNeverAccepted() throws Exception {
    proxy = new CuttableProxy(TestDatabases.postgresUrl());
    startNodes(2, 1, proxy.jdbcUrl(TestDatabases.postgresUrl()), 250);
    SoftwareAuthenticator phone = activate();
    clock.advance(PERIOD);
    String code = phone.code(clock);
    long step = clock.instant().getEpochSecond() / PERIOD.toSeconds();
    // The database runs and commits the UPDATE that accepts the code; its reply never arrives.
    proxy.cutAtReplyTo("UPDATE " + table);
    Node node = nodes.get(0);
    CredentialStoreException e =
        assertThrows(CredentialStoreException.class, () -> node.twoFactor.verify(ID, code));
    assertEquals("08", e.sqlState().substring(0, 2), e.getMessage()); // connection exception
    assertEquals(1, proxy.cuts());
    proxy.restore();
    CredentialRecord stored = adminRepository.load(ID);
    assertEquals(step, stored.lastStep(), "the database stored the acceptance");
    assertEquals(0, stored.failures());
    for (Node n : nodes) {
      assertEquals(Reason.REPLAYED, verifyUntilAnswered(n, code).reason(), n.name);
      assertEquals(0, n.count(TwoFactorEvent.Type.ACCEPTED), n.name);
    }
  }

  @Test
  @Tag("multinode")
  void databaseCutOffMidRun_nothingAcceptedTwiceNothingLost() throws Exception {
    int nodeCount = 2;
    int threadsPerNode = 2;
    int threads = nodeCount * threadsPerNode;
    int rounds = 60;
    proxy = new CuttableProxy(TestDatabases.postgresUrl());
    CuttableProxy cuttable = proxy;
    startNodes(nodeCount, threadsPerNode, proxy.jdbcUrl(TestDatabases.postgresUrl()), 250);
    // How the database goes away in some rounds: before any statement of the round, at the
    // reply to a SELECT, and at the reply to an UPDATE that it ran and committed.
    Map<Integer, Runnable> cuts =
        Map.of(
            10, cuttable::cut,
            25, () -> cuttable.cutAtReplyTo("SELECT "),
            40, () -> cuttable.cutAtReplyTo("UPDATE " + table));
    SoftwareAuthenticator phone = activate();
    AtomicReference<String> code = new AtomicReference<>();
    AtomicInteger round = new AtomicInteger(-1);
    AtomicInteger acceptedThisRound = new AtomicInteger();
    int[] acceptedPerRound = new int[rounds];
    long[] stepPerRound = new long[rounds];
    long[] storedStepPerRound = new long[rounds];
    Map<Reason, LongAdder> reasons = new ConcurrentHashMap<>();
    CyclicBarrier barrier =
        new CyclicBarrier(
            threads,
            () -> {
              int finished = round.getAndIncrement();
              if (finished >= 0) {
                acceptedPerRound[finished] = acceptedThisRound.getAndSet(0);
                storedStepPerRound[finished] = adminRepository.load(ID).lastStep();
              }
              int next = finished + 1;
              clock.advance(PERIOD);
              code.set(phone.code(clock));
              if (next < rounds) {
                stepPerRound[next] = clock.instant().getEpochSecond() / PERIOD.toSeconds();
                cuts.getOrDefault(next, () -> {}).run();
              }
            });
    List<Future<Void>> futures = new ArrayList<>();
    for (Node node : nodes) {
      for (int t = 0; t < threadsPerNode; t++) {
        futures.add(
            node.threads.submit(
                () -> {
                  for (int i = 0; i < rounds; i++) {
                    barrier.await(60, TimeUnit.SECONDS);
                    Verification v = verifyUntilAnswered(node, code.get());
                    if (v.isAccepted()) {
                      acceptedThisRound.incrementAndGet();
                    }
                    reasons.computeIfAbsent(v.reason(), r -> new LongAdder()).increment();
                  }
                  barrier.await(60, TimeUnit.SECONDS);
                  return null;
                }));
      }
    }
    for (Future<Void> f : futures) {
      f.get(300, TimeUnit.SECONDS);
    }
    assertEquals(cuts.size(), proxy.cuts(), "the database went away as planned");
    assertTrue(failures.sum() >= cuts.size(), "operations failed: " + failures.sum());
    for (int r = 0; r < rounds; r++) {
      assertEquals(stepPerRound[r], storedStepPerRound[r], "round " + r + ": code used up");
      if (cuts.containsKey(r)) {
        // 0 only when the database stored the acceptance and its reply was lost: the code is
        // used up, and nobody was told it was accepted.
        assertTrue(acceptedPerRound[r] <= 1, "round " + r + ": " + acceptedPerRound[r]);
      } else {
        assertEquals(1, acceptedPerRound[r], "acceptances in round " + r);
      }
    }
    long accepted = 0;
    for (int a : acceptedPerRound) {
      accepted += a;
    }
    // Every round without a cut has exactly one acceptance (above). A round with a cut may have
    // none wherever a reply was lost after the database committed, which a busy machine can
    // cause at any cut, not only at the planned UPDATE reply: the code is then used up unseen.
    assertTrue(accepted >= rounds - cuts.size(), accepted + " acceptances");
    assertEquals(
        accepted, nodes.stream().mapToLong(n -> n.count(TwoFactorEvent.Type.ACCEPTED)).sum());
    assertEquals(Set.of(Reason.ACCEPTED, Reason.REPLAYED), reasons.keySet());
    assertEquals(0, nodes.get(1).twoFactor.status(ID).failures());
  }

  /**
   * Verifies until the service answers, as a user presses the button again; a failure may only be a
   * {@link CredentialStoreException}. Brings the database back after a few failures while it is
   * gone.
   */
  private Verification verifyUntilAnswered(Node node, String code) {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      try {
        return node.twoFactor.verify(ID, code);
      } catch (CredentialStoreException e) {
        failures.increment();
        // The driver names a lost connection with a SQL state; the pool, timing out while every
        // connection is stuck on the cut, with SQLTransientConnectionException and none.
        assertTrue(
            e.sqlState() != null || e.getMessage().contains("SQLTransientConnectionException"),
            e.getMessage());
        CuttableProxy p = proxy;
        if (p != null && p.isDown() && failuresWhileDown.incrementAndGet() % 4 == 0) {
          p.restore();
        }
      }
    }
    return fail("no answer after 1,000 attempts");
  }
}
