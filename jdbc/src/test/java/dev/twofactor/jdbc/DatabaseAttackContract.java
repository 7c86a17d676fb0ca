package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.AesGcmSecretSealer;
import dev.twofactor.CredentialRecord;
import dev.twofactor.CredentialRepository;
import dev.twofactor.DeviceToken;
import dev.twofactor.Enrollment;
import dev.twofactor.InvalidCredentialRecordException;
import dev.twofactor.Proof;
import dev.twofactor.SealedSecretException;
import dev.twofactor.Secret;
import dev.twofactor.SecretSealer;
import dev.twofactor.TwoFactor;
import dev.twofactor.TwoFactorEvent;
import dev.twofactor.Verification;
import dev.twofactor.Verification.Reason;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A writer of the credential table who is not the library (a leaked database password, a support
 * script, a restored backup) edits rows with plain SQL, and gains nothing: every value that grants
 * access is sealed and bound to its account, purpose and enrollment, recovery codes keep a floor of
 * PBKDF2 iterations even where the seal is plain text, account ids must be well-formed before any
 * SQL, and a row of another account fails closed. Each test asserts that nothing was accepted and,
 * where the service must not write, that the tampered row stayed as the writer left it.
 */
abstract class DatabaseAttackContract {
  static final Duration PERIOD = Duration.ofSeconds(30);
  static final String KEY_ID = "k";

  final FakeClock clock = FakeClock.at(CredentialRepositoryContract.START);
  final List<TwoFactorEvent> events = new CopyOnWriteArrayList<>();
  TestTable table;

  /** Returns a new, empty credential table on the database under test. */
  abstract TestTable newTable() throws SQLException;

  /**
   * Creates the credential table of the dialect, except that {@code account_id} compares without
   * regard to case: a collation a host might choose, which the repository must not be given.
   */
  abstract void createCaseInsensitiveTable(TestTable table) throws SQLException;

  /** Drops what {@link #createCaseInsensitiveTable} made. */
  void dropCaseInsensitiveTable(TestTable table) throws SQLException {
    table.close();
  }

  @BeforeEach
  void createTable() throws SQLException {
    table = newTable();
  }

  @AfterEach
  void dropTable() throws SQLException {
    table.close();
  }

  TwoFactor service(CredentialRepository repository, SecretSealer sealer, boolean legacyRecords) {
    return TwoFactor.builder()
        .issuer("ACME")
        .repository(repository)
        .clock(clock)
        .sealer(sealer)
        .recoveryCodes(CredentialRepositoryContract.FAST_RECOVERY)
        .legacyRecords(legacyRecords)
        .listener(events::add)
        .build();
  }

  TwoFactor service() {
    return service(
        table.repository,
        AesGcmSecretSealer.builder().currentKey(KEY_ID, CredentialRepositoryContract.KEY).build(),
        false);
  }

  /** An active credential: the phone that scanned it and its recovery codes. */
  record Active(SoftwareAuthenticator phone, List<String> recoveryCodes) {}

  /** Enrolls, confirms and generates recovery codes; the clock then moves one period on. */
  Active activate(TwoFactor tf, String accountId) {
    Enrollment e = tf.enroll(accountId, "user@example.com");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    Verification confirmed = tf.confirm(accountId, phone.code(clock));
    assertEquals(Reason.ACCEPTED, confirmed.reason());
    List<String> codes =
        tf.generateRecoveryCodes(accountId, Proof.token(confirmed.proof())).codes();
    clock.advance(PERIOD);
    return new Active(phone, codes);
  }

  long acceptances() {
    return events.stream()
        .filter(
            e ->
                e.type() == TwoFactorEvent.Type.ACCEPTED
                    || e.type() == TwoFactorEvent.Type.RECOVERY_CODE_USED
                    || e.type() == TwoFactorEvent.Type.CONFIRMED
                    || e.type() == TwoFactorEvent.Type.SECRET_REPLACED)
        .count();
  }

