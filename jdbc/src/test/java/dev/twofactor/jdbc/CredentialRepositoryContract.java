package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.AesGcmSecretSealer;
import dev.twofactor.CredentialRecord;
import dev.twofactor.CredentialRepository;
import dev.twofactor.Enrollment;
import dev.twofactor.InMemoryCredentialRepository;
import dev.twofactor.Proof;
import dev.twofactor.RecoveryCodePolicy;
import dev.twofactor.RecoveryCodes;
import dev.twofactor.ThrottlePolicy;
import dev.twofactor.TwoFactor;
import dev.twofactor.Verification;
import dev.twofactor.Verification.Reason;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@link CredentialRepository} contract, run against every implementation: the in-memory
 * repository, and the JDBC repository on H2 and on PostgreSQL. A subclass gives a fresh, empty
 * repository per test.
 */
abstract class CredentialRepositoryContract {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final RecoveryCodePolicy FAST_RECOVERY =
      RecoveryCodePolicy.builder().iterations(1_000).build();
  static final byte[] KEY = new byte[32];
  static final byte[] KEY2 = "another key of 32 bytes, for k2.".getBytes(StandardCharsets.US_ASCII);
  private static final int THREADS = 8;

  /** Returns the repository under test, the same one for the whole test method. */
  abstract CredentialRepository repository();

  /**
   * Returns a record with every field set, as the service writes them: an active secret with its
   * parameters, 100 sealed recovery codes, a pending replacement, failures, budgets, back-offs and
   * trusted devices; instants to the microsecond, as every database stores them.
   */
  static CredentialRecord fullRecord(String accountId, long version) {
    InMemoryCredentialRepository memory = new InMemoryCredentialRepository();
    FakeClock clock = FakeClock.at(START);
    AesGcmSecretSealer sealer = AesGcmSecretSealer.builder().currentKey("2026-11", KEY).build();
    TwoFactor tf =
        TwoFactor.builder()
            .issuer("ACME")
            .repository(memory)
            .clock(clock)
            .sealer(sealer)
            .recoveryCodes(RecoveryCodePolicy.builder().count(100).iterations(1_000).build())
            .build();
    Enrollment e = tf.enroll(accountId, "alice@example.com");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    Verification confirmed = tf.confirm(accountId, phone.code(clock));
    assertTrue(confirmed.isAccepted());
    Proof proof = Proof.token(confirmed.proof());
    tf.generateRecoveryCodes(accountId, proof);
    assertTrue(tf.enroll(accountId, "alice@example.com", proof).isRotation());
    CredentialRecord stored = memory.load(accountId);
    assertNotNull(stored);
    Instant retryAfter = START.plus(Duration.ofHours(1)).plusNanos(123_456_000);
    long retryAfterMicros = ChronoUnit.MICROS.between(Instant.EPOCH, retryAfter);
    CredentialRecord full =
        stored.toBuilder()
            .version(version)
            .lastUsedAt(START.plusSeconds(90).plusNanos(1_000))
            .drift(-42)
            .failures(7)
            .set(CredentialRecord.RECOVERY_FAILURES, 3)
            .set(CredentialRecord.BUDGET_24H, retryAfter)
            .set(CredentialRecord.BUDGET_30D, START.plus(Duration.ofDays(30)))
            .set(CredentialRecord.KNOWN_BUDGET_24H, retryAfter.plusSeconds(1))
            .set(CredentialRecord.KNOWN_BUDGET_30D, START.plus(Duration.ofDays(31)))
            .set(
                CredentialRecord.SOURCES,
                "c:-:7:"
                    + retryAfterMicros
                    + ";r:AbCdEf-_0123:3:"
                    + retryAfterMicros
                    + ";k:0123456789ab:0:"
                    + retryAfterMicros)
            .set(
                CredentialRecord.DEVICES,
                sealer.seal(new byte[300], "devices".getBytes(StandardCharsets.US_ASCII)))
            .build();
    assertEquals(
        CredentialRecord.fields().size(), full.toMap().size(), "every field is set: " + full);
    return full;
  }

