package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.AesGcmSecretSealer;
import dev.twofactor.CredentialRecord;
import dev.twofactor.CredentialStatus;
import dev.twofactor.SealedSecretException;
import dev.twofactor.ThrottlePolicy;
import dev.twofactor.TwoFactor;
import dev.twofactor.TwoFactorEvent;
import dev.twofactor.Verification;
import dev.twofactor.Verification.Reason;
import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A table written by version 0.1, migrated with {@link JdbcCredentialRepository#migrateFrom01}: its
 * users sign in with the phones and recovery codes they had, a lock of 0.1 still holds until its
 * time, and a batch re-seal binds every row again, after which the service reads them without
 * {@code legacyRecords}. The rows are made as 0.1 made them ({@link Rows01}), in the 0.1 DDL of
 * each dialect the subclass runs.
 */
abstract class MigrationFrom01Contract {
  static final Instant START = CredentialRepositoryContract.START;
  static final Duration PERIOD = Duration.ofSeconds(30);
  static final String KEY_ID = "2025-05";
  static final byte[] KEY = CredentialRepositoryContract.KEY;

  private final FakeClock clock = FakeClock.at(START);
  private final List<TwoFactorEvent> events = new CopyOnWriteArrayList<>();

  /** Returns the URL of the database, a new one per call where the database allows. */
  abstract String jdbcUrl();

  /** Returns the dialects to migrate on this database. */
  abstract List<Dialect> dialects();

  /** A 0.1 user: the row, the phone that scanned its secret, and its recovery codes. */
  private record User01(Rows01.Row row, SoftwareAuthenticator phone, List<String> recoveryCodes) {
    String id() {
      return row.accountId();
    }
  }

  /** Makes a 0.1 user whose last sign-in was one step ago, with recovery codes if asked. */
  private static User01 user(String accountId, int recoveryCodes) {
    byte[] secret = Rows01.newSecret();
    Rows01.Row row =
        Rows01.Row.active(
                accountId,
                Rows01.seal(KEY_ID, KEY, accountId, secret),
                START.minus(Duration.ofDays(90)))
            .lastStep(step(START) - 1, START.minus(PERIOD));
    List<String> codes = Rows01.newRecoveryCodes(recoveryCodes);
    if (recoveryCodes > 0) {
      row = row.recoveryCodes(Rows01.recoveryCodes(codes, 1_000));
    }
    return new User01(row, SoftwareAuthenticator.scan(Rows01.uri(secret)), codes);
  }

  private static long step(Instant instant) {
    return instant.getEpochSecond() / PERIOD.toSeconds();
  }

  /** Creates a 0.1 table with the users' rows and migrates it. */
  private TestTable migrated(Dialect dialect, List<User01> users) throws Exception {
    TestTable table = TestTable.uncreated(jdbcUrl(), dialect);
    Rows01.createTable(table);
    for (User01 user : users) {
      Rows01.insert(table, user.row());
    }
    table.repository.migrateFrom01(dialect);
    return table;
  }

  private TwoFactor service(TestTable table, boolean legacyRecords) {
    return TwoFactor.builder()
        .issuer("ACME")
        .repository(table.repository)
        .clock(clock)
        .sealer(AesGcmSecretSealer.builder().currentKey(KEY_ID, KEY).build())
        .recoveryCodes(CredentialRepositoryContract.FAST_RECOVERY)
        .legacyRecords(legacyRecords)
        .listener(events::add)
        .build();
  }

  private long count(TwoFactorEvent.Type type) {
    return events.stream().filter(e -> e.type() == type).count();
  }

  @Test
  void migrateFrom01_addsTheColumnsOfThisVersionAndKeepsTheRows() throws Exception {
    for (Dialect dialect : dialects()) {
      User01 alice = user("alice", 3);
      try (TestTable table = migrated(dialect, List.of(alice))) {
        Set<String> keys = new HashSet<>();
        CredentialRecord.fields().forEach(f -> keys.add(f.key()));
        assertEquals(keys, new HashSet<>(table.columns()), dialect.name());
        assertEquals(keys.size(), table.columns().size(), dialect.name());
        CredentialRecord r = table.repository.load("alice");
        assertNotNull(r, dialect.name());
        assertEquals(alice.row().secret(), r.secret());
        assertEquals(alice.row().recoveryCodes(), r.recoveryCodes());
        assertEquals(alice.row().lastStep(), r.lastStep());
        assertEquals(alice.row().confirmedAt(), r.confirmedAt());
        assertNull(r.credentialId(), "a 0.1 secret is bound to no enrollment");
        assertNull(r.algorithm());
        assertNull(r.sources());
        assertEquals(0, r.recoveryFailures());
      }
    }
  }

  @Test
  void migrated01Users_signInWithTheirPhonesAndRecoveryCodes() throws Exception {
    for (Dialect dialect : dialects()) {
      User01 alice = user("alice", 3);
      User01 frank = user("frank", 3);
      User01 ahead = user("ağent 🔐", 0);
      User01 erin = user("erin", 0);
      byte[] pendingSecret = Rows01.newSecret();
      Rows01.Row erinPending =
          erin.row()
              .pending(
                  Rows01.seal(KEY_ID, KEY, "erin", pendingSecret),
                  START.plus(Duration.ofMinutes(5)))
              .locked(2, null);
      User01 erinWithPending = new User01(erinPending, erin.phone(), List.of());
      // A phone whose clock is two steps ahead, as 0.1 learned: a code three steps ahead is in the
      // window only around the learned drift.
      User01 drifted = new User01(ahead.row().drift(2), ahead.phone(), List.of());
      try (TestTable table = migrated(dialect, List.of(alice, frank, drifted, erinWithPending))) {
        TwoFactor tf = service(table, true);
        String used = alice.phone().codeAt(START.minus(PERIOD));
        assertEquals(
            Reason.REPLAYED,
            tf.verify("alice", used).reason(),
            dialect.name() + ": 0.1's replay guard holds");
        String code = alice.phone().code(clock);
        Verification v = tf.verify("alice", code);
        assertEquals(Reason.ACCEPTED, v.reason(), dialect.name());
        assertEquals(Reason.REPLAYED, tf.verify("alice", code).reason());
        assertNotNull(table.text("credential_id", "alice"), "bound again by its first write");
        assertEquals(
            Reason.ACCEPTED, tf.redeemRecoveryCode("alice", alice.recoveryCodes().get(1)).reason());
        assertEquals(2, tf.status("alice").recoveryCodesLeft());

        // A 0.1 recovery code on a row that nothing wrote since the migration.
        assertNull(table.text("credential_id", "frank"));
        Verification recovered =
            tf.redeemRecoveryCode(
                "frank", frank.recoveryCodes().get(2).toUpperCase(java.util.Locale.ROOT));
        assertEquals(Reason.ACCEPTED, recovered.reason(), dialect.name());
        assertEquals(
            Reason.MISMATCH, tf.redeemRecoveryCode("frank", frank.recoveryCodes().get(2)).reason());
        assertEquals(2, tf.status("frank").recoveryCodesLeft());
        assertEquals(Reason.ACCEPTED, tf.verify("frank", frank.phone().code(clock)).reason());

        String aheadCode = ahead.phone().codeAt(clock.instant().plus(PERIOD.multipliedBy(3)));
        Verification accepted = tf.verify("ağent 🔐", aheadCode);
        assertEquals(Reason.ACCEPTED, accepted.reason(), dialect.name());
        assertEquals(3, accepted.drift());

        // 0.1 does not say whether a sealed secret was pending: an unconfirmed replacement is
        // dropped, the active secret keeps working.
        SoftwareAuthenticator pendingPhone = SoftwareAuthenticator.scan(Rows01.uri(pendingSecret));
        assertEquals(Reason.NOT_ENROLLED, tf.confirm("erin", pendingPhone.code(clock)).reason());
        Verification erinSignedIn = tf.verify("erin", erin.phone().code(clock));
        assertEquals(Reason.ACCEPTED, erinSignedIn.reason());
        assertEquals(2, erinSignedIn.failuresSinceLastSuccess(), "0.1's failures count");
        assertNull(table.text("pending_secret", "erin"));
        assertEquals(4, count(TwoFactorEvent.Type.ACCEPTED));
      }
      events.clear();
    }
  }

  @Test
  void migrated01Lock_isStillThrottledUntilItsTime() throws Exception {
    for (Dialect dialect : dialects()) {
      clock.set(START);
      Instant until = START.plus(Duration.ofHours(1)).plusNanos(123_456_000);
      User01 bob = user("bob", 0);
      User01 carol = user("carol", 2);
      User01 dan = user("dan", 0);
      List<User01> users =
          List.of(
              new User01(bob.row().locked(5, until), bob.phone(), List.of()),
              new User01(
                  carol.row().locked(100, ThrottlePolicy.UNTIL_RESET),
                  carol.phone(),
                  carol.recoveryCodes()),
              new User01(dan.row().locked(4, START.minusSeconds(1)), dan.phone(), List.of()));
      try (TestTable table = migrated(dialect, users)) {
        assertEquals(
            "c:-:5:" + (until.getEpochSecond() * 1_000_000 + 123_456),
            table.text("sources", "bob"),
            dialect.name());
        assertEquals(
            "c:-:100:" + ThrottlePolicy.UNTIL_RESET.getEpochSecond() * 1_000_000,
            table.text("sources", "carol"));
        TwoFactor tf = service(table, true);

        Verification throttled = tf.verify("bob", bob.phone().code(clock));
        assertEquals(Reason.THROTTLED, throttled.reason(), dialect.name());
        assertEquals(until, throttled.retryAfter());
        CredentialStatus status = tf.status("bob");
        assertEquals(Optional.of(until), status.lockedUntil());
        assertEquals(5, status.failures());
        clock.set(until.minusNanos(1_000));
        assertEquals(Reason.THROTTLED, tf.verify("bob", bob.phone().code(clock)).reason());
        clock.set(until);
        Verification v = tf.verify("bob", bob.phone().code(clock));
        assertEquals(Reason.ACCEPTED, v.reason());
        assertEquals(5, v.failuresSinceLastSuccess());

        Verification stopped = tf.verify("carol", carol.phone().code(clock));
        assertEquals(Reason.THROTTLED, stopped.reason());
        assertEquals(ThrottlePolicy.UNTIL_RESET, stopped.retryAfter());
        assertEquals(Optional.of(ThrottlePolicy.UNTIL_RESET), tf.status("carol").lockedUntil());
        assertEquals(
            Reason.ACCEPTED,
            tf.redeemRecoveryCode("carol", carol.recoveryCodes().get(0)).reason(),
            "a recovery code ends the lock of codes");
        clock.advance(PERIOD);
        assertEquals(Reason.ACCEPTED, tf.verify("carol", carol.phone().code(clock)).reason());

        assertEquals(
            "c:-:4:" + (START.getEpochSecond() - 1) * 1_000_000, table.text("sources", "dan"));
        assertEquals(Reason.ACCEPTED, tf.verify("dan", dan.phone().code(clock)).reason());
      }
    }
  }

  @Test
  void resealBatch_bindsEveryRowAgain_thenTheServiceReadsThemWithoutLegacyRecords()
      throws Exception {
    for (Dialect dialect : dialects()) {
      clock.set(START);
      events.clear();
      Map<String, User01> users = new LinkedHashMap<>();
      for (String id :
          List.of("agent-1", "agent-2", "Agent-3", "ağent-4", "agent 🔐 5", "ｅ6", "x7", "z8")) {
        users.put(id, user(id, id.length() % 2 == 0 ? 2 : 0));
      }
      try (TestTable table = migrated(dialect, List.copyOf(users.values()))) {
        TwoFactor strict = service(table, false);
        SealedSecretException e =
            assertThrows(
                SealedSecretException.class,
                () -> strict.verify("agent-1", users.get("agent-1").phone().code(clock)));
        assertEquals(
            "credential record of account \"agent-1\" was written by twofactor 0.1: allow legacy"
                + " records (TwoFactor.Builder.legacyRecords(true)) and re-seal every record"
                + " with resealBatch",
            e.getMessage());
        Map<String, @Nullable Object> before = table.row("agent-1");

        TwoFactor legacy = service(table, true);
        List<String> walked = new ArrayList<>();
        Optional<String> next = Optional.empty();
        do {
          next = legacy.resealBatch(next.orElse(null), 3);
          next.ifPresent(walked::add);
        } while (next.isPresent());
        assertEquals(3, walked.size(), "pages of 3, 3 and 2: " + walked);
        assertEquals(table.accountIds().get(users.size() - 1), walked.get(2));
        assertEquals(users.size(), count(TwoFactorEvent.Type.RESEALED), dialect.name());
        assertEquals(Set.of(), legacy.missingKeyIds());

        Map<String, Long> versions = new LinkedHashMap<>();
        for (String id : users.keySet()) {
          Map<String, @Nullable Object> row = table.row(id);
          assertEquals(22, ((String) row.get("credential_id")).length(), id);
          assertEquals("SHA1", row.get("algorithm"), id);
          assertEquals(6, ((Number) row.get("digits")).intValue(), id);
          assertEquals(30, ((Number) row.get("period")).intValue(), id);
          assertTrue(((String) row.get("secret")).startsWith("aes-gcm:" + KEY_ID + ":"), id);
          assertNotEquals(users.get(id).row().secret(), row.get("secret"), id);
          Object codes = row.get("recovery_codes");
          if (users.get(id).recoveryCodes().isEmpty()) {
            assertNull(codes, id);
          } else {
            assertTrue(((String) codes).startsWith("aes-gcm:" + KEY_ID + ":"), id);
          }
          versions.put(id, ((Number) row.get("version")).longValue());
        }
        assertNotEquals(before.get("version"), versions.get("agent-1"));

        assertEquals(Optional.of(walked.get(2)), legacy.resealBatch(null, 100));
        assertEquals(users.size(), count(TwoFactorEvent.Type.RESEALED), "nothing left to re-seal");
        for (String id : users.keySet()) {
          assertEquals(versions.get(id), ((Number) table.row(id).get("version")).longValue(), id);
        }

        for (User01 user : users.values()) {
          assertEquals(
              Reason.ACCEPTED,
              strict.verify(user.id(), user.phone().code(clock)).reason(),
              dialect.name() + " " + user.id());
          if (!user.recoveryCodes().isEmpty()) {
            assertEquals(2, strict.status(user.id()).recoveryCodesLeft());
            assertEquals(
                Reason.ACCEPTED,
                strict.redeemRecoveryCode(user.id(), user.recoveryCodes().get(0)).reason(),
                user.id());
          }
        }
      }
    }
  }
}