  /**
   * Asserts that an attempt fails closed with the exception, leaves the row as it was and accepts
   * nothing.
   */
  <T extends Throwable> T assertFailsClosed(Class<T> type, String accountId, Executable attempt)
      throws SQLException {
    Map<String, @Nullable Object> before = table.row(accountId);
    long accepted = acceptances();
    T thrown = assertThrows(type, attempt::execute);
    assertEquals(before, table.row(accountId), "the row is left as it was");
    assertEquals(accepted, acceptances(), "nothing accepted");
    return thrown;
  }

  // ------------------------------------------------------------------------------ (a)

  @Test
  void ownRecoveryCodesCopiedIntoTheVictimsRow_openNowhere() throws Exception {
    TwoFactor tf = service();
    Active victim = activate(tf, "victim");
    Active mallory = activate(tf, "mallory");
    table.set("recovery_codes", table.text("recovery_codes", "mallory"), "victim");

    SealedSecretException e =
        assertFailsClosed(
            SealedSecretException.class,
            "victim",
            () -> tf.redeemRecoveryCode("victim", mallory.recoveryCodes().get(0)));
    assertEquals(
        "credential record of account \"victim\", key \"recovery_codes\": authentication failed"
            + " under key id \"k\": the sealed text was altered, belongs to another account, field"
            + " or enrollment, or was sealed under another key with this id",
        e.getMessage());
    assertFailsClosed(
        SealedSecretException.class,
        "victim",
        () -> tf.redeemRecoveryCode("victim", victim.recoveryCodes().get(0)));
    assertFailsClosed(SealedSecretException.class, "victim", () -> tf.status("victim"));
    assertFailsClosed(
        SealedSecretException.class,
        "victim",
        () ->
            tf.generateRecoveryCodes("victim", Proof.recoveryCode(mallory.recoveryCodes().get(1))));

    // With her credential id too, the codes are still bound to her account, and the victim's
    // secret no longer opens: on a node that did not open it before (one that did keeps the
    // opened secret for the unchanged sealed text).
    table.set("credential_id", table.text("credential_id", "mallory"), "victim");
    TwoFactor otherNode = service();
    assertFailsClosed(
        SealedSecretException.class,
        "victim",
        () -> otherNode.redeemRecoveryCode("victim", mallory.recoveryCodes().get(2)));
    assertFailsClosed(
        SealedSecretException.class,
        "victim",
        () -> otherNode.verify("victim", mallory.phone().code(clock)));
    assertFailsClosed(
        SealedSecretException.class,
        "victim",
        () -> otherNode.verify("victim", victim.phone().code(clock)));
    assertEquals(
        Reason.ACCEPTED, tf.redeemRecoveryCode("mallory", mallory.recoveryCodes().get(0)).reason());
  }

  @Test
  void ownTrustedBrowsersCopiedIntoTheVictimsRow_openNowhere() throws Exception {
    TwoFactor tf = service();
    activate(tf, "victim");
    Active mallory = activate(tf, "mallory");
    Verification signIn = tf.verify("mallory", mallory.phone().code(clock));
    DeviceToken token = tf.trustDevice("mallory", Proof.token(signIn.proof()), "Mallory's laptop");
    table.set("devices", table.text("devices", "mallory"), "victim");

    assertFailsClosed(
        SealedSecretException.class, "victim", () -> tf.verifyDevice("victim", token.token()));
    assertFailsClosed(SealedSecretException.class, "victim", () -> tf.status("victim"));
    // With her credential id too, the list is still bound to her account.
    table.set("credential_id", table.text("credential_id", "mallory"), "victim");
    assertFailsClosed(
        SealedSecretException.class,
        "victim",
        () -> service().verifyDevice("victim", token.token()));
    assertEquals(Reason.ACCEPTED, tf.verifyDevice("mallory", token.token()).reason());
  }

  // ------------------------------------------------------------------------------ (b)

  /**
   * Returns a recovery code set in 0.1's plain form, and its codes, whose stored form names an
   * iteration count: the hashes are of one iteration, so that a count of 1 makes them right, and no
   * count takes long to forge.
   */
  private static Map.Entry<String, List<String>> weakRecoveryCodes(int iterations) {
    List<String> codes = Rows01.newRecoveryCodes(3);
    String oneIteration = Rows01.recoveryCodes(codes, 1);
    return Map.entry(
        oneIteration.replace("pbkdf2-sha256:1:", "pbkdf2-sha256:" + iterations + ":"), codes);
  }

