package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Verification.Reason;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The findings of the adversarial review of version 0.1, each as the attack that worked then: a
 * lock-out used as a weapon, a database writer who copies or forges values, a stolen session that
 * swaps the factor, account ids that collide or forge log lines, and what answers and timing told.
 * Every one of them passed against 0.1; the guessing attacker is {@link GuessingSimulationTest}.
 */
final class TwoFactorHardeningTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration PERIOD = Duration.ofSeconds(30);
  private static final byte[] KEY = new byte[32];
  private static final String VICTIM = "victim";
  private static final RequestContext USER = RequestContext.of("198.51.100.1", "user's browser");
  private static final RequestContext ATTACKER = RequestContext.of("203.0.113.7", "curl");

  private final FakeClock clock = FakeClock.at(START);
  private final InMemoryCredentialRepository repository = new InMemoryCredentialRepository();
  private final List<TwoFactorEvent> events = new ArrayList<>();

  private TwoFactor service() {
    return TwoFactor.builder()
        .issuer("ACME")
        .clock(clock)
        .repository(repository)
        .sealer(AesGcmSecretSealer.builder().currentKey("k1", KEY).build())
        .recoveryCodes(TwoFactorTest.FAST_RECOVERY)
        .listener(events::add)
        .build();
  }

  /** Enrolls and confirms from the user's browser; returns the phone. */
  private SoftwareAuthenticator activate(TwoFactor tf, String accountId) {
    TwoFactor user = tf.withContext(USER);
    Enrollment e = user.enroll(accountId, accountId + "@example.com");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    assertTrue(user.confirm(accountId, phone.code(clock)).isAccepted());
    clock.advance(PERIOD);
    return phone;
  }

  private RecoveryCodes recoveryCodes(TwoFactor tf, String accountId, SoftwareAuthenticator phone) {
    RecoveryCodes codes =
        tf.withContext(USER).generateRecoveryCodes(accountId, Proof.code(phone.code(clock)));
    clock.advance(PERIOD);
    return codes;
  }

  /** Replaces a stored record as a database writer would, bypassing the service. */
  private void write(String accountId, UnaryOperator<CredentialRecord.Builder> change) {
    CredentialRecord r = repository.load(accountId);
    assertTrue(
        repository.replace(
            r.version(), change.apply(r.toBuilder().version(r.version() + 1)).build()));
  }

  // ---------------------------------------------------------------- lock-out as a weapon

  @Test
  void lockOutAttacker_cannotKeepTheUserOutOfCodesOrRecoveryCodes() {
    TwoFactor tf = service();
    SoftwareAuthenticator phone = activate(tf, VICTIM);
    RecoveryCodes recovery = recoveryCodes(tf, VICTIM, phone);
    TwoFactor user = tf.withContext(USER);
    int userIn = 0;
    int hours = 30 * 24;
    int address = 0;
    for (int hour = 0; hour < hours; hour++) {
      // Every hour the attacker, who knows the password, sends wrong codes and wrong recovery
      // codes, each from a new address, until both are throttled.
      TwoFactor attacker;
      do {
        attacker = tf.withContext(RequestContext.of("203.0.113." + address++ % 250, "curl"));
      } while (attacker.verify(VICTIM, TwoFactorTest.wrongCode(phone, clock.instant())).reason()
          != Reason.THROTTLED);
      for (int i = 0; hour % 24 == 0 && i < 6; i++) {
        assertEquals(
            Reason.MISMATCH, attacker.redeemRecoveryCode(VICTIM, "0000-0000-0000").reason());
      }
      clock.advance(Duration.ofMinutes(1));
      if (user.verify(VICTIM, phone.code(clock)).isAccepted()) {
        userIn++;
      }
      clock.advance(Duration.ofMinutes(59));
    }
    assertEquals(hours, userIn, "the user at the usual address signs in every time");
    // From a new address (a hotel), codes wait for the strangers' budget, which the attacker
    // spends, but recovery codes are never locked by any of it.
    while (tf.withContext(RequestContext.of("203.0.113." + address++ % 250, "curl"))
            .verify(VICTIM, TwoFactorTest.wrongCode(phone, clock.instant()))
            .reason()
        != Reason.THROTTLED) {}
    TwoFactor travelling = tf.withContext(RequestContext.of("192.0.2.50", "hotel"));
    assertEquals(Reason.THROTTLED, travelling.verify(VICTIM, phone.code(clock)).reason());
    Verification rescued = travelling.redeemRecoveryCode(VICTIM, recovery.codes().get(0));
    assertTrue(rescued.isAccepted());
    assertTrue(rescued.failuresSinceLastSuccess() > 0, "the user learns the password is known");
    clock.advance(PERIOD);
    assertTrue(travelling.verify(VICTIM, phone.code(clock)).isAccepted(), "and the lock is over");
  }

  @Test
  void unlock_endsEveryLockAndKeepsTheCredential() {
    TwoFactor tf = service();
    SoftwareAuthenticator phone = activate(tf, VICTIM);
    RecoveryCodes recovery = recoveryCodes(tf, VICTIM, phone);
    TwoFactor attacker = tf.withContext(ATTACKER);
    while (attacker.verify(VICTIM, TwoFactorTest.wrongCode(phone, clock.instant())).reason()
        != Reason.THROTTLED) {}
    assertTrue(tf.status(VICTIM).lockedUntil().isPresent());
    events.clear();
    assertTrue(tf.unlock(VICTIM, "helpdesk-admin"));
    assertEquals(Optional.empty(), tf.status(VICTIM).lockedUntil());
    assertEquals(0, tf.status(VICTIM).failures());
    assertEquals(10, tf.status(VICTIM).recoveryCodesLeft());
    assertEquals(TwoFactorEvent.Type.UNLOCKED, events.get(0).type());
    assertEquals(Optional.of("helpdesk-admin"), events.get(0).actor());
    assertTrue(attacker.verify(VICTIM, phone.code(clock)).isAccepted());
    assertTrue(tf.redeemRecoveryCode(VICTIM, recovery.codes().get(0)).isAccepted());
    assertFalse(tf.unlock("nobody", "helpdesk-admin"));
  }

  // ---------------------------------------------------------------- a database writer

  @Test
  void databaseWriter_copyingTheirOwnRecoveryCodesIntoTheVictimsRowGainsNothing() {
    TwoFactor tf = service();
    SoftwareAuthenticator victimPhone = activate(tf, VICTIM);
    recoveryCodes(tf, VICTIM, victimPhone);
    SoftwareAuthenticator attackerPhone = activate(tf, "mallory");
    RecoveryCodes own = recoveryCodes(tf, "mallory", attackerPhone);
    String copied = repository.load("mallory").recoveryCodes();
    write(VICTIM, b -> b.recoveryCodes(copied));
    CredentialRecord before = repository.load(VICTIM);
    SealedSecretException e =
        assertThrows(
            SealedSecretException.class, () -> tf.redeemRecoveryCode(VICTIM, own.codes().get(0)));
    assertTrue(e.getMessage().startsWith("credential record of account \"victim\", key"));
    assertEquals(before, repository.load(VICTIM), "nothing accepted, nothing changed");
  }

  @Test
  void databaseWriter_aPendingSecretCopiedIntoTheActiveOneDoesNotSignIn() {
    TwoFactor tf = service();
    SoftwareAuthenticator phone = activate(tf, VICTIM);
    // The attacker starts an enrollment they can complete themselves (in their own session they
    // cannot confirm it without the victim's factor), then writes it over the active secret.
    Enrollment pending = tf.enroll(VICTIM, "x", Proof.code(phone.code(clock)));
    SoftwareAuthenticator attackerPhone = SoftwareAuthenticator.scan(pending.uri().toUriString());
    CredentialRecord r = repository.load(VICTIM);
    write(
        VICTIM,
        b ->
            b.set(CredentialRecord.CREDENTIAL_ID, r.pendingId())
                .secret(r.pendingSecret(), r.confirmedAt()));
    clock.advance(PERIOD);
    assertThrows(SealedSecretException.class, () -> tf.verify(VICTIM, attackerPhone.code(clock)));
  }

  @Test
  void databaseWriter_anOldSecretRestoredFromABackupDoesNotSignIn() {
    TwoFactor tf = service();
    SoftwareAuthenticator oldPhone = activate(tf, VICTIM);
    CredentialRecord backup = repository.load(VICTIM);
    assertTrue(tf.reset(VICTIM, "admin"));
    activate(tf, VICTIM);
    write(VICTIM, b -> b.secret(backup.secret(), backup.confirmedAt()));
    assertThrows(SealedSecretException.class, () -> tf.verify(VICTIM, oldPhone.code(clock)));
    // The limit of what a database can protect alone: a writer who restores the whole old row
    // brings the old credential back. Preventing that needs state outside the database.
    write(
        VICTIM,
        b ->
            b.set(CredentialRecord.CREDENTIAL_ID, backup.credentialId())
                .secret(backup.secret(), backup.confirmedAt())
                .lastStep(backup.lastStep()));
    clock.advance(PERIOD);
    assertTrue(tf.verify(VICTIM, oldPhone.code(clock)).isAccepted());
  }

  @Test
  void databaseWriter_cheaperCodeParametersDoNotOpen() {
    TwoFactor tf = service();
    SoftwareAuthenticator phone = activate(tf, VICTIM);
    write(VICTIM, b -> b.set(CredentialRecord.PERIOD, 60));
    assertThrows(SealedSecretException.class, () -> tf.verify(VICTIM, phone.code(clock)));
  }

  @Test
  void databaseWriter_changedParametersDoNotOpenOnANodeThatHoldsTheSecretOpened() {
    TwoFactor tf = service();
    SoftwareAuthenticator phone = activate(tf, VICTIM);
    assertTrue(tf.verify(VICTIM, phone.code(clock)).isAccepted());
    assertEquals(1, tf.cachedSecrets());
    CredentialRecord original = repository.load(VICTIM);
    List<UnaryOperator<CredentialRecord.Builder>> changes =
        List.of(
            b -> b.set(CredentialRecord.ALGORITHM, "SHA256"),
            // (DIGITS needs a code of the new length: the next test.)
            b -> b.set(CredentialRecord.PERIOD, 60),
            b -> b.set(CredentialRecord.CREDENTIAL_ID, "C".repeat(22)));
    for (UnaryOperator<CredentialRecord.Builder> change : changes) {
      write(VICTIM, change);
      clock.advance(PERIOD);
      assertThrows(
          SealedSecretException.class,
          () -> tf.verify(VICTIM, phone.code(clock)),
          repository.load(VICTIM).toString());
      write(
          VICTIM,
          b ->
              b.set(CredentialRecord.ALGORITHM, original.algorithm())
                  .set(CredentialRecord.DIGITS, original.digits())
                  .set(CredentialRecord.PERIOD, original.period())
                  .set(CredentialRecord.CREDENTIAL_ID, original.credentialId()));
      clock.advance(PERIOD);
      assertTrue(tf.verify(VICTIM, phone.code(clock)).isAccepted(), "restored");
    }
  }

  @Test
  void databaseWriter_moreDigitsDoNotOpenOnANodeThatHoldsTheSecretOpened() {
    TwoFactor tf = service();
    TwoFactor user = tf.withContext(USER);
    Enrollment e = user.enroll(VICTIM, "victim@example.com");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    assertTrue(user.confirm(VICTIM, phone.code(clock)).isAccepted());
    clock.advance(PERIOD);
    assertTrue(tf.verify(VICTIM, phone.code(clock)).isAccepted());
    assertEquals(1, tf.cachedSecrets());
    SoftwareAuthenticator eightDigits =
        SoftwareAuthenticator.scan(
            OtpAuthUri.totp(e.uri().secret())
                .issuer("ACME")
                .account("victim")
                .digits(8)
                .build()
                .toUriString());
    write(VICTIM, b -> b.set(CredentialRecord.DIGITS, 8));
    clock.advance(PERIOD);
    assertThrows(SealedSecretException.class, () -> tf.verify(VICTIM, eightDigits.code(clock)));
  }

  @Test
  void databaseWriter_aVersion01RecoveryCodeSetWithOneIterationIsRefused() {
    TwoFactor tf =
        TwoFactor.builder()
            .issuer("ACME")
            .clock(clock)
            .repository(repository)
            .sealer(SecretSealer.insecurePlainText())
            .legacyRecords(true)
            .build();
    Secret secret = Secret.generate();
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            OtpAuthUri.totp(secret).issuer("ACME").account("v").build().toUriString());
    char[] code = RecoveryCodeSet.normalize("0000-0000-0001");
    String cheap = RecoveryCodeSet.create(new char[][] {code}, 1, new SecureRandom()).encode();
    assertTrue(cheap.startsWith("pbkdf2-sha256:1:"));
    repository.insert(
        CredentialRecord.builder(VICTIM)
            .version(1)
            .secret("plain:" + secret.toBase32(), START)
            .recoveryCodes(cheap)
            .build());
    InvalidCredentialRecordException e =
        assertThrows(
            InvalidCredentialRecordException.class,
            () -> tf.redeemRecoveryCode(VICTIM, "0000-0000-0001"));
    assertEquals(
        "credential record key \"recovery_codes\" of account \"victim\": iterations must be"
            + " between 1000 and 400000, four times the policy's: 1",
        e.getMessage());
    // 10^8 iterations would make every attempt a denial of service: refused before hashing.
    String costly = cheap.replace("pbkdf2-sha256:1:", "pbkdf2-sha256:100000000:");
    write(VICTIM, b -> b.recoveryCodes(costly));
    assertThrows(
        InvalidCredentialRecordException.class,
        () -> tf.redeemRecoveryCode(VICTIM, "0000-0000-0001"));
    // A record with a set that does not read fails closed for every operation; without it, the
    // 0.1 secret works and is bound again.
    assertThrows(
        InvalidCredentialRecordException.class, () -> tf.verify(VICTIM, phone.code(clock)));
    write(VICTIM, b -> b.recoveryCodes(null));
    assertTrue(tf.verify(VICTIM, phone.code(clock)).isAccepted(), "the 0.1 secret still works");
    assertFalse(repository.load(VICTIM).isLegacy());
  }

  @Test
  void repository_returningAnotherAccountsRecordFailsClosed() {
    TwoFactor real = service();
    SoftwareAuthenticator phone = activate(real, "bob?");
    // A store whose key column folds what it compares (a case-insensitive or replacing collation)
    // returns another account's row for an id.
    CredentialRepository folding =
        new TwoFactorTest.DelegatingRepository(repository) {
          @Override
          public CredentialRecord load(String accountId) {
            return repository.load(accountId.replace('\uD800', '?').replace('B', 'b'));
          }
        };
    TwoFactor tf =
        TwoFactor.builder()
            .issuer("ACME")
            .clock(clock)
            .repository(folding)
            .sealer(AesGcmSecretSealer.builder().currentKey("k1", KEY).build())
            .build();
    InvalidCredentialRecordException e =
        assertThrows(
            InvalidCredentialRecordException.class, () -> tf.verify("Bob?", phone.code(clock)));
    assertEquals(
        "the repository returned the record of account \"bob?\" for account \"Bob?\": its key"
            + " column must compare exactly (a binary, deterministic collation)",
        e.getMessage());
    assertThrows(
        InvalidCredentialRecordException.class, () -> tf.enroll("Bob?", "bob@example.com"));
  }

  // ---------------------------------------------------------------- a stolen session

  @Test
  void stolenSession_cannotReplaceTheFactorOrTakeTheRecoveryCodesWithoutProof() {
    TwoFactor tf = service();
    SoftwareAuthenticator phone = activate(tf, VICTIM);
    TwoFactor thief = tf.withContext(ATTACKER);
    IllegalStateException replace =
        assertThrows(IllegalStateException.class, () -> thief.enroll(VICTIM, "thief"));
    assertEquals(
        "account \"victim\" has an active credential: replacing it needs proof of the current"
            + " factor, enroll(accountId, accountName, proof)",
        replace.getMessage());
    for (Proof wrong :
        List.of(
            Proof.code("000000"),
            Proof.recoveryCode("0000-0000-0000"),
            Proof.token("aes-gcm:k1:" + "A".repeat(40)),
            Proof.token(""))) {
      assertThrows(ProofRejectedException.class, () -> thief.enroll(VICTIM, "thief", wrong));
      assertThrows(ProofRejectedException.class, () -> thief.generateRecoveryCodes(VICTIM, wrong));
      assertThrows(ProofRejectedException.class, () -> thief.disable(VICTIM, wrong));
    }
    assertEquals(CredentialStatus.State.ACTIVE, tf.status(VICTIM).state());
    assertEquals(Optional.empty(), tf.status(VICTIM).pendingExpiresAt());
    // A token of another account, or of the credential before a replacement, proves nothing.
    SoftwareAuthenticator otherPhone = activate(tf, "mallory");
    String othersToken = tf.verify("mallory", otherPhone.code(clock)).proof();
    assertThrows(
        ProofRejectedException.class,
        () -> thief.enroll(VICTIM, "thief", Proof.token(othersToken)));
    String token = tf.verify(VICTIM, phone.code(clock)).proof();
    Enrollment replacement = tf.enroll(VICTIM, "victim", Proof.token(token));
    SoftwareAuthenticator newPhone = SoftwareAuthenticator.scan(replacement.uri().toUriString());
    events.clear();
    clock.advance(PERIOD);
    assertTrue(tf.confirm(VICTIM, newPhone.code(clock)).isAccepted());
    assertEquals(TwoFactorEvent.Type.SECRET_REPLACED, events.get(0).type());
    assertThrows(ProofRejectedException.class, () -> tf.disable(VICTIM, Proof.token(token)));
  }

  @Test
  void events_tellAFirstEnrollmentFromAReplacement() {
    TwoFactor tf = service();
    SoftwareAuthenticator phone = activate(tf, VICTIM);
    Enrollment replacement = tf.enroll(VICTIM, "victim", Proof.code(phone.code(clock)));
    assertTrue(replacement.isRotation());
    clock.advance(PERIOD);
    assertTrue(
        tf.confirm(VICTIM, SoftwareAuthenticator.scan(replacement.uri().toUriString()).code(clock))
            .isAccepted());
    List<TwoFactorEvent.Type> types = events.stream().map(TwoFactorEvent::type).toList();
    assertEquals(
        List.of(
            TwoFactorEvent.Type.ENROLLED,
            TwoFactorEvent.Type.CONFIRMED,
            TwoFactorEvent.Type.ACCEPTED,
            TwoFactorEvent.Type.REPLACEMENT_STARTED,
            TwoFactorEvent.Type.SECRET_REPLACED),
        types);
    assertEquals(USER, events.get(0).context());
  }

  // ---------------------------------------------------------------- account ids

  @Test
  void accountIds_areWellFormedWithoutControlOrBidiCharacters() {
    TwoFactor tf = service();
    String[][] refused = {
      {"bob\uD800", "accountId must be well-formed UTF-16: a lone surrogate U+D800 at index 3"},
      {"\uDC00bob", "accountId must be well-formed UTF-16: a lone surrogate U+DC00 at index 0"},
      {
        "bob\nINFO admin signed in",
        "accountId must not contain control or bidirectional characters: U+000A at index 3"
      },
      {
        "bob\u202Egnp.exe",
        "accountId must not contain control or bidirectional characters: U+202E at index 3"
      },
      {
        "bob\u2066",
        "accountId must not contain control or bidirectional characters: U+2066 at index 3"
      },
      {"", "accountId must not be empty"},
    };
    for (String[] c : refused) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> tf.enroll(c[0], "bob"), c[1]);
      assertEquals(c[1], e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> tf.verify(c[0], "123456"));
    }
    assertEquals(0, repository.size(), "nothing was stored for any of them");
    // A well-formed pair and other scripts are fine.
    activate(tf, "bob\uD83D\uDE00");
    activate(tf, "مستخدم");
    assertEquals(2, repository.size());
    IllegalArgumentException admin =
        assertThrows(IllegalArgumentException.class, () -> tf.reset("bob", "root\r\n"));
    assertEquals(
        "administrator must not contain control or bidirectional characters: U+000D at index 4",
        admin.getMessage());
  }

  // ---------------------------------------------------------------- what answers tell

  @Test
  void answers_checkTheFormatBeforeLookingAtTheAccount() {
    TwoFactor tf = service();
    activate(tf, VICTIM);
    for (String account : List.of(VICTIM, "nobody")) {
      assertEquals(Reason.MALFORMED, tf.verify(account, "12345").reason(), account);
      assertEquals(Reason.MALFORMED, tf.confirm(account, "abcdef").reason(), account);
      assertEquals(Reason.MALFORMED, tf.redeemRecoveryCode(account, "short").reason(), account);
      assertEquals(Reason.MALFORMED, tf.resynchronize(account, "1", "2").reason(), account);
    }
  }

  @Test
  void seededRandom_neverRepeatsANonceOrAnEnrollmentIdAcrossNodes() {
    InMemoryCredentialRepository nodeA = new InMemoryCredentialRepository();
    InMemoryCredentialRepository nodeB = new InMemoryCredentialRepository();
    for (InMemoryCredentialRepository repo : List.of(nodeA, nodeB)) {
      TwoFactor.builder()
          .issuer("ACME")
          .clock(clock)
          .random(seeded())
          .repository(repo)
          .sealer(AesGcmSecretSealer.builder().currentKey("k1", KEY).build())
          .build()
          .enroll(VICTIM, "victim");
    }
    CredentialRecord a = nodeA.load(VICTIM);
    CredentialRecord b = nodeB.load(VICTIM);
    assertNotEquals(a.pendingId(), b.pendingId());
    String nonceA =
        a.pendingSecret().substring("aes-gcm:k1:".length(), "aes-gcm:k1:".length() + 16);
    String nonceB =
        b.pendingSecret().substring("aes-gcm:k1:".length(), "aes-gcm:k1:".length() + 16);
    assertNotEquals(nonceA, nonceB, "the same seed on two nodes repeats no GCM nonce");
  }

  private static SecureRandom seeded() {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(42);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void cachedSecret_isDroppedOnEveryNodeOnceItsRecordIsGone() {
    TwoFactor nodeA = service();
    TwoFactor nodeB = service();
    SoftwareAuthenticator phone = activate(nodeA, VICTIM);
    assertTrue(nodeB.verify(VICTIM, phone.code(clock)).isAccepted());
    assertEquals(1, nodeB.cachedSecrets());
    assertTrue(nodeA.reset(VICTIM, "admin"));
    clock.advance(PERIOD);
    assertEquals(Reason.NOT_ENROLLED, nodeB.verify(VICTIM, phone.code(clock)).reason());
    assertEquals(0, nodeB.cachedSecrets(), "node B no longer holds the opened secret");
  }
}
