package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.AesGcmSecretSealer;
import dev.twofactor.CredentialRecord;
import dev.twofactor.Enrollment;
import dev.twofactor.Proof;
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
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A key rotation's batch re-seal racing sign-ins: two application nodes of 16 threads each on one
 * table, whose sealer has the new key k2 as current and the old key k1 as previous, sign in with
 * fresh codes every round, replay old ones and try wrong ones, while another thread walks every row
 * with {@link TwoFactor#resealBatch} again and again. Nothing is lost (each fresh code is accepted
 * exactly once, every wrong code is counted), nothing is accepted twice, and at the end every row
 * is sealed under k2 and opens with a sealer that has k2 alone. Tagged {@code multinode}: thousands
 * of database round trips, run in the default-locale execution only.
 */
@Tag("multinode")
abstract class ResealDuringLoginsContract {
  private static final int THREADS_PER_NODE = 16;
  private static final int THREADS = 2 * THREADS_PER_NODE;
  private static final int ROUNDS = 40;
  private static final Duration PERIOD = Duration.ofSeconds(30);
  private static final List<String> SIGNING_IN =
      List.of("agent-0", "agent-1", "agent-2", "agent-3", "ağent-4", "agent-5", "agent 🔐 6", "x7");
  private static final List<String> GUESSED_AT = List.of("target-0", "target-1", "Target-2", "ｔ3");

  private final FakeClock clock = FakeClock.at(CredentialRepositoryContract.START);
  private final List<Node> nodes = new ArrayList<>();
  private TestTable table;

  /** Returns the URL of the database, one that every node's pool reaches. */
  abstract String jdbcUrl();

  abstract Dialect dialect();

  @AfterEach
  void stopNodes() throws Exception {
    try {
      for (Node node : nodes) {
        node.stopThreads();
        TestDatabases.assertNoneBorrowed(node.pool);
      }
    } finally {
      for (Node node : nodes) {
        node.shutDown();
      }
      if (table != null) {
        table.close();
      }
    }
  }

  private static AesGcmSecretSealer sealer(String current, byte[] currentKey) {
    return AesGcmSecretSealer.builder().currentKey(current, currentKey).build();
  }

  private static AesGcmSecretSealer sealer(
      String current, byte[] currentKey, String previous, byte[] previousKey) {
    return AesGcmSecretSealer.builder()
        .currentKey(current, currentKey)
        .previousKey(previous, previousKey)
        .build();
  }

  private TwoFactor service(JdbcCredentialRepository repository, AesGcmSecretSealer sealer) {
    return TwoFactor.builder()
        .issuer("ACME")
        .repository(repository)
        .clock(clock)
        .sealer(sealer)
        .recoveryCodes(CredentialRepositoryContract.FAST_RECOVERY)
        .build();
  }

  /** Walks every row once with resealBatch, in pages of 3. */
  private static void walk(TwoFactor tf) {
    Optional<String> next = Optional.empty();
    do {
      next = tf.resealBatch(next.orElse(null), 3);
    } while (next.isPresent());
  }