  @Test
  void weakRecoveryCodesInPlainText_areRefused() throws Exception {
    TwoFactor tf = service();
    activate(tf, "victim");
    Map.Entry<String, List<String>> weak = weakRecoveryCodes(1);
    table.set("recovery_codes", weak.getKey(), "victim");
    SealedSecretException e =
        assertFailsClosed(
            SealedSecretException.class,
            "victim",
            () -> tf.redeemRecoveryCode("victim", weak.getValue().get(0)));
    assertEquals(
        "credential record of account \"victim\", key \"recovery_codes\": not sealed by"
            + " AesGcmSecretSealer (expected \"aes-gcm:<key id>:...\")",
        e.getMessage());
  }

  @Test
  void weakRecoveryCodesInA01Row_areRefusedEvenWithLegacyRecords() throws Exception {
    byte[] secret = Rows01.newSecret();
    Map.Entry<String, List<String>> weak = weakRecoveryCodes(1);
    CredentialRecord row01 =
        CredentialRecord.builder("victim")
            .version(3)
            .secret(
                Rows01.seal(KEY_ID, CredentialRepositoryContract.KEY, "victim", secret),
                clock.instant())
            .recoveryCodes(weak.getKey())
            .build();
    assertTrue(table.repository.insert(row01));
    TwoFactor legacy =
        service(
            table.repository,
            AesGcmSecretSealer.builder()
                .currentKey(KEY_ID, CredentialRepositoryContract.KEY)
                .build(),
            true);
    InvalidCredentialRecordException e =
        assertFailsClosed(
            InvalidCredentialRecordException.class,
            "victim",
            () -> legacy.redeemRecoveryCode("victim", weak.getValue().get(0)));
    assertEquals(
        "credential record key \"recovery_codes\" of account \"victim\": iterations must be"
            + " between 1000 and 4000, four times the policy's: 1",
        e.getMessage());
    assertEquals("recovery_codes", e.key());
    assertFailsClosed(
        InvalidCredentialRecordException.class, "victim", () -> legacy.resealBatch(null, 10));
  }

  @Test
  void weakRecoveryCodesSealedByThePlainTextSealer_areRefused() throws Exception {
    TwoFactor tf = service(table.repository, SecretSealer.insecurePlainText(), false);
    Active victim = activate(tf, "victim");
    // The plain-text sealer's value is "plain:", the value in Base64url, a dot and a digest of
    // what it is bound to, which anyone can compute or keep: a writer can forge any value.
    String stored = table.text("recovery_codes", "victim");
    assertNotNull(stored);
    String binding = stored.substring(stored.lastIndexOf('.'));
    for (int iterations : new int[] {1, 999, 4_001, 100_000_000}) {
      Map.Entry<String, List<String>> weak = weakRecoveryCodes(iterations);
      String forged =
          "plain:"
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(weak.getKey().getBytes(StandardCharsets.US_ASCII))
              + binding;
      table.set("recovery_codes", forged, "victim");
      InvalidCredentialRecordException e =
          assertFailsClosed(
              InvalidCredentialRecordException.class,
              "victim",
              () -> tf.redeemRecoveryCode("victim", weak.getValue().get(1)));
      assertEquals(
          "credential record key \"recovery_codes\" of account \"victim\": iterations must be"
              + " between 1000 and 4000, four times the policy's: "
              + iterations,
          e.getMessage());
    }
    table.set("recovery_codes", stored, "victim");
    assertEquals(
        Reason.ACCEPTED, tf.redeemRecoveryCode("victim", victim.recoveryCodes().get(0)).reason());
  }

  // ------------------------------------------------------------------------------ (c)

