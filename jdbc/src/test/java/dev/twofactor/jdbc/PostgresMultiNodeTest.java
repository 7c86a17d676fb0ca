package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.twofactor.Proof;
import dev.twofactor.RecoveryCodes;
import dev.twofactor.ThrottlePolicy;
import dev.twofactor.TwoFactor;
import dev.twofactor.TwoFactorEvent;
import dev.twofactor.Verification;
import dev.twofactor.Verification.Reason;
import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Several application nodes on one PostgreSQL database, each with its own connection pool, its own
 * {@link TwoFactor} and its own threads, all racing on one account: a code is accepted once,
 * failures add up in one count, a recovery code works once, and every connection is returned.
 */
@RequiresPostgres
@Tag("multinode")
final class PostgresMultiNodeTest {
  private static final int NODES = 3;
  private static final int THREADS_PER_NODE = 3;
  private static final int THREADS = NODES * THREADS_PER_NODE;
  private static final int ROUNDS = 1_000;
  private static final String ID = "agent-42";
  private static final Duration PERIOD = Duration.ofSeconds(30);

  private final FakeClock clock = FakeClock.at(CredentialRepositoryContract.START);
  private final String table = TestDatabases.uniqueTable();
  private final HikariDataSource admin =
      TestDatabases.pool(TestDatabases.postgresUrl(), "admin-" + table, 2);
  private final List<Node> nodes = new ArrayList<>();

  private void startNodes(ThrottlePolicy throttle) {
    JdbcCredentialRepository.builder(admin)
        .table(table)
        .build()
        .createTableIfNotExists(Dialect.POSTGRESQL);
    for (int n = 0; n < NODES; n++) {
      nodes.add(
          new Node(
              "node-" + n + "-" + table,
              TestDatabases.postgresUrl(),
              table,
              THREADS_PER_NODE,
              clock,
              throttle));
    }
  }

  @AfterEach
  void checkConnectionsAndDropTable() throws Exception {
    try {
      for (Node node : nodes) {
        node.stopThreads();
        TestDatabases.assertNoneBorrowed(node.pool);
        int sessions = TestDatabases.postgresSessions(admin, node.name);
        assertEquals(
            node.pool.getHikariPoolMXBean().getTotalConnections(),
            sessions,
            node.name + ": sessions in pg_stat_activity against the pool's own count");
        assertTrue(sessions <= THREADS_PER_NODE, node.name + ": " + sessions + " sessions");
      }
    } finally {
      for (Node node : nodes) {
        node.shutDown();
      }
      TestDatabases.dropTable(admin, table);
      admin.close();
    }
  }

  private SoftwareAuthenticator activate() {
    return nodes.get(0).activate(ID, clock);
  }

  /** Runs the task on every thread of every node, and waits for all. */
  private void onAllNodes(TaskFactory task) throws Exception {
    List<Future<Void>> futures = new ArrayList<>();
    for (Node node : nodes) {
      for (int t = 0; t < THREADS_PER_NODE; t++) {
        futures.add(node.threads.submit(task.on(node.twoFactor)));
      }
    }
    for (Future<Void> future : futures) {
      future.get(120, TimeUnit.SECONDS);
    }
  }

  @FunctionalInterface
  private interface TaskFactory {
    Callable<Void> on(TwoFactor node);
  }

  private static Map<Reason, Long> counts(Map<Reason, LongAdder> adders) {
    Map<Reason, Long> counts = new EnumMap<>(Reason.class);
    adders.forEach((reason, adder) -> counts.put(reason, adder.sum()));
    return counts;
  }

  @Test
  void sameValidCode_fromAllNodes_isAcceptedExactlyOncePerRound() throws Exception {
    startNodes(ThrottlePolicy.defaults());
    SoftwareAuthenticator phone = activate();
    AtomicReference<String> code = new AtomicReference<>();
    AtomicInteger round = new AtomicInteger(-1);
    AtomicInteger acceptedThisRound = new AtomicInteger();
    int[] acceptedPerRound = new int[ROUNDS];
    Map<Reason, LongAdder> reasons = new ConcurrentHashMap<>();
    // Between rounds, when every thread of every node has verified: count the round's
    // acceptances and move the clock to the next step, whose code all threads then submit.
    CyclicBarrier barrier =
        new CyclicBarrier(
            THREADS,
            () -> {
              int finished = round.getAndIncrement();
              if (finished >= 0) {
                acceptedPerRound[finished] = acceptedThisRound.getAndSet(0);
              }
              clock.advance(PERIOD);
              code.set(phone.code(clock));
            });
    onAllNodes(
        node ->
            () -> {
              for (int i = 0; i < ROUNDS; i++) {
                barrier.await(60, TimeUnit.SECONDS);
                Verification v = node.verify(ID, code.get());
                if (v.isAccepted()) {
                  acceptedThisRound.incrementAndGet();
                }
                reasons.computeIfAbsent(v.reason(), r -> new LongAdder()).increment();
              }
              barrier.await(60, TimeUnit.SECONDS);
              return null;
            });
    for (int r = 0; r < ROUNDS; r++) {
      assertEquals(1, acceptedPerRound[r], "acceptances in round " + r);
    }
    assertEquals(
        Map.of(Reason.ACCEPTED, (long) ROUNDS, Reason.REPLAYED, (long) ROUNDS * (THREADS - 1)),
        counts(reasons));
    long acceptedEvents =
        nodes.stream().mapToLong(n -> n.count(TwoFactorEvent.Type.ACCEPTED)).sum();
    assertEquals(ROUNDS, acceptedEvents);
    assertEquals(0, nodes.get(NODES - 1).twoFactor.status(ID).failures());
  }

