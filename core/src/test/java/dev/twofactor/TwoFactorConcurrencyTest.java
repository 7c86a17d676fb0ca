package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Verification.Reason;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real threads racing on one credential: the replay guard, the failure count and recovery codes
 * must hold with every interleaving, through two service instances sharing one repository as two
 * application nodes share a database.
 */
final class TwoFactorConcurrencyTest {
  private static final int THREADS = 32;
  private static final int ROUNDS = 1_000;
  private static final String ID = "agent-42";
  private static final Duration PERIOD = Duration.ofSeconds(30);

  private final FakeClock clock = FakeClock.at(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryCredentialRepository shared = new InMemoryCredentialRepository();
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stopThreads() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  private TwoFactor node(ThrottlePolicy throttle) {
    return TwoFactor.builder()
        .issuer("ACME")
        .repository(shared)
        .clock(clock)
        .throttle(throttle)
        .recoveryCodes(TwoFactorTest.FAST_RECOVERY)
        .build();
  }

  private SoftwareAuthenticator activate(TwoFactor tf) {
    Enrollment e = tf.enroll(ID, "alice@example.com");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    assertTrue(tf.confirm(ID, phone.code(clock)).isAccepted());
    return phone;
  }

  /** Runs the task on every thread, half of them through each node, and waits for all. */
  private void race(TwoFactor nodeA, TwoFactor nodeB, Function<TwoFactor, Callable<Void>> task)
      throws Exception {
    List<Future<Void>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(pool.submit(task.apply(t % 2 == 0 ? nodeA : nodeB)));
    }
    for (Future<Void> future : futures) {
      future.get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void sameValidCode_isAcceptedExactlyOncePerRound() throws Exception {
    TwoFactor nodeA = node(ThrottlePolicy.defaults());
    TwoFactor nodeB = node(ThrottlePolicy.defaults());
    SoftwareAuthenticator phone = activate(nodeA);
    AtomicReference<String> code = new AtomicReference<>();
    AtomicInteger round = new AtomicInteger(-1);
    AtomicInteger acceptedThisRound = new AtomicInteger();
    int[] acceptedPerRound = new int[ROUNDS];
    Map<Reason, LongAdder> reasons = new ConcurrentHashMap<>();
    // The barrier's action runs between rounds, when every thread has verified: it counts the
    // round and moves the clock to the next step, whose code all threads then submit at once.
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
    race(
        nodeA,
        nodeB,
        node ->
            () -> {
              for (int i = 0; i < ROUNDS; i++) {
                barrier.await(30, TimeUnit.SECONDS);
                Verification v = node.verify(ID, code.get());
                if (v.isAccepted()) {
                  acceptedThisRound.incrementAndGet();
                }
                reasons.computeIfAbsent(v.reason(), r -> new LongAdder()).increment();
              }
              barrier.await(30, TimeUnit.SECONDS);
              return null;
            });
    for (int r = 0; r < ROUNDS; r++) {
      assertEquals(1, acceptedPerRound[r], "acceptances in round " + r);
    }
    Map<Reason, Long> counts = new EnumMap<>(Reason.class);
    reasons.forEach((reason, adder) -> counts.put(reason, adder.sum()));
    assertEquals(
        Map.of(Reason.ACCEPTED, (long) ROUNDS, Reason.REPLAYED, (long) ROUNDS * (THREADS - 1)),
        counts);
    assertEquals(0, nodeB.status(ID).failures());
  }

  @Test
  void wrongCodes_failureCountEqualsTheNumberOfAttempts() throws Exception {
    ThrottlePolicy unlimited =
        ThrottlePolicy.builder()
            .freeFailures(1_000_000)
            .maxFailures(Integer.MAX_VALUE)
            .budgets(ThrottlePolicy.UNLIMITED, ThrottlePolicy.UNLIMITED)
            .build();
    TwoFactor nodeA = node(unlimited);
    TwoFactor nodeB = node(unlimited);
    SoftwareAuthenticator phone = activate(nodeA);
    String wrong = TwoFactorTest.wrongCode(phone, clock.instant());
    int attempts = 100;
    LongAdder mismatches = new LongAdder();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    race(
        nodeA,
        nodeB,
        node ->
            () -> {
              start.await(30, TimeUnit.SECONDS);
              for (int i = 0; i < attempts; i++) {
                if (node.verify(ID, wrong).reason() == Reason.MISMATCH) {
                  mismatches.increment();
                }
              }
              return null;
            });
    assertEquals((long) THREADS * attempts, mismatches.sum());
    assertEquals(THREADS * attempts, nodeA.status(ID).failures());
  }

  @Test
  void wrongCodes_withTheDefaultThrottleAreCheckedOnlyUntilTheLock() throws Exception {
    TwoFactor nodeA = node(ThrottlePolicy.defaults());
    TwoFactor nodeB = node(ThrottlePolicy.defaults());
    SoftwareAuthenticator phone = activate(nodeA);
    String wrong = TwoFactorTest.wrongCode(phone, clock.instant());
    int attempts = 20;
    Map<Reason, LongAdder> reasons = new ConcurrentHashMap<>();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    race(
        nodeA,
        nodeB,
        node ->
            () -> {
              start.await(30, TimeUnit.SECONDS);
              for (int i = 0; i < attempts; i++) {
                Reason reason = node.verify(ID, wrong).reason();
                reasons.computeIfAbsent(reason, r -> new LongAdder()).increment();
              }
              return null;
            });
    // Three free failures and the fourth, which locks: every other attempt came too late.
    assertEquals(4, reasons.get(Reason.MISMATCH).sum());
    assertEquals((long) THREADS * attempts - 4, reasons.get(Reason.THROTTLED).sum());
    assertEquals(2, reasons.size());
    assertEquals(4, nodeA.status(ID).failures());
  }

  @Test
  void sameRecoveryCode_isRedeemedOnce() throws Exception {
    TwoFactor nodeA = node(ThrottlePolicy.defaults());
    TwoFactor nodeB = node(ThrottlePolicy.defaults());
    SoftwareAuthenticator phone = activate(nodeA);
    clock.advance(java.time.Duration.ofSeconds(30));
    RecoveryCodes codes = nodeA.generateRecoveryCodes(ID, Proof.code(phone.code(clock)));
    for (int r = 0; r < codes.codes().size(); r++) {
      String code = codes.codes().get(r);
      AtomicInteger accepted = new AtomicInteger();
      Map<Reason, LongAdder> reasons = new ConcurrentHashMap<>();
      CyclicBarrier start = new CyclicBarrier(THREADS);
      race(
          nodeA,
          nodeB,
          node ->
              () -> {
                start.await(30, TimeUnit.SECONDS);
                Verification v = node.redeemRecoveryCode(ID, code);
                if (v.isAccepted()) {
                  accepted.incrementAndGet();
                }
                reasons.computeIfAbsent(v.reason(), x -> new LongAdder()).increment();
                return null;
              });
      assertEquals(1, accepted.get(), "round " + r + ": " + reasons);
      assertTrue(
          EnumSet.of(Reason.ACCEPTED, Reason.MISMATCH, Reason.THROTTLED)
              .containsAll(reasons.keySet()),
          reasons.toString());
      assertEquals(codes.codes().size() - r - 1, nodeB.status(ID).recoveryCodesLeft());
      // The losers' wrong attempts locked the credential: wait out the lock-out.
      clock.advance(Duration.ofDays(2));
    }
  }
}