  @Test
  void pendingSecretCopiedIntoTheActiveOne_doesNotSignIn() throws Exception {
    TwoFactor tf = service();
    // Someone started an enrollment for the victim (a session left open) and has its QR code,
    // but never confirmed it.
    Enrollment pending = tf.enroll("victim", "victim@example.com");
    SoftwareAuthenticator attacker = SoftwareAuthenticator.scan(pending.uri().toUriString());
    copyPendingIntoActive("victim");
    SealedSecretException e =
        assertFailsClosed(
            SealedSecretException.class, "victim", () -> tf.verify("victim", attacker.code(clock)));
    assertEquals(
        "credential record of account \"victim\", key \"secret\": authentication failed under"
            + " key id \"k\": the sealed text was altered, belongs to another account, field or"
            + " enrollment, or was sealed under another key with this id",
        e.getMessage());
    assertFailsClosed(
        SealedSecretException.class,
        "victim",
        () -> tf.resynchronize("victim", attacker.code(clock), attacker.codeAt(next())));
  }

  @Test
  void pendingReplacementCopiedIntoTheActiveOne_doesNotSignIn() throws Exception {
    TwoFactor tf = service();
    Active victim = activate(tf, "victim");
    Enrollment replacement =
        tf.enroll(
            "victim", "victim@example.com", Proof.recoveryCode(victim.recoveryCodes().get(0)));
    SoftwareAuthenticator seen = SoftwareAuthenticator.scan(replacement.uri().toUriString());
    copyPendingIntoActive("victim");
    assertFailsClosed(
        SealedSecretException.class, "victim", () -> tf.verify("victim", seen.code(clock)));
    assertFailsClosed(
        SealedSecretException.class,
        "victim",
        () -> tf.verify("victim", victim.phone().code(clock)));
  }

  @Test
  void pendingSecretDisguisedAsA01Secret_doesNotSignInWithLegacyRecords() throws Exception {
    TwoFactor tf = service();
    Enrollment pending = tf.enroll("victim", "victim@example.com");
    SoftwareAuthenticator attacker = SoftwareAuthenticator.scan(pending.uri().toUriString());
    // A row without credential_id reads as one of 0.1, whose secrets were bound to the account
    // alone; a sealed value of this version is bound to more, and does not open that way.
    table.set("secret", table.text("pending_secret", "victim"), "victim");
    table.set("confirmed_at", clock.instant(), "victim");
    table.set("pending_id", null, "victim");
    table.set("pending_secret", null, "victim");
    table.set("pending_expires_at", null, "victim");
    TwoFactor legacy =
        service(
            table.repository,
            AesGcmSecretSealer.builder()
                .currentKey(KEY_ID, CredentialRepositoryContract.KEY)
                .build(),
            true);
    SealedSecretException e =
        assertFailsClosed(
            SealedSecretException.class,
            "victim",
            () -> legacy.verify("victim", attacker.code(clock)));
    assertTrue(
        e.getMessage().startsWith("credential record of account \"victim\", key \"secret\":"));
    assertFailsClosed(SealedSecretException.class, "victim", () -> legacy.resealBatch(null, 10));
  }

  private void copyPendingIntoActive(String accountId) throws SQLException {
    table.set("secret", table.text("pending_secret", accountId), accountId);
    table.set("credential_id", table.text("pending_id", accountId), accountId);
    table.set("confirmed_at", clock.instant(), accountId);
    table.set("algorithm", "SHA1", accountId);
    table.set("digits", 6, accountId);
    table.set("period", 30, accountId);
  }

  private java.time.Instant next() {
    return clock.instant().plus(PERIOD);
  }

  // ------------------------------------------------------------------------------ (d)

  @Test
  void oldSecretRestoredFromABackup_doesNotSignInUnlessTheWholeRowIs() throws Exception {
    TwoFactor tf = service();
    Active before = activate(tf, "victim");
    Map<String, @Nullable Object> backup = table.row("victim");
    // The victim replaces the secret (a new phone); the old one may have been seen by someone.
    Enrollment replacement =
        tf.enroll("victim", "victim@example.com", Proof.code(before.phone().code(clock)));
    SoftwareAuthenticator newPhone = SoftwareAuthenticator.scan(replacement.uri().toUriString());
    assertEquals(Reason.ACCEPTED, tf.confirm("victim", newPhone.code(clock)).reason());
    clock.advance(PERIOD);
    assertNotEquals(backup.get("credential_id"), table.text("credential_id", "victim"));
    assertRestoredSecretFailsClosed(tf, backup, before.phone(), newPhone);
  }