  @Test
  void wrongCodes_fromAllNodes_addUpInOneCount() throws Exception {
    startNodes(
        ThrottlePolicy.builder()
            .freeFailures(1_000_000)
            .maxFailures(Integer.MAX_VALUE)
            .budgets(Integer.MAX_VALUE, Integer.MAX_VALUE)
            .build());
    SoftwareAuthenticator phone = activate();
    String wrong = wrongCode(phone);
    int attempts = 20;
    LongAdder mismatches = new LongAdder();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    onAllNodes(
        node ->
            () -> {
              start.await(60, TimeUnit.SECONDS);
              for (int i = 0; i < attempts; i++) {
                if (node.verify(ID, wrong).reason() == Reason.MISMATCH) {
                  mismatches.increment();
                }
              }
              return null;
            });
    assertEquals((long) THREADS * attempts, mismatches.sum());
    for (Node node : nodes) {
      assertEquals(THREADS * attempts, node.twoFactor.status(ID).failures(), node.name);
    }
  }

  @Test
  void wrongCodes_fromAllNodes_tripOneLockOut() throws Exception {
    int free = 20;
    Duration lockOut = Duration.ofHours(24);
    // No rolling budgets: the back-off alone locks, after the free failures.
    startNodes(
        ThrottlePolicy.builder()
            .freeFailures(free)
            .backoff(lockOut, lockOut)
            .budgets(Integer.MAX_VALUE, Integer.MAX_VALUE)
            .build());
    SoftwareAuthenticator phone = activate();
    String wrong = wrongCode(phone);
    int attempts = 10;
    Map<Reason, LongAdder> reasons = new ConcurrentHashMap<>();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    onAllNodes(
        node ->
            () -> {
              start.await(60, TimeUnit.SECONDS);
              for (int i = 0; i < attempts; i++) {
                Reason reason = node.verify(ID, wrong).reason();
                reasons.computeIfAbsent(reason, r -> new LongAdder()).increment();
              }
              return null;
            });
    // The free failures and the one that locks; every other attempt came too late.
    assertEquals(
        Map.of(
            Reason.MISMATCH,
            (long) free + 1,
            Reason.THROTTLED,
            (long) THREADS * attempts - free - 1),
        counts(reasons));
    assertEquals(1, nodes.stream().mapToLong(n -> n.count(TwoFactorEvent.Type.LOCKED)).sum());
    for (Node node : nodes) {
      assertEquals(free + 1, node.twoFactor.status(ID).failures(), node.name);
      assertEquals(
          clock.instant().plus(lockOut),
          node.twoFactor.status(ID).lockedUntil().orElseThrow(),
          node.name);
      assertEquals(Reason.THROTTLED, node.twoFactor.verify(ID, phone.code(clock)).reason());
    }
  }

  @Test
  void sameRecoveryCode_fromAllNodes_isRedeemedOnce() throws Exception {
    startNodes(ThrottlePolicy.defaults());
    SoftwareAuthenticator phone = activate();
    clock.advance(PERIOD);
    RecoveryCodes codes =
        nodes.get(0).twoFactor.generateRecoveryCodes(ID, Proof.code(phone.code(clock)));
    for (int r = 0; r < codes.codes().size(); r++) {
      String code = codes.codes().get(r);
      AtomicInteger accepted = new AtomicInteger();
      CyclicBarrier start = new CyclicBarrier(THREADS);
      onAllNodes(
          node ->
              () -> {
                start.await(60, TimeUnit.SECONDS);
                if (node.redeemRecoveryCode(ID, code).isAccepted()) {
                  accepted.incrementAndGet();
                }
                return null;
              });
      assertEquals(1, accepted.get(), "acceptances of recovery code " + r);
      assertEquals(
          codes.codes().size() - r - 1,
          nodes.get(r % NODES).twoFactor.status(ID).recoveryCodesLeft());
      // The losers' attempts count as recovery-code failures and may have started their
      // back-off.
      clock.advance(Duration.ofDays(2));
    }
    assertEquals(
        codes.codes().size(),
        nodes.stream().mapToLong(n -> n.count(TwoFactorEvent.Type.RECOVERY_CODE_USED)).sum());
  }

  /** Returns a 6-digit code that the phone does not show within two steps of now. */
  private String wrongCode(SoftwareAuthenticator phone) {
    List<String> near = new ArrayList<>();
    for (int i = -2; i <= 2; i++) {
      near.add(phone.codeAt(clock.instant().plus(PERIOD.multipliedBy(i))));
    }
    for (int candidate = 0; ; candidate++) {
      String code = String.format(java.util.Locale.ROOT, "%06d", candidate);
      if (!near.contains(code)) {
        return code;
      }
    }
  }
}