  static CredentialRecord record(String accountId, long version) {
    return CredentialRecord.builder(accountId).version(version).build();
  }

  @Test
  void load_returnsNullForAnAccountWithoutRecord() {
    assertNull(repository().load("nobody"));
  }

  @Test
  void insert_storesEveryFieldAsItIs() {
    CredentialRecord full = fullRecord("agent-42", 123_456_789_012L);
    assertTrue(repository().insert(full));
    assertEquals(full, repository().load("agent-42"));
    assertEquals(full.toMap(), repository().load("agent-42").toMap());
    assertEquals(
        5_975, full.recoveryCodes().length(), "100 codes at 1,000 iterations, sealed with AES-GCM");
  }

  @Test
  void insert_storesTheLockUntilReset() {
    // In microseconds since the epoch, as the back-off stores it (and the migration from 0.1
    // writes).
    long untilResetMicros = ThrottlePolicy.UNTIL_RESET.getEpochSecond() * 1_000_000;
    CredentialRecord locked =
        fullRecord("agent-42", 7).toBuilder()
            .failures(100)
            .set(CredentialRecord.BUDGET_24H, ThrottlePolicy.UNTIL_RESET)
            .set(CredentialRecord.BUDGET_30D, ThrottlePolicy.UNTIL_RESET)
            .set(CredentialRecord.SOURCES, "c:-:100:" + untilResetMicros)
            .build();
    assertTrue(repository().insert(locked));
    CredentialRecord loaded = repository().load("agent-42");
    assertEquals(locked, loaded);
    assertEquals(ThrottlePolicy.UNTIL_RESET, loaded.budget24h());
    assertEquals(ThrottlePolicy.UNTIL_RESET, loaded.budget30d());
  }

  @Test
  void insert_storesAbsentFieldsAsAbsent() {
    CredentialRecord empty = record("agent-42", 0);
    assertTrue(repository().insert(empty));
    CredentialRecord loaded = repository().load("agent-42");
    assertEquals(empty, loaded);
    assertEquals(empty.toMap(), loaded.toMap());
  }

  @Test
  void insert_returnsFalseForAnAccountWithARecordAndKeepsTheFirst() {
    CredentialRecord first = record("agent-42", 1);
    assertTrue(repository().insert(first));
    assertFalse(repository().insert(fullRecord("agent-42", 9)));
    assertEquals(first, repository().load("agent-42"));
    assertNull(repository().load("agent-43"));
  }

  @Test
  void replace_onlyFromTheExpectedVersion() {
    CredentialRecord first = fullRecord("agent-42", 1);
    repository().insert(first);
    assertFalse(repository().replace(2, record("agent-42", 3)));
    assertEquals(first, repository().load("agent-42"));
    CredentialRecord second = record("agent-42", 2);
    assertTrue(repository().replace(1, second));
    assertEquals(second, repository().load("agent-42"), "absent fields are cleared");
    assertFalse(repository().replace(1, record("agent-42", 2)));
    assertFalse(repository().replace(1, record("missing", 2)));
    assertNull(repository().load("missing"));
  }

  @Test
  void replace_storesTheNewRecordAsItIs() {
    repository().insert(record("agent-42", 5));
    CredentialRecord full = fullRecord("agent-42", 6);
    assertTrue(repository().replace(5, full));
    assertEquals(full, repository().load("agent-42"));
  }

  @Test
  void replace_leavesOtherAccountsAlone() {
    repository().insert(record("agent-42", 5));
    repository().insert(record("agent-43", 5));
    assertTrue(repository().replace(5, record("agent-42", 6)));
    assertEquals(5, repository().load("agent-43").version());
  }

