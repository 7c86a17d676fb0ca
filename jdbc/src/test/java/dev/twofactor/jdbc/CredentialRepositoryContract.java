package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.AesGcmSecretSealer;
import dev.twofactor.CredentialRecord;
import dev.twofactor.CredentialRepository;
import dev.twofactor.Enrollment;
import dev.twofactor.InMemoryCredentialRepository;
import dev.twofactor.RecoveryCodePolicy;
import dev.twofactor.RecoveryCodes;
import dev.twofactor.ThrottlePolicy;
import dev.twofactor.TwoFactor;
import dev.twofactor.Verification;
import dev.twofactor.Verification.Reason;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
  private static final int THREADS = 8;

  /** Returns the repository under test, the same one for the whole test method. */
  abstract CredentialRepository repository();

  /** Returns a record with every field set, including 100 recovery codes. */
  static CredentialRecord fullRecord(String accountId, long version) {
    InMemoryCredentialRepository memory = new InMemoryCredentialRepository();
    FakeClock clock = FakeClock.at(START);
    TwoFactor tf =
        TwoFactor.builder()
            .issuer("ACME")
            .repository(memory)
            .clock(clock)
            .recoveryCodes(RecoveryCodePolicy.builder().count(100).iterations(1_000).build())
            .build();
    Enrollment e = tf.enroll(accountId, "alice@example.com");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    assertTrue(tf.confirm(accountId, phone.code(clock)).isAccepted());
    tf.generateRecoveryCodes(accountId);
    CredentialRecord stored = memory.load(accountId);
    assertNotNull(stored);
    return stored.toBuilder()
        .version(version)
        .lastUsedAt(START.plusSeconds(90))
        .drift(-2)
        .pendingSecret("aes-gcm:2026-11:pending", START.plus(Duration.ofMinutes(10)))
        .failures(7)
        .retryAfter(START.plus(Duration.ofHours(1)).plusNanos(123_456_000))
        .build();
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
    assertEquals(4_441, full.recoveryCodes().length(), "100 codes at 1,000 iterations");
  }

  @Test
  void insert_storesTheLockUntilReset() {
    CredentialRecord locked =
        fullRecord("agent-42", 7).toBuilder()
            .failures(100)
            .retryAfter(ThrottlePolicy.UNTIL_RESET)
            .build();
    assertTrue(repository().insert(locked));
    assertEquals(ThrottlePolicy.UNTIL_RESET, repository().load("agent-42").retryAfter());
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
    assertEquals(Reason.ACCEPTED, tf.verify("agent-42", code).reason());
    assertEquals(Reason.REPLAYED, tf.verify("agent-42", code).reason());
    RecoveryCodes codes = tf.generateRecoveryCodes("agent-42");
    assertEquals(Reason.ACCEPTED, tf.redeemRecoveryCode("agent-42", codes.codes().get(3)).reason());
    Verification again = tf.redeemRecoveryCode("agent-42", codes.codes().get(3));
    assertEquals(Reason.MISMATCH, again.reason());
    assertEquals(1, tf.status("agent-42").failures());
    assertEquals(9, tf.status("agent-42").recoveryCodesLeft());
    assertTrue(tf.disable("agent-42"));
    assertNull(repository().load("agent-42"));
    assertEquals(Reason.NOT_ENROLLED, tf.verify("agent-42", code).reason());
  }
}