  @Test
  void oldSecretRestoredAfterAResetAndANewEnrollment_doesNotSignInUnlessTheWholeRowIs()
      throws Exception {
    TwoFactor tf = service();
    Active before = activate(tf, "victim");
    Map<String, @Nullable Object> backup = table.row("victim");
    assertTrue(tf.reset("victim", "admin"));
    Active after = activate(tf, "victim");
    assertRestoredSecretFailsClosed(tf, backup, before.phone(), after.phone());
  }

  private void assertRestoredSecretFailsClosed(
      TwoFactor tf,
      Map<String, @Nullable Object> backup,
      SoftwareAuthenticator oldPhone,
      SoftwareAuthenticator newPhone)
      throws SQLException {
    table.set("secret", backup.get("secret"), "victim");
    assertFailsClosed(
        SealedSecretException.class, "victim", () -> tf.verify("victim", oldPhone.code(clock)));
    assertFailsClosed(
        SealedSecretException.class, "victim", () -> tf.verify("victim", newPhone.code(clock)));
    // The old secret with the old recovery codes is no better.
    table.set("recovery_codes", backup.get("recovery_codes"), "victim");
    assertFailsClosed(
        SealedSecretException.class, "victim", () -> tf.verify("victim", oldPhone.code(clock)));

    // The known limit: a writer who restores the whole old row (its enrollment id with its sealed
    // values) restores the old credential, which the database alone cannot tell from the current
    // one. Backups of the table need the protection of the table itself.
    for (Map.Entry<String, @Nullable Object> column : backup.entrySet()) {
      if (!column.getKey().equals("account_id")) {
        table.set(column.getKey(), column.getValue(), "victim");
      }
    }
    assertEquals(Reason.ACCEPTED, tf.verify("victim", oldPhone.code(clock)).reason());
  }

  // ------------------------------------------------------------------------------ (e)