  @Test
  void resealBatch_duringSignInsOnTwoNodes_losesNothingAndLeavesEveryRowUnderTheNewKey()
      throws Exception {
    byte[] k1 = CredentialRepositoryContract.KEY;
    byte[] k2 = CredentialRepositoryContract.KEY2;
    table = TestTable.created(jdbcUrl(), dialect());

    // Before the rotation: every credential sealed under k1, with recovery codes.
    TwoFactor before = service(table.repository, sealer("k1", k1));
    Map<String, SoftwareAuthenticator> phones = new ConcurrentHashMap<>();
    Map<String, List<String>> recoveryCodes = new HashMap<>();
    for (String id : concat(SIGNING_IN, GUESSED_AT)) {
      Enrollment e = before.enroll(id, "user@example.com");
      SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
      Verification confirmed = before.confirm(id, phone.code(clock));
      assertEquals(Reason.ACCEPTED, confirmed.reason(), id);
      phones.put(id, phone);
      recoveryCodes.put(
          id, before.generateRecoveryCodes(id, Proof.token(confirmed.proof())).codes());
    }
    assertKeys(Set.of("k1"));

    ThrottlePolicy countEverything =
        ThrottlePolicy.builder()
            .freeFailures(Integer.MAX_VALUE)
            .maxFailures(Integer.MAX_VALUE)
            .budgets(Integer.MAX_VALUE, Integer.MAX_VALUE)
            .build();
    AesGcmSecretSealer rotated = sealer("k2", k2, "k1", k1);
    for (int n = 0; n < 2; n++) {
      nodes.add(
          new Node(
              "node-" + n + "-" + table.name,
              jdbcUrl(),
              table.name,
              THREADS_PER_NODE,
              5_000,
              clock,
              countEverything,
              rotated));
    }
    Node resealer =
        new Node(
            "resealer-" + table.name,
            jdbcUrl(),
            table.name,
            1,
            5_000,
            clock,
            countEverything,
            rotated);
    nodes.add(resealer);
    // Between rounds every row goes back under k1 (as sealed by a node that still has k1 as its
    // current key), so that each round's sign-ins and the walk race to seal it under k2 again.
    TwoFactor backToK1 = service(table.repository, sealer("k1", k1, "k2", k2));

    Map<String, String> code = new ConcurrentHashMap<>();
    Map<String, String> usedCode = new ConcurrentHashMap<>();
    Map<String, String> wrongCode = new ConcurrentHashMap<>();
    AtomicIntegerArray accepted = new AtomicIntegerArray(SIGNING_IN.size());
    int[][] acceptedPerRound = new int[ROUNDS][SIGNING_IN.size()];
    Map<Reason, LongAdder> reasons = new ConcurrentHashMap<>();
    AtomicReference<Throwable> betweenRounds = new AtomicReference<>();
    int[] round = {-1};
    CyclicBarrier barrier =
        new CyclicBarrier(
            THREADS,
            () -> {
              try {
                int finished = round[0]++;
                if (finished >= 0) {
                  for (int a = 0; a < SIGNING_IN.size(); a++) {
                    acceptedPerRound[finished][a] = accepted.getAndSet(a, 0);
                  }
                }
                walk(backToK1);
                for (String id : SIGNING_IN) {
                  usedCode.put(id, phones.get(id).code(clock));
                }
                clock.advance(PERIOD);
                for (String id : SIGNING_IN) {
                  code.put(id, phones.get(id).code(clock));
                }
                for (String id : GUESSED_AT) {
                  wrongCode.put(id, wrongCode(phones.get(id)));
                }
              } catch (RuntimeException | Error e) {
                betweenRounds.set(e);
                throw e;
              }
            });

    AtomicBoolean roundsOver = new AtomicBoolean();
    LongAdder walks = new LongAdder();
    ExecutorService walker = Executors.newSingleThreadExecutor();
    Future<?> walking =
        walker.submit(
            () -> {
              // The last walk starts after the last sign-in.
              boolean last;
              do {
                last = roundsOver.get();
                walk(resealer.twoFactor);
                walks.increment();
              } while (!last);
              return null;
            });

    List<Future<Void>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Node node = nodes.get(t / THREADS_PER_NODE);
      int account = t % SIGNING_IN.size();
      String id = SIGNING_IN.get(account);
      String target = GUESSED_AT.get(t % GUESSED_AT.size());
      futures.add(
          node.threads.submit(
              () -> {
                for (int r = 0; r < ROUNDS; r++) {
                  barrier.await(60, TimeUnit.SECONDS);
                  Verification fresh = node.twoFactor.verify(id, code.get(id));
                  if (fresh.isAccepted()) {
                    accepted.incrementAndGet(account);
                  }
                  count(reasons, fresh.reason());
                  count(reasons, node.twoFactor.verify(id, usedCode.get(id)).reason());
                  count(reasons, node.twoFactor.verify(target, wrongCode.get(target)).reason());
                }
                barrier.await(60, TimeUnit.SECONDS);
                return null;
              }));
    }
    try {
      for (Future<Void> f : futures) {
        f.get(300, TimeUnit.SECONDS);
      }
    } finally {
      roundsOver.set(true);
      walking.get(120, TimeUnit.SECONDS);
      walker.shutdown();
    }
    assertNull(betweenRounds.get());