  @Test
  void delete_removesWhateverVersion() {
    repository().insert(fullRecord("agent-42", 5));
    repository().insert(record("agent-43", 5));
    assertTrue(repository().delete("agent-42"));
    assertFalse(repository().delete("agent-42"));
    assertNull(repository().load("agent-42"));
    assertEquals(record("agent-43", 5), repository().load("agent-43"));
    assertTrue(repository().insert(record("agent-42", 77)), "a deleted account can start again");
  }

  @Test
  void accountIds_areDataNeverSql() {
    List<String> ids =
        List.of(
            "a'; DROP TABLE two_factor; --",
            "\" OR 1=1 --",
            "ağent İı ١٢٣ 🔐",
            "%_\\",
            "x".repeat(255));
    long version = 1;
    for (String id : ids) {
      assertTrue(repository().insert(record(id, version++)), id);
    }
    version = 1;
    for (String id : ids) {
      assertEquals(record(id, version++), repository().load(id), id);
    }
    assertNull(repository().load("%"));
    assertNull(repository().load("A'; DROP TABLE two_factor; --"));
  }

  @Test
  void concurrentInserts_exactlyOneWins() throws Exception {
    for (int round = 0; round < 20; round++) {
      String id = "agent-" + round;
      List<Boolean> results = race(t -> () -> repository().insert(record(id, t)));
      assertEquals(1, results.stream().filter(b -> b).count(), "round " + round);
      assertNotNull(repository().load(id));
    }
  }

  @Test
  void concurrentReplaces_fromOneVersion_exactlyOneWins() throws Exception {
    repository().insert(record("agent-42", 0));
    for (int version = 0; version < 50; version++) {
      long expected = version;
      List<Boolean> results =
          race(t -> () -> repository().replace(expected, record("agent-42", expected + 1)));
      assertEquals(1, results.stream().filter(b -> b).count(), "version " + version);
      assertEquals(version + 1, repository().load("agent-42").version());
    }
  }