  @Test
  void accountIdWithALoneSurrogate_isRefusedBeforeAnySql() throws Exception {
    RecordingDataSource recording = new RecordingDataSource(table.pool);
    JdbcCredentialRepository repository =
        JdbcCredentialRepository.builder(recording).table(table.name).build();
    TwoFactor tf =
        service(
            repository,
            AesGcmSecretSealer.builder()
                .currentKey(KEY_ID, CredentialRepositoryContract.KEY)
                .build(),
            false);
    Active bob = activate(tf, "bob");
    Active bobKey = activate(tf, "bob\uD83D\uDD10");
    recording.takeVerbs();
    String lone = "bob\uD800";
    List<Executable> operations =
        List.of(
            () -> tf.enroll(lone, "bob@example.com"),
            () -> tf.enroll(lone, "bob@example.com", Proof.code("123456")),
            () -> tf.confirm(lone, "123456"),
            () -> tf.verify(lone, bob.phone().code(clock)),
            () -> tf.resynchronize(lone, "123456", "654321"),
            () -> tf.redeemRecoveryCode(lone, bob.recoveryCodes().get(0)),
            () -> tf.generateRecoveryCodes(lone, Proof.code("123456")),
            () -> tf.disable(lone, Proof.code("123456")),
            () -> tf.reset(lone, "admin"),
            () -> tf.unlock(lone, "admin"),
            () -> tf.importCredential(lone, Secret.generate(), "admin"),
            () -> tf.export(lone, "bob@example.com", "admin"),
            () -> tf.status(lone));
    for (Executable operation : operations) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, operation::execute);
      assertEquals(
          "accountId must be well-formed UTF-16: a lone surrogate U+D800 at index 3",
          e.getMessage());
    }
    assertEquals(List.of(), recording.takeVerbs(), "no SQL for an id that is not well-formed");

    Map<String, @Nullable Object> bobRow = table.row("bob");
    Map<String, @Nullable Object> bobKeyRow = table.row("bob\uD83D\uDD10");
    tf.enroll("bob?", "bob@example.com");
    assertEquals(List.of("SELECT", "INSERT"), recording.takeVerbs());
    assertEquals(bobRow, table.row("bob"));
    assertEquals(bobKeyRow, table.row("bob\uD83D\uDD10"));
    assertEquals(List.of("bob", "bob?", "bob\uD83D\uDD10"), table.accountIds());
    assertEquals(Reason.ACCEPTED, tf.verify("bob", bob.phone().code(clock)).reason());
    assertEquals(
        Reason.ACCEPTED, tf.verify("bob\uD83D\uDD10", bobKey.phone().code(clock)).reason());
    assertEquals(Reason.NOT_ENROLLED, tf.verify("bob?", bob.phone().code(clock)).reason());
  }

  /** An operation that may throw anything, for a list of them. */
  @FunctionalInterface
  interface Executable {
    void execute() throws Throwable;
  }

  // ------------------------------------------------------------------------------ (f)

  @Test
  void rowOfAnotherAccount_failsClosed() throws Exception {
    TwoFactor tf = service();
    Active bob = activate(tf, "Bob");
    // A repository that answers for "bob" with the row of "Bob", as a store whose key does not
    // compare exactly would.
    CredentialRepository confused =
        new CredentialRepository() {
          @Override
          public @Nullable CredentialRecord load(String accountId) {
            return table.repository.load(accountId.equals("bob") ? "Bob" : accountId);
          }

          @Override
          public boolean insert(CredentialRecord record) {
            return table.repository.insert(record);
          }

          @Override
          public boolean replace(long expectedVersion, CredentialRecord record) {
            return table.repository.replace(expectedVersion, record);
          }

          @Override
          public List<CredentialRecord> page(@Nullable String afterAccountId, int limit) {
            return table.repository.page(afterAccountId, limit);
          }

          @Override
          public boolean delete(String accountId) {
            return table.repository.delete(accountId);
          }
        };
    TwoFactor confusedService =
        service(
            confused,
            AesGcmSecretSealer.builder()
                .currentKey(KEY_ID, CredentialRepositoryContract.KEY)
                .build(),
            false);
    assertForeignRowFailsClosed(confusedService, bob);
  }

  @Test
  void caseInsensitiveAccountIds_failClosed() throws Exception {
    TestTable caseInsensitive = TestTable.uncreated(jdbcUrlOf(table), table.dialect);
    try {
      createCaseInsensitiveTable(caseInsensitive);
      TestTable plain = table;
      table = caseInsensitive;
      try {
        TwoFactor tf =
            service(
                caseInsensitive.repository,
                AesGcmSecretSealer.builder()
                    .currentKey(KEY_ID, CredentialRepositoryContract.KEY)
                    .build(),
                false);
        Active bob = activate(tf, "Bob");
        assertNotNull(caseInsensitive.repository.load("bob"), "the table's key ignores case");
        assertForeignRowFailsClosed(tf, bob);
      } finally {
        table = plain;
      }
    } finally {
      dropCaseInsensitiveTable(caseInsensitive);
    }
  }

  private static String jdbcUrlOf(TestTable table) {
    return table.pool.getJdbcUrl();
  }

  private void assertForeignRowFailsClosed(TwoFactor tf, Active bob) throws SQLException {
    String message =
        "the repository returned the record of account \"Bob\" for account \"bob\": its key"
            + " column must compare exactly (a binary, deterministic collation)";
    String code = bob.phone().code(clock);
    List<Executable> operations =
        List.of(
            () -> tf.verify("bob", code),
            () -> tf.confirm("bob", code),
            () -> tf.redeemRecoveryCode("bob", bob.recoveryCodes().get(0)),
            () -> tf.enroll("bob", "bob@example.com"),
            () -> tf.generateRecoveryCodes("bob", Proof.code(code)),
            () -> tf.disable("bob", Proof.recoveryCode(bob.recoveryCodes().get(1))),
            () -> tf.reset("bob", "admin"),
            () -> tf.unlock("bob", "admin"),
            () -> tf.importCredential("bob", Secret.generate(), "admin"),
            () -> tf.status("bob"));
    for (Executable operation : operations) {
      InvalidCredentialRecordException e =
          assertFailsClosed(InvalidCredentialRecordException.class, "Bob", operation);
      assertEquals(message, e.getMessage());
      assertEquals("account_id", e.key());
    }
    assertEquals(List.of("Bob"), table.accountIds());
    assertEquals(Reason.ACCEPTED, tf.verify("Bob", code).reason(), "Bob's own code, unused");
  }
}