    for (int r = 0; r < ROUNDS; r++) {
      for (int a = 0; a < SIGNING_IN.size(); a++) {
        assertEquals(1, acceptedPerRound[r][a], "round " + r + ", " + SIGNING_IN.get(a));
      }
    }
    long signIns = (long) ROUNDS * SIGNING_IN.size();
    long attempts = (long) ROUNDS * THREADS;
    Map<Reason, Long> expected = new EnumMap<>(Reason.class);
    expected.put(Reason.ACCEPTED, signIns);
    // The other threads' fresh codes, and every thread's code of the round before.
    expected.put(Reason.REPLAYED, attempts - signIns + attempts);
    expected.put(Reason.MISMATCH, attempts);
    Map<Reason, Long> counted = new EnumMap<>(Reason.class);
    reasons.forEach((reason, adder) -> counted.put(reason, adder.sum()));
    assertEquals(expected, counted);
    assertEquals(
        signIns,
        nodes.stream().mapToLong(n -> n.count(TwoFactorEvent.Type.ACCEPTED)).sum(),
        "acceptances reported");
    assertTrue(resealer.count(TwoFactorEvent.Type.RESEALED) > 0, "the walk re-sealed rows");
    assertTrue(walks.sum() >= 2, "walks: " + walks.sum());
    System.out.println(
        +walks.sum()
            + " resealer "
            + resealer.count(TwoFactorEvent.Type.RESEALED)
            + " node0 "
            + nodes.get(0).count(TwoFactorEvent.Type.RESEALED)
            + " node1 "
            + nodes.get(1).count(TwoFactorEvent.Type.RESEALED));

    // Every row under k2, and readable with k2 alone.
    assertKeys(Set.of("k2"));
    TwoFactor k2Only = service(table.repository, sealer("k2", k2));
    assertEquals(Set.of(), k2Only.missingKeyIds());
    long lastStep =
        CredentialRepositoryContract.START.getEpochSecond() / PERIOD.toSeconds() + ROUNDS;
    for (String id : SIGNING_IN) {
      CredentialRecord r = table.repository.load(id);
      assertEquals(lastStep, r.lastStep(), id);
      assertEquals(0, r.failures(), id);
    }
    for (String id : GUESSED_AT) {
      assertEquals(
          (long) ROUNDS * THREADS / GUESSED_AT.size(),
          k2Only.status(id).failures(),
          id + ": every wrong code counted once");
    }
    for (String id : concat(SIGNING_IN, GUESSED_AT)) {
      // A recovery code first: it also ends the hard stop that the wrong codes reached.
      assertEquals(
          Reason.ACCEPTED,
          k2Only.redeemRecoveryCode(id, recoveryCodes.get(id).get(0)).reason(),
          id);
    }
    clock.advance(PERIOD);
    for (String id : concat(SIGNING_IN, GUESSED_AT)) {
      assertEquals(Reason.ACCEPTED, k2Only.verify(id, phones.get(id).code(clock)).reason(), id);
    }
  }

  /** Asserts that the sealed values of every row name exactly these key ids. */
  private void assertKeys(Set<String> keyIds) {
    AesGcmSecretSealer reader =
        sealer("k1", CredentialRepositoryContract.KEY, "k2", CredentialRepositoryContract.KEY2);
    List<CredentialRecord> rows = table.repository.page(null, 100);
    assertEquals(SIGNING_IN.size() + GUESSED_AT.size(), rows.size());
    for (CredentialRecord r : rows) {
      for (String sealed : Arrays.asList(r.secret(), r.recoveryCodes())) {
        assertEquals(
            keyIds,
            Set.of(reader.keyId(Objects.requireNonNull(sealed)).orElseThrow()),
            r.accountId());
      }
    }
  }

  private static void count(Map<Reason, LongAdder> reasons, Reason reason) {
    reasons.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Returns a 6-digit code that the phone does not show within three steps of now. */
  private String wrongCode(SoftwareAuthenticator phone) {
    List<String> near = new ArrayList<>();
    for (int i = -3; i <= 3; i++) {
      near.add(phone.codeAt(clock.instant().plus(PERIOD.multipliedBy(i))));
    }
    for (int candidate = 0; ; candidate++) {
      String code = String.format(Locale.ROOT, "%06d", candidate);
      if (!near.contains(code)) {
        return code;
      }
    }
  }
}