  /** Runs one task per thread, all released at once, and returns their results. */
  private static <T> List<T> race(java.util.function.IntFunction<Callable<T>> task)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Callable<T> work = task.apply(t);
        futures.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  return work.call();
                }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void twoFactor_runsItsWholeFlowOnTheRepository() {
    FakeClock clock = FakeClock.at(START);
    TwoFactor tf =
        TwoFactor.builder()
            .issuer("ACME Help Desk")
            .repository(repository())
            .clock(clock)
            .sealer(AesGcmSecretSealer.builder().currentKey("test", KEY).build())
            .recoveryCodes(FAST_RECOVERY)
            .build();
    Enrollment e = tf.enroll("agent-42", "alice@example.com");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    assertEquals(Reason.ACCEPTED, tf.confirm("agent-42", phone.code(clock)).reason());
    clock.advance(Duration.ofSeconds(30));
    String code = phone.code(clock);
    Verification signedIn = tf.verify("agent-42", code);
    assertEquals(Reason.ACCEPTED, signedIn.reason());
    assertEquals(Reason.REPLAYED, tf.verify("agent-42", code).reason());
    RecoveryCodes codes = tf.generateRecoveryCodes("agent-42", Proof.token(signedIn.proof()));
    assertEquals(Reason.ACCEPTED, tf.redeemRecoveryCode("agent-42", codes.codes().get(3)).reason());
    Verification again = tf.redeemRecoveryCode("agent-42", codes.codes().get(3));
    assertEquals(Reason.MISMATCH, again.reason());
    assertEquals(1, tf.status("agent-42").failures());
    assertEquals(9, tf.status("agent-42").recoveryCodesLeft());
    assertTrue(tf.disable("agent-42", Proof.recoveryCode(codes.codes().get(4))));
    assertNull(repository().load("agent-42"));
    assertEquals(Reason.NOT_ENROLLED, tf.verify("agent-42", code).reason());
    tf.enroll("agent-42", "alice@example.com");
    assertTrue(tf.reset("agent-42", "admin"), "an administrator's reset of a pending enrollment");
    assertNull(repository().load("agent-42"));
    assertFalse(tf.reset("agent-42", "admin"));
  }

  /**
   * Returns the order of account ids that the store under test keeps, which {@link
   * CredentialRepository#page} follows: that of {@link String#compareTo} unless a subclass says
   * otherwise.
   */
  Comparator<String> accountIdOrder() {
    return Comparator.naturalOrder();
  }

  /** Compares by Unicode code points, as a byte-by-byte comparison of UTF-8 does. */
  static int compareCodePoints(String a, String b) {
    return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  private List<String> ids(List<CredentialRecord> records) {
    return records.stream().map(CredentialRecord::accountId).toList();
  }

  @Test
  void page_ofAnEmptyStore_isEmpty() {
    assertEquals(List.of(), repository().page(null, 10));
    assertEquals(List.of(), repository().page("agent-42", 1));
  }

  @Test
  void page_returnsRecordsInTheOrderOfTheirIdsAfterTheCursor() {
    for (String id : List.of("agent-3", "agent-10", "agent-1", "bob", "agent-2", "alice")) {
      assertTrue(repository().insert(record(id, 1)));
    }
    assertEquals(
        List.of("agent-1", "agent-10", "agent-2", "agent-3", "alice", "bob"),
        ids(repository().page(null, 100)));
    assertEquals(List.of("agent-1", "agent-10"), ids(repository().page(null, 2)));
    assertEquals(List.of("agent-2", "agent-3"), ids(repository().page("agent-10", 2)));
    assertEquals(List.of("alice", "bob"), ids(repository().page("agent-3", 2)));
    assertEquals(List.of("bob"), ids(repository().page("alice", 2)), "fewer than the limit");
    assertEquals(List.of(), ids(repository().page("bob", 2)), "the end");
    assertEquals(
        List.of("agent-2", "agent-3", "alice"),
        ids(repository().page("agent-15", 3)),
        "a cursor that is no stored id");
    assertEquals(List.of("agent-1"), ids(repository().page("", 1)));
    assertEquals(List.of(), ids(repository().page("zzz", 5)));
  }

  @Test
  void page_returnsWholeRecordsAsStored() {
    CredentialRecord full = fullRecord("agent-42", 9);
    repository().insert(full);
    repository().insert(record("agent-43", 4));
    assertEquals(List.of(full, record("agent-43", 4)), repository().page(null, 10));
  }

  @Test
  void page_refusesALimitBelowOne() {
    for (int limit : new int[] {0, -1, Integer.MIN_VALUE}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> repository().page(null, limit));
      assertEquals("limit must be at least 1: " + limit, e.getMessage());
    }
  }

  @Test
  void page_walksNonAsciiIdsOnceEachInTheStoresOrder() {
    List<String> ids =
        List.of(
            "z",
            "Z",
            "a",
            "a b",
            "a-b",
            "ağent",
            "é",
            "e\u0301",
            "İ",
            "ı",
            "١٢٣",
            "\uE000",
            "\uFF41",
            "🔐",
            "🔐🔐",
            "\uD83D\uDE00",
            "%_\\");
    long version = 1;
    for (String id : ids) {
      assertTrue(repository().insert(record(id, version++)), id);
    }
    List<String> expected = new ArrayList<>(ids);
    expected.sort(accountIdOrder());
    assertEquals(expected, ids(repository().page(null, 100)));
    for (int limit = 1; limit <= 4; limit++) {
      List<String> walked = new ArrayList<>();
      String after = null;
      List<CredentialRecord> page;
      do {
        page = repository().page(after, limit);
        assertTrue(page.size() <= limit);
        for (CredentialRecord r : page) {
          walked.add(r.accountId());
          after = r.accountId();
        }
      } while (!page.isEmpty());
      assertEquals(expected, walked, "pages of " + limit);
    }
  }
}
