package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Verification.Reason;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The service as a host application uses it: the whole flow, rotation, expiry and every reason. */
final class TwoFactorTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration PERIOD = Duration.ofSeconds(30);
  private static final String ID = "agent-42";

  /** Fast hashing for tests; the default of 100,000 iterations is what production uses. */
  static final RecoveryCodePolicy FAST_RECOVERY =
      RecoveryCodePolicy.builder().iterations(RecoveryCodePolicy.MIN_ITERATIONS).build();

  private final FakeClock clock = FakeClock.at(START);
  private final List<TwoFactorEvent> events = new ArrayList<>();

  private TwoFactor.Builder service() {
    return TwoFactor.builder()
        .issuer("ACME Help Desk")
        .clock(clock)
        .recoveryCodes(FAST_RECOVERY)
        .listener(events::add);
  }

  /** The proof of the last confirmation of {@link #activate}, good for five minutes. */
  private Proof proof;

  /** Enrolls and confirms, and returns the user's phone. */
  private SoftwareAuthenticator activate(TwoFactor tf, String accountId) {
    Enrollment e = tf.enroll(accountId, "alice@example.com");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    Verification confirmed = tf.confirm(accountId, phone.code(clock));
    assertTrue(confirmed.isAccepted());
    proof = Proof.token(confirmed.proof());
    clock.advance(PERIOD);
    return phone;
  }

  /** Returns a code that is wrong for every step from two behind to two ahead of now. */
  static String wrongCode(SoftwareAuthenticator phone, Instant now) {
    Set<String> near = new HashSet<>();
    for (int i = -2; i <= 2; i++) {
      near.add(phone.codeAt(now.plus(PERIOD.multipliedBy(i))));
    }
    for (int candidate = 0; ; candidate++) {
      String code = String.format(Locale.ROOT, "%06d", candidate);
      if (!near.contains(code)) {
        return code;
      }
    }
  }

  private List<String> eventTypes() {
    return events.stream().map(event -> event.type().name()).toList();
  }

  /** The agent's phone in the README example, and the instant it reads its first code at. */
  private SoftwareAuthenticator readmePhone;

  private final Instant readmeNow = Instant.now();

  /** Scans the QR code's text as the agent's app does, and returns the code it shows. */
  private String firstCodeFromTheApp(String qrText) {
    readmePhone = SoftwareAuthenticator.scan(qrText);
    return readmePhone.codeAt(readmeNow);
  }

  /** Returns what the agent types at the next login: the app's code one step later. */
  private String codeFromTheLoginForm() {
    return readmePhone.codeAt(readmeNow.plus(PERIOD));
  }

  @Test
  void readmeExample_runsAsDocumented() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    CredentialRepository repository = new InMemoryCredentialRepository();

    // README service
    TwoFactor twoFactor =
        TwoFactor.builder()
            .issuer("ACME Help Desk")
            .repository(repository) // your CredentialRepository
            .sealer(AesGcmSecretSealer.builder().currentKey("2026-11", key).build())
            .build();

    // "Set up Authenticator": show the QR code and the key for typing
    Enrollment enrollment = twoFactor.enroll("agent-42", "alice@example.com");
    String qrText = enrollment.uri().toUriString(); // QrCode.of(qrText).toSvg() in module qr
    String manualKey = enrollment.manualKey(); // "ABCD EFGH …"
    Verification confirmed = twoFactor.confirm("agent-42", firstCodeFromTheApp(qrText));

    // Every login, after the password
    Verification v = twoFactor.verify("agent-42", codeFromTheLoginForm());
    boolean signedIn = v.isAccepted(); // else v.reason(): REPLAYED, THROTTLED, …
    // END README

    assertTrue(confirmed.isAccepted());
    assertTrue(signedIn);
    assertEquals(39, manualKey.length());
    assertTrue(repository.load("agent-42").secret().startsWith("aes-gcm:2026-11:"));
  }

  @Test
  void classJavadocExample_runs() {
    boolean passed = false;
    TwoFactor tf = TwoFactor.builder().issuer("ACME Help Desk").build();

    Enrollment e = tf.enroll("agent-42", "alice@example.com");
    String qrText = e.uri().toUriString(); // show it as a QR code, and e.manualKey() for typing
    Verification c = tf.confirm("agent-42", firstCodeFromTheApp(qrText));

    Verification v = tf.verify("agent-42", codeFromTheLoginForm());
    if (v.isAccepted()) {
      passed = true; // second factor passed
    }
    assertTrue(c.isAccepted());
    assertTrue(passed);
  }

  @Test
  void packageJavadocExample_runs() {
    TwoFactor tf = TwoFactor.builder().issuer("ACME Help Desk").build();
    Enrollment e = tf.enroll("agent-42", "alice@example.com"); // e.uri() for the QR code
    Verification confirmed = tf.confirm("agent-42", firstCodeFromTheApp(e.uri().toUriString()));
    Verification v = tf.verify("agent-42", codeFromTheLoginForm());
    assertTrue(confirmed.isAccepted());
    assertTrue(v.isAccepted());
  }

  @Test
  void wholeFlow_asAHelpDeskAgentLivesIt() {
    TwoFactor tf = service().build();

    // Profile → set up Authenticator: pending, not usable to log in.
    Enrollment e = tf.enroll(ID, "alice@example.com");
    assertFalse(e.isRotation());
    assertEquals(START.plus(Duration.ofMinutes(10)), e.expiresAt());
    assertEquals(CredentialStatus.State.PENDING, tf.status(ID).state());
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    assertEquals("ACME Help Desk", phone.issuer().orElseThrow());
    assertEquals("alice@example.com", phone.account());
    assertEquals(Reason.NOT_ENROLLED, tf.verify(ID, phone.code(clock)).reason());

    // Scan → confirm: active, and the confirming code cannot log in afterwards.
    clock.advance(Duration.ofSeconds(20));
    String first = phone.code(clock);
    Verification confirmed = tf.confirm(ID, first);
    assertTrue(confirmed.isAccepted());
    assertEquals(tf.status(ID).confirmedAt(), Optional.of(clock.instant()));
    assertEquals(Reason.REPLAYED, tf.verify(ID, first).reason());
    assertEquals(Reason.NOT_ENROLLED, tf.confirm(ID, first).reason());

    // Log in with the next code; the same code again and an older one in the window are replays.
    clock.advance(PERIOD);
    String login = phone.code(clock);
    Verification v = tf.verify(ID, login);
    assertTrue(v.isAccepted());
    assertEquals(0, v.drift());
    assertEquals(clock.instant().getEpochSecond() / 30, v.step());
    assertEquals(Reason.REPLAYED, tf.verify(ID, login).reason());
    assertEquals(Reason.REPLAYED, tf.verify(ID, first).reason()); // one step behind: in the window
    clock.advance(Duration.ofSeconds(5)); // same step: still the same code
    assertEquals(Reason.REPLAYED, tf.verify(ID, phone.code(clock)).reason());
    assertEquals(0, tf.status(ID).failures(), "replays are not failures");

    // Wrong codes: three are free, then the back-off of ThrottlePolicy.defaults() waits 30 s;
    // the fifth spends the daily budget of five, and the next code waits for its first refill.
    clock.advance(PERIOD);
    Instant firstFailure = clock.instant();
    for (int i = 1; i <= 4; i++) {
      assertEquals(Verification.MISMATCH, tf.verify(ID, wrongCode(phone, clock.instant())));
    }
    Instant until = clock.instant().plusSeconds(30);
    assertEquals(Optional.of(until), tf.status(ID).lockedUntil());
    // Throttled: even the right code is not looked at, and a throttled attempt is not counted.
    assertEquals(Verification.throttled(until), tf.verify(ID, phone.code(clock)));
    // The format is checked first, before anything about the account is looked up.
    assertEquals(Verification.MALFORMED, tf.verify(ID, "not a code"));
    clock.advance(Duration.ofSeconds(29));
    assertEquals(Verification.throttled(until), tf.verify(ID, phone.code(clock)));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(Verification.MISMATCH, tf.verify(ID, wrongCode(phone, clock.instant())));
    Instant refill = firstFailure.plus(Duration.ofHours(4).plusMinutes(48));
    assertEquals(Optional.of(refill), tf.status(ID).lockedUntil());
    assertEquals(Verification.throttled(refill), tf.verify(ID, phone.code(clock)));
    assertEquals(5, tf.status(ID).failures());
    clock.set(refill);

    // After the wait the right code logs in, and the count starts over.
    Verification after = tf.verify(ID, phone.code(clock));
    assertTrue(after.isAccepted());
    assertEquals(0, tf.status(ID).failures());
    assertEquals(Optional.empty(), tf.status(ID).lockedUntil());

    // Recovery codes, generated right after a sign-in, written down by the user.
    RecoveryCodes recovery = tf.generateRecoveryCodes(ID, Proof.token(after.proof()));
    assertEquals(10, recovery.codes().size());
    assertEquals(10, tf.status(ID).recoveryCodesLeft());

    // Phone lost: a recovery code logs in once and only once.
    clock.advance(PERIOD);
    String paper = recovery.codes().get(3);
    Verification rescued = tf.redeemRecoveryCode(ID, paper);
    assertTrue(rescued.isAccepted());
    assertEquals(Optional.of(clock.instant()), tf.status(ID).lastUsedAt());
    assertEquals(9, tf.status(ID).recoveryCodesLeft());
    assertEquals(Verification.MISMATCH, tf.redeemRecoveryCode(ID, paper));
    assertEquals(1, tf.status(ID).failures());
    assertTrue(tf.redeemRecoveryCode(ID, recovery.codes().get(4)).isAccepted());

    // Administrator's reset, then a new enrollment: a different secret, the old phone is useless.
    assertTrue(tf.reset(ID, "admin"));
    assertEquals(CredentialStatus.State.NONE, tf.status(ID).state());
    assertEquals(0, tf.status(ID).recoveryCodesLeft());
    assertEquals(Reason.NOT_ENROLLED, tf.verify(ID, phone.code(clock)).reason());
    assertEquals(Reason.NOT_ENROLLED, tf.redeemRecoveryCode(ID, recovery.codes().get(5)).reason());
    assertFalse(tf.reset(ID, "admin"));
    Enrollment again = tf.enroll(ID, "alice@example.com");
    assertNotEquals(e.uri().secret(), again.uri().secret());
    assertFalse(again.isRotation());
    SoftwareAuthenticator newPhone = SoftwareAuthenticator.scan(again.uri().toUriString());
    assertTrue(tf.confirm(ID, newPhone.code(clock)).isAccepted());
    clock.advance(PERIOD);
    assertEquals(Reason.MISMATCH, tf.verify(ID, phone.code(clock)).reason());
    assertTrue(tf.verify(ID, newPhone.code(clock)).isAccepted());

    assertEquals(
        List.of(
            "ENROLLED",
            "REJECTED",
            "CONFIRMED",
            "REJECTED",
            "REJECTED",
            "ACCEPTED",
            "REJECTED",
            "REJECTED",
            "REJECTED",
            "REJECTED",
            "REJECTED",
            "REJECTED"),
        eventTypes().subList(0, 12));
    assertTrue(eventTypes().contains("LOCKED"));
    assertTrue(eventTypes().contains("RECOVERY_CODES_GENERATED"));
    assertEquals(2, eventTypes().stream().filter("RECOVERY_CODE_USED"::equals).count());
    assertEquals(1, eventTypes().stream().filter("RESET"::equals).count());
  }

  @Test
  void throttle_eventsReportFailuresAndTheLock() {
    TwoFactor tf = service().build();
    SoftwareAuthenticator phone = activate(tf, ID);
    events.clear();
    for (int i = 0; i < 4; i++) {
      tf.verify(ID, wrongCode(phone, clock.instant()));
    }
    Instant now = clock.instant();
    Instant until = now.plusSeconds(30);
    tf.verify(ID, phone.code(clock));
    assertEquals(
        List.of(
            TwoFactorEvent.rejected(ID, now, Reason.MISMATCH, null, 1, RequestContext.none()),
            TwoFactorEvent.rejected(ID, now, Reason.MISMATCH, null, 2, RequestContext.none()),
            TwoFactorEvent.rejected(ID, now, Reason.MISMATCH, null, 3, RequestContext.none()),
            TwoFactorEvent.rejected(ID, now, Reason.MISMATCH, null, 4, RequestContext.none()),
            TwoFactorEvent.locked(ID, now, until, 4, RequestContext.none()),
            TwoFactorEvent.rejected(ID, now, Reason.THROTTLED, until, 4, RequestContext.none())),
        events);
  }

  /** The back-off alone, without the budgets that end a burst of guesses sooner. */
  private static final ThrottlePolicy BACK_OFF_ONLY =
      ThrottlePolicy.builder().budgets(ThrottlePolicy.UNLIMITED, ThrottlePolicy.UNLIMITED).build();

  @Test
  void throttle_reachesTheLockOutAndStaysThere() {
    TwoFactor tf = service().throttle(BACK_OFF_ONLY).build();
    SoftwareAuthenticator phone = activate(tf, ID);
    for (int failures = 1; failures <= 20; failures++) {
      assertEquals(Reason.MISMATCH, tf.verify(ID, wrongCode(phone, clock.instant())).reason());
      Duration wait = ThrottlePolicy.defaults().delayAfter(failures);
      assertEquals(
          wait.isZero() ? Optional.empty() : Optional.of(clock.instant().plus(wait)),
          tf.status(ID).lockedUntil());
      clock.advance(wait);
    }
    assertEquals(Duration.ofHours(24), ThrottlePolicy.defaults().delayAfter(20));
    assertTrue(tf.verify(ID, phone.code(clock)).isAccepted());
  }

  @Test
  void throttle_after100FailuresTakesNoCodeUntilARecoveryCodeOrAnAdministratorUnlocks() {
    TwoFactor tf = service().throttle(BACK_OFF_ONLY).build();
    SoftwareAuthenticator phone = activate(tf, ID);
    RecoveryCodes recovery = tf.generateRecoveryCodes(ID, proof);
    for (int round = 0; round < 2; round++) {
      for (int failures = 1; failures < 100; failures++) {
        assertEquals(Reason.MISMATCH, tf.verify(ID, wrongCode(phone, clock.instant())).reason());
        clock.advance(ThrottlePolicy.defaults().delayAfter(failures));
      }
      events.clear();
      assertEquals(Reason.MISMATCH, tf.verify(ID, wrongCode(phone, clock.instant())).reason());
      assertEquals(Optional.of(ThrottlePolicy.UNTIL_RESET), tf.status(ID).lockedUntil());
      assertEquals(List.of("REJECTED", "LOCKED"), eventTypes());
      clock.advance(Duration.ofDays(365 * 10));
      Verification v = tf.verify(ID, phone.code(clock));
      assertEquals(Reason.THROTTLED, v.reason(), "not even the right code is checked");
      assertEquals(ThrottlePolicy.UNTIL_RESET, v.retryAfter());
      if (round == 0) {
        Verification rescued = tf.redeemRecoveryCode(ID, recovery.codes().get(0));
        assertTrue(rescued.isAccepted(), "the hard stop never blocks recovery codes");
        assertEquals(100, rescued.failuresSinceLastSuccess());
      } else {
        assertTrue(tf.unlock(ID, "admin"));
        assertEquals(Optional.empty(), tf.status(ID).lockedUntil());
        assertEquals(9, tf.status(ID).recoveryCodesLeft(), "unlock keeps the recovery codes");
      }
      clock.advance(PERIOD);
      assertTrue(tf.verify(ID, phone.code(clock)).isAccepted(), "the secret was kept");
    }
  }

  @Test
  void verify_malformedInputIsNotAFailure() {
    TwoFactor tf = service().build();
    activate(tf, ID);
    for (String input : List.of("", "12345", "1234567", "+12345", "١٢٣٤٥٦", "12a456")) {
      assertEquals(Verification.MALFORMED, tf.verify(ID, input), input);
    }
    assertEquals(0, tf.status(ID).failures());
  }

  @Test
  void verify_acceptsSpacesAsAppsShowThem() {
    TwoFactor tf = service().build();
    SoftwareAuthenticator phone = activate(tf, ID);
    String code = phone.code(clock);
    assertTrue(
        tf.verify(ID, " " + code.substring(0, 3) + " " + code.substring(3) + "\n").isAccepted());
  }

  @Test
  void verify_unknownAccountIsNotEnrolled() {
    TwoFactor tf = service().build();
    assertEquals(Verification.NOT_ENROLLED, tf.verify("nobody", "123456"));
    assertEquals(Verification.NOT_ENROLLED, tf.confirm("nobody", "123456"));
    assertEquals(Verification.NOT_ENROLLED, tf.redeemRecoveryCode("nobody", "0000-0000-0000"));
    assertEquals(
        List.of(
            TwoFactorEvent.rejected(
                "nobody", START, Reason.NOT_ENROLLED, null, 0, RequestContext.none())),
        events.subList(0, 1));
  }

  @Test
  void drift_isLearnedAndTheWindowCentredOnIt() {
    InMemoryCredentialRepository repository = new InMemoryCredentialRepository();
    TwoFactor tf = service().repository(repository).build();
    SoftwareAuthenticator phone = activate(tf, ID);
    // The phone's clock runs 40 seconds fast: its code is one step ahead.
    Duration fast = Duration.ofSeconds(40);
    Verification v = tf.verify(ID, phone.codeAt(clock.instant().plus(fast)));
    assertTrue(v.isAccepted());
    assertEquals(1, v.drift());
    assertEquals(1, repository.load(ID).drift());
    // Then 70 seconds fast: two steps ahead, outside the default window but inside the centred one.
    clock.advance(PERIOD);
    Verification further = tf.verify(ID, phone.codeAt(clock.instant().plusSeconds(70)));
    assertTrue(further.isAccepted(), further.toString());
    assertEquals(2, further.drift());
    // The drift is capped at the window: three steps ahead is too far.
    clock.advance(PERIOD.multipliedBy(2));
    assertEquals(
        Reason.MISMATCH, tf.verify(ID, phone.codeAt(clock.instant().plusSeconds(100))).reason());
    assertEquals(1, repository.load(ID).drift());
    // The phone's clock is corrected: the current step is always in the window.
    clock.advance(PERIOD);
    Verification corrected = tf.verify(ID, phone.code(clock));
    assertTrue(corrected.isAccepted());
    assertEquals(0, corrected.drift());
  }

  @Test
  void drift_aPhoneThatIsSlowIsLearnedToo() {
    TwoFactor tf = service().build();
    SoftwareAuthenticator phone = activate(tf, ID);
    clock.advance(PERIOD);
    Verification v = tf.verify(ID, phone.codeAt(clock.instant().minusSeconds(30)));
    assertTrue(v.isAccepted());
    assertEquals(-1, v.drift());
    clock.advance(PERIOD.multipliedBy(2));
    Verification slower = tf.verify(ID, phone.codeAt(clock.instant().minusSeconds(60)));
    assertTrue(slower.isAccepted());
    assertEquals(-2, slower.drift());
  }

  @Test
  void rotation_keepsTheOldSecretUntilTheNewOneIsConfirmed() {
    TwoFactor tf = service().build();
    SoftwareAuthenticator oldPhone = activate(tf, ID);
    RecoveryCodes recovery = tf.generateRecoveryCodes(ID, proof);

    Enrollment rotation = tf.enroll(ID, "alice@example.com", proof);
    assertTrue(rotation.isRotation());
    assertEquals(CredentialStatus.State.ACTIVE, tf.status(ID).state());
    assertEquals(Optional.of(rotation.expiresAt()), tf.status(ID).pendingExpiresAt());
    SoftwareAuthenticator newPhone = SoftwareAuthenticator.scan(rotation.uri().toUriString());

    // Until confirmed, the old secret logs in and the new one does not.
    assertTrue(tf.verify(ID, oldPhone.code(clock)).isAccepted());
    clock.advance(PERIOD);
    assertEquals(Reason.MISMATCH, tf.verify(ID, newPhone.code(clock)).reason());
    assertTrue(tf.verify(ID, oldPhone.code(clock)).isAccepted());

    // Confirmed: the new secret is active, the old one is gone, the recovery codes stay.
    clock.advance(PERIOD);
    assertEquals(Reason.MISMATCH, tf.confirm(ID, oldPhone.code(clock)).reason());
    assertTrue(tf.confirm(ID, newPhone.code(clock)).isAccepted());
    assertEquals(Reason.REPLAYED, tf.verify(ID, newPhone.code(clock)).reason());
    assertEquals(Optional.empty(), tf.status(ID).pendingExpiresAt());
    clock.advance(PERIOD);
    assertEquals(Reason.MISMATCH, tf.verify(ID, oldPhone.code(clock)).reason());
    assertTrue(tf.verify(ID, newPhone.code(clock)).isAccepted());
    assertEquals(10, tf.status(ID).recoveryCodesLeft());
    assertTrue(tf.redeemRecoveryCode(ID, recovery.codes().get(0)).isAccepted());
  }

  @Test
  void rotation_thatIsNeverConfirmedExpiresAndTheOldSecretStays() {
    TwoFactor tf = service().build();
    SoftwareAuthenticator oldPhone = activate(tf, ID);
    Enrollment rotation = tf.enroll(ID, "alice@example.com", proof);
    SoftwareAuthenticator newPhone = SoftwareAuthenticator.scan(rotation.uri().toUriString());
    clock.advance(Duration.ofMinutes(10));
    assertEquals(Verification.EXPIRED, tf.confirm(ID, newPhone.code(clock)));
    assertEquals(Optional.empty(), tf.status(ID).pendingExpiresAt());
    assertTrue(tf.verify(ID, oldPhone.code(clock)).isAccepted());
  }

  @Test
  void enroll_unconfirmedEnrollmentExpires() {
    TwoFactor tf = service().enrollmentTimeout(Duration.ofMinutes(5)).build();
    Enrollment e = tf.enroll(ID, "alice@example.com");
    assertEquals(START.plus(Duration.ofMinutes(5)), e.expiresAt());
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    clock.advance(Duration.ofMinutes(5).minusSeconds(1));
    assertEquals(CredentialStatus.State.PENDING, tf.status(ID).state());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(CredentialStatus.State.NONE, tf.status(ID).state());
    assertEquals(Verification.EXPIRED, tf.confirm(ID, phone.code(clock)));
    assertEquals(Verification.EXPIRED, tf.verify(ID, phone.code(clock)));
    assertEquals(Verification.EXPIRED, tf.redeemRecoveryCode(ID, "0000-0000-0000"));
    assertEquals(0, tf.status(ID).failures());
    // Enrolling again starts over with a new secret.
    Enrollment again = tf.enroll(ID, "alice@example.com");
    assertNotEquals(e.uri().secret(), again.uri().secret());
    SoftwareAuthenticator newPhone = SoftwareAuthenticator.scan(again.uri().toUriString());
    assertEquals(Reason.MISMATCH, tf.confirm(ID, phone.code(clock)).reason());
    assertTrue(tf.confirm(ID, newPhone.code(clock)).isAccepted());
  }

  @Test
  void enroll_againWhilePendingReplacesThePendingSecret() {
    TwoFactor tf = service().build();
    Enrollment first = tf.enroll(ID, "alice@example.com");
    Enrollment second = tf.enroll(ID, "alice@example.com");
    assertFalse(second.isRotation());
    SoftwareAuthenticator firstPhone = SoftwareAuthenticator.scan(first.uri().toUriString());
    SoftwareAuthenticator secondPhone = SoftwareAuthenticator.scan(second.uri().toUriString());
    assertEquals(Reason.MISMATCH, tf.confirm(ID, firstPhone.code(clock)).reason());
    assertTrue(tf.confirm(ID, secondPhone.code(clock)).isAccepted());
  }

  @Test
  void enroll_uriCarriesTheTotpPolicy() {
    Totp totp =
        Totp.builder().algorithm(Algorithm.SHA256).digits(8).period(Duration.ofSeconds(60)).build();
    TwoFactor tf = service().totp(totp).build();
    Enrollment e = tf.enroll(ID, "alice@example.com");
    assertEquals(Algorithm.SHA256, e.uri().algorithm());
    assertEquals(8, e.uri().digits());
    assertEquals(Duration.ofSeconds(60), e.uri().period());
    assertEquals("ACME Help Desk", e.uri().issuer().orElseThrow());
    assertEquals("alice@example.com", e.uri().account());
    assertEquals(e.uri().secret().toGroupedBase32(), e.manualKey());
    assertEquals(160, e.uri().secret().byteLength() * 8);
  }

  @Test
  void confirm_catchesAnAppThatIgnoresAlgorithmAndDigits() {
    Totp totp = Totp.builder().algorithm(Algorithm.SHA256).digits(8).build();
    TwoFactor tf = service().totp(totp).build();
    Enrollment e = tf.enroll(ID, "alice@example.com");
    SoftwareAuthenticator careless =
        SoftwareAuthenticator.scanIgnoringAlgorithmDigitsAndPeriod(e.uri().toUriString());
    assertEquals(Reason.MALFORMED, tf.confirm(ID, careless.code(clock)).reason());
    assertEquals(Reason.MISMATCH, tf.confirm(ID, careless.code(clock) + "00").reason());
    assertEquals(CredentialStatus.State.PENDING, tf.status(ID).state());
    SoftwareAuthenticator careful = SoftwareAuthenticator.scan(e.uri().toUriString());
    assertTrue(tf.confirm(ID, careful.code(clock)).isAccepted());
  }

  @Test
  void confirm_wrongCodesAreThrottledToo() {
    TwoFactor tf = service().build();
    Enrollment e = tf.enroll(ID, "alice@example.com");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    for (int i = 0; i < 4; i++) {
      assertEquals(Reason.MISMATCH, tf.confirm(ID, wrongCode(phone, clock.instant())).reason());
    }
    assertEquals(Verification.throttled(START.plusSeconds(30)), tf.confirm(ID, phone.code(clock)));
    clock.advance(PERIOD);
    assertTrue(tf.confirm(ID, phone.code(clock)).isAccepted());
    assertEquals(0, tf.status(ID).failures());
  }

  @Test
  void recoveryCodes_areReadableAndReadLeniently() {
    TwoFactor tf = service().build();
    activate(tf, ID);
    RecoveryCodes codes = tf.generateRecoveryCodes(ID, proof);
    String group = "[0-9a-hjkmnp-tv-z]{4}";
    Pattern format = Pattern.compile(group + "-" + group + "-" + group);
    for (String code : codes.codes()) {
      assertTrue(format.matcher(code).matches(), code);
    }
    assertEquals(10, new HashSet<>(codes.codes()).size());
    String typed = " " + codes.codes().get(0).toUpperCase(Locale.ROOT).replace("-", " ");
    assertTrue(tf.redeemRecoveryCode(ID, typed).isAccepted());
    String lookAlike = codes.codes().get(1).replace('0', 'O').replace('1', 'l').replace("-", "");
    assertTrue(tf.redeemRecoveryCode(ID, lookAlike).isAccepted());
    assertEquals(8, tf.status(ID).recoveryCodesLeft());
  }

  @Test
  void recoveryCodes_malformedInputIsNotAFailure() {
    TwoFactor tf = service().build();
    activate(tf, ID);
    tf.generateRecoveryCodes(ID, proof);
    List<String> inputs =
        List.of("", "abcd-efgh-jkm", "abcd-efgh-jkmnp", "abcd-efgh-jkmu", "١٢٣٤-٥٦٧٨-٩٠١٢");
    for (String input : inputs) {
      assertEquals(Verification.MALFORMED, tf.redeemRecoveryCode(ID, input), input);
    }
    assertEquals(0, tf.status(ID).failures());
  }

  @Test
  void recoveryCodes_aNewSetInvalidatesTheOldOne() {
    TwoFactor tf = service().build();
    activate(tf, ID);
    RecoveryCodes old = tf.generateRecoveryCodes(ID, proof);
    RecoveryCodes fresh = tf.generateRecoveryCodes(ID, proof);
    assertTrue(java.util.Collections.disjoint(old.codes(), fresh.codes()));
    assertEquals(Verification.MISMATCH, tf.redeemRecoveryCode(ID, old.codes().get(0)));
    assertTrue(tf.redeemRecoveryCode(ID, fresh.codes().get(0)).isAccepted());
  }

  @Test
  void recoveryCodes_lastCodeLeavesNone() {
    TwoFactor tf =
        service()
            .recoveryCodes(RecoveryCodePolicy.builder().count(2).iterations(1_000).build())
            .build();
    activate(tf, ID);
    RecoveryCodes codes = tf.generateRecoveryCodes(ID, proof);
    assertEquals(2, codes.codes().size());
    assertTrue(tf.redeemRecoveryCode(ID, codes.codes().get(1)).isAccepted());
    assertTrue(tf.redeemRecoveryCode(ID, codes.codes().get(0)).isAccepted());
    assertEquals(0, tf.status(ID).recoveryCodesLeft());
    assertEquals(Verification.MISMATCH, tf.redeemRecoveryCode(ID, codes.codes().get(0)));
  }

  @Test
  void recoveryCodes_haveAThrottleOfTheirOwnAndThrottledOnesAreNotChecked() {
    TwoFactor tf = service().build();
    SoftwareAuthenticator phone = activate(tf, ID);
    RecoveryCodes codes = tf.generateRecoveryCodes(ID, proof);
    // Codes spend their own budget: a lock of codes never locks recovery codes.
    for (int i = 0; i < 5; i++) {
      assertEquals(Reason.MISMATCH, tf.verify(ID, wrongCode(phone, clock.instant())).reason());
      clock.advance(ThrottlePolicy.defaults().delayAfter(i + 1));
    }
    assertEquals(Reason.THROTTLED, tf.verify(ID, phone.code(clock)).reason());
    for (int i = 0; i < 5; i++) {
      assertEquals(Verification.MISMATCH, tf.redeemRecoveryCode(ID, "0000-0000-0000"));
    }
    assertEquals(Verification.MISMATCH, tf.redeemRecoveryCode(ID, "0000-0000-0001"));
    Verification throttled = tf.redeemRecoveryCode(ID, codes.codes().get(0));
    assertEquals(Verification.throttled(clock.instant().plusSeconds(1)), throttled);
    assertEquals(10, tf.status(ID).recoveryCodesLeft());
    assertEquals(11, tf.status(ID).failures());
    clock.advance(Duration.ofSeconds(1));
    Verification rescued = tf.redeemRecoveryCode(ID, codes.codes().get(0));
    assertTrue(rescued.isAccepted());
    assertEquals(11, rescued.failuresSinceLastSuccess());
    assertEquals(0, tf.status(ID).failures());
    // The recovery-code sign-in ended the lock of codes too.
    assertEquals(Optional.empty(), tf.status(ID).lockedUntil());
    clock.advance(PERIOD);
    assertTrue(tf.verify(ID, phone.code(clock)).isAccepted());
  }

  @Test
  void recoveryCodes_needProofOfTheCurrentFactor() {
    TwoFactor tf = service().build();
    SoftwareAuthenticator phone = activate(tf, ID);
    events.clear();
    ProofRejectedException wrong =
        assertThrows(
            ProofRejectedException.class,
            () -> tf.generateRecoveryCodes(ID, Proof.code(wrongCode(phone, clock.instant()))));
    assertEquals(Reason.MISMATCH, wrong.verification().reason());
    assertEquals(
        "proof of the current second factor of account \"agent-42\" was not accepted: MISMATCH",
        wrong.getMessage());
    assertEquals(1, tf.status(ID).failures(), "a wrong code as proof is a guess");
    assertEquals(0, tf.status(ID).recoveryCodesLeft());
    clock.advance(Duration.ofMinutes(5));
    ProofRejectedException expired =
        assertThrows(ProofRejectedException.class, () -> tf.generateRecoveryCodes(ID, proof));
    assertEquals(Reason.EXPIRED, expired.verification().reason());
    assertEquals(
        Reason.MISMATCH,
        assertThrows(
                ProofRejectedException.class,
                () -> tf.generateRecoveryCodes(ID, Proof.token("plain:forged.x")))
            .verification()
            .reason());
    assertEquals(10, tf.generateRecoveryCodes(ID, Proof.code(phone.code(clock))).codes().size());
    assertEquals(
        List.of("REJECTED", "REJECTED", "REJECTED", "ACCEPTED", "RECOVERY_CODES_GENERATED"),
        eventTypes());
  }

  @Test
  void recoveryCodes_requireAnActiveCredential() {
    TwoFactor tf = service().build();
    Proof proof = Proof.code("123456");
    IllegalStateException none =
        assertThrows(IllegalStateException.class, () -> tf.generateRecoveryCodes(ID, proof));
    assertEquals("account must have an active credential: \"agent-42\"", none.getMessage());
    tf.enroll(ID, "alice@example.com");
    IllegalStateException pending =
        assertThrows(IllegalStateException.class, () -> tf.generateRecoveryCodes(ID, proof));
    assertEquals("account must have an active credential: \"agent-42\"", pending.getMessage());
  }

  @Test
  void status_ofAnUnknownAccountIsNone() {
    TwoFactor tf = service().build();
    CredentialStatus status = tf.status("nobody");
    assertEquals(CredentialStatus.State.NONE, status.state());
    assertEquals(Optional.empty(), status.confirmedAt());
    assertEquals(Optional.empty(), status.lastUsedAt());
    assertEquals(Optional.empty(), status.lockedUntil());
    assertEquals(Optional.empty(), status.pendingExpiresAt());
    assertEquals(0, status.failures());
    assertEquals(0, status.recoveryCodesLeft());
  }

  @Test
  void status_reportsTimesOfAnActiveCredential() {
    TwoFactor tf = service().build();
    SoftwareAuthenticator phone = activate(tf, ID);
    tf.generateRecoveryCodes(ID, proof);
    assertTrue(tf.verify(ID, phone.code(clock)).isAccepted());
    assertEquals(
        "CredentialStatus[ACTIVE, confirmed 2026-01-01T00:00:00Z, last used 2026-01-01T00:00:30Z,"
            + " 0 failures, 10 recovery codes left]",
        tf.status(ID).toString());
  }

  @Test
  void disable_removesEverythingAndIsReported() {
    InMemoryCredentialRepository repository = new InMemoryCredentialRepository();
    TwoFactor tf = service().repository(repository).build();
    activate(tf, ID);
    tf.generateRecoveryCodes(ID, proof);
    events.clear();
    assertTrue(tf.reset(ID, "admin"));
    assertEquals(0, repository.size());
    assertEquals(
        List.of(
            TwoFactorEvent.byAdministrator(
                TwoFactorEvent.Type.RESET,
                ID,
                clock.instant(),
                "admin",
                false,
                RequestContext.none())),
        events);
  }

  @Test
  void accountId_isChecked() {
    TwoFactor tf = service().build();
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> tf.verify("", "123456"));
    assertEquals("accountId must not be empty", empty.getMessage());
    String tooLong = "a".repeat(256);
    IllegalArgumentException longer =
        assertThrows(IllegalArgumentException.class, () -> tf.enroll(tooLong, "alice"));
    assertEquals("accountId must be at most 255 characters: 256", longer.getMessage());
    assertThrows(NullPointerException.class, () -> tf.status(null));
    assertThrows(NullPointerException.class, () -> tf.verify(ID, null));
  }

  @Test
  void enroll_refusesAnAccountNameNoUriCanCarry() {
    TwoFactor tf = service().build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> tf.enroll(ID, "alice:admin"));
    assertTrue(e.getMessage().startsWith("account must not contain ':'"), e.getMessage());
    assertEquals(CredentialStatus.State.NONE, tf.status(ID).state());
  }

  @Test
  void builder_requiresAnIssuerThatAUriCanCarry() {
    IllegalStateException missing =
        assertThrows(IllegalStateException.class, () -> TwoFactor.builder().build());
    assertEquals("issuer must be set", missing.getMessage());
    IllegalArgumentException colon =
        assertThrows(
            IllegalArgumentException.class, () -> TwoFactor.builder().issuer("ACME:IT").build());
    assertTrue(colon.getMessage().startsWith("issuer must not contain ':'"), colon.getMessage());
    IllegalArgumentException period =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TwoFactor.builder()
                    .issuer("ACME")
                    .totp(Totp.builder().period(Duration.ofDays(2)).build())
                    .build());
    assertEquals(
        "period must be a whole number of seconds from 1 to 86400: PT48H", period.getMessage());
  }

  @Test
  void builder_checksTheEnrollmentTimeout() {
    for (Duration timeout : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofHours(25))) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> TwoFactor.builder().issuer("ACME").enrollmentTimeout(timeout).build());
      assertEquals(
          "enrollmentTimeout must be positive and at most PT24H: " + timeout, e.getMessage());
    }
  }

  @Test
  void builder_requiresASealerForAnyOtherRepository() {
    CredentialRepository other = new DelegatingRepository(new InMemoryCredentialRepository());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> TwoFactor.builder().issuer("ACME").repository(other).build());
    assertEquals(
        "sealer must be set for a repository other than InMemoryCredentialRepository, or secrets"
            + " would be stored in plain text: use an AesGcmSecretSealer, or"
            + " SecretSealer.insecurePlainText() to choose plain text explicitly",
        e.getMessage());
    TwoFactor explicit =
        TwoFactor.builder()
            .issuer("ACME")
            .repository(other)
            .sealer(SecretSealer.insecurePlainText())
            .build();
    assertTrue(explicit.toString().contains("sealer SecretSealer.insecurePlainText()"));
  }

  @Test
  void defaultRepository_storesSecretsInPlainTextInTheProcessOnly() {
    InMemoryCredentialRepository repository = new InMemoryCredentialRepository();
    TwoFactor tf = service().repository(repository).build();
    Enrollment e = tf.enroll(ID, "alice@example.com");
    String stored = repository.load(ID).pendingSecret();
    assertTrue(stored.startsWith("plain:"), stored);
    assertEquals(
        e.uri().secret(),
        CodeParameters.secretOf(
            SecretSealer.insecurePlainText()
                .open(
                    stored,
                    Binding.of(
                        Binding.Purpose.PENDING_SECRET, ID, repository.load(ID).pendingId(), ""))));
  }

  @Test
  void twoInstancesSharingARepository_shareReplayGuardAndThrottle() {
    InMemoryCredentialRepository shared = new InMemoryCredentialRepository();
    TwoFactor nodeA = service().repository(shared).build();
    TwoFactor nodeB = service().repository(shared).build();
    SoftwareAuthenticator phone = activate(nodeA, ID);
    String code = phone.code(clock);
    assertTrue(nodeB.verify(ID, code).isAccepted());
    assertEquals(Reason.REPLAYED, nodeA.verify(ID, code).reason());
    for (int i = 0; i < 4; i++) {
      TwoFactor node = i % 2 == 0 ? nodeA : nodeB;
      assertEquals(Reason.MISMATCH, node.verify(ID, wrongCode(phone, clock.instant())).reason());
    }
    assertEquals(Reason.THROTTLED, nodeA.verify(ID, phone.code(clock)).reason());
    assertEquals(Reason.THROTTLED, nodeB.verify(ID, phone.code(clock)).reason());
    // A reset on one node is seen by the other, whose cached secret is never used again.
    nodeA.reset(ID, "admin");
    assertEquals(Reason.NOT_ENROLLED, nodeB.verify(ID, phone.code(clock)).reason());
    SoftwareAuthenticator newPhone = activate(nodeA, ID);
    assertEquals(Reason.MISMATCH, nodeB.verify(ID, phone.code(clock)).reason());
    assertTrue(nodeB.verify(ID, newPhone.code(clock)).isAccepted());
  }

  @Test
  void listener_exceptionReachesTheCallerAfterTheChangeIsStored() {
    TwoFactor tf =
        TwoFactor.builder()
            .issuer("ACME")
            .clock(clock)
            .listener(
                event -> {
                  if (event.type() == TwoFactorEvent.Type.ACCEPTED) {
                    throw new IllegalStateException("audit log is down");
                  }
                })
            .build();
    SoftwareAuthenticator phone = activate(tf, ID);
    String code = phone.code(clock);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tf.verify(ID, code));
    assertEquals("audit log is down", e.getMessage());
    assertEquals(Reason.REPLAYED, tf.verify(ID, code).reason());
  }

  @Test
  void toString_showsTheConfigurationOnly() {
    TwoFactor tf = TwoFactor.builder().issuer("ACME").build();
    assertEquals(
        "TwoFactor[issuer \"ACME\", Totp[SHA1, 6 digits, period PT30S, T0 1970-01-01T00:00:00Z,"
            + " window -1/+1], ThrottlePolicy[3 free failures, then PT30S doubling up to PT24H,"
            + " 5 a day, 10 in 30 days, locked after 100],"
            + " RecoveryCodePolicy[10 codes of 60 bits, PBKDF2-HMAC-SHA256 with 100000"
            + " iterations], enrollment timeout PT10M, sealer SecretSealer.insecurePlainText(),"
            + " repository InMemoryCredentialRepository[0 records]]",
        tf.toString());
    assertNotSame(tf, TwoFactor.builder().issuer("ACME").build());
  }

  /** A repository that is not the in-memory one, for the tests of sealing and conflicts. */
  static class DelegatingRepository implements CredentialRepository {
    private final CredentialRepository delegate;

    DelegatingRepository(CredentialRepository delegate) {
      this.delegate = delegate;
    }

    @Override
    public CredentialRecord load(String accountId) {
      return delegate.load(accountId);
    }

    @Override
    public boolean insert(CredentialRecord record) {
      return delegate.insert(record);
    }

    @Override
    public boolean replace(long expectedVersion, CredentialRecord record) {
      return delegate.replace(expectedVersion, record);
    }

    @Override
    public boolean delete(String accountId) {
      return delegate.delete(accountId);
    }

    @Override
    public List<CredentialRecord> page(String afterAccountId, int limit) {
      return delegate.page(afterAccountId, limit);
    }
  }

  @Test
  void builder_acceptsEverySettingAtTheEdgesOfItsRange() {
    for (TwoFactor.Builder b :
        List.of(
            TwoFactor.builder().enrollmentTimeout(Duration.ofDays(1)),
            TwoFactor.builder().enrollmentTimeout(Duration.ofNanos(1)),
            TwoFactor.builder().proofLifetime(Duration.ofHours(1)),
            TwoFactor.builder().trustedDevices(1, Duration.ofDays(365), Duration.ofMinutes(1)),
            TwoFactor.builder().trustedDevices(100, Duration.ofNanos(1), Duration.ZERO),
            TwoFactor.builder().resynchronizationRange(1),
            TwoFactor.builder().resynchronizationRange(100))) {
      assertTrue(b.issuer("ACME").build().toString().startsWith("TwoFactor[issuer \"ACME\""));
    }
    Object[][] cases = {
      {
        TwoFactor.builder().proofLifetime(Duration.ofHours(1).plusNanos(1)),
        "proofLifetime must be positive and at most PT1H: PT1H0.000000001S"
      },
      {
        TwoFactor.builder().proofLifetime(Duration.ZERO),
        "proofLifetime must be positive and at most PT1H: PT0S"
      },
      {
        TwoFactor.builder().trustedDevices(0, Duration.ofDays(30), Duration.ZERO),
        "trusted devices must be between 1 and 100: 0"
      },
      {
        TwoFactor.builder().trustedDevices(101, Duration.ofDays(30), Duration.ZERO),
        "trusted devices must be between 1 and 100: 101"
      },
      {
        TwoFactor.builder().trustedDevices(5, Duration.ofDays(365).plusNanos(1), Duration.ZERO),
        "device lifetime must be positive and at most 365 days: PT8760H0.000000001S"
      },
      {
        TwoFactor.builder().trustedDevices(5, Duration.ZERO, Duration.ZERO),
        "device lifetime must be positive and at most 365 days: PT0S"
      },
      {
        TwoFactor.builder().trustedDevices(5, Duration.ofDays(30), Duration.ofSeconds(61)),
        "device grace must be from zero to one minute: PT1M1S"
      },
      {
        TwoFactor.builder().trustedDevices(5, Duration.ofDays(30), Duration.ofNanos(-1)),
        "device grace must be from zero to one minute: PT-0.000000001S"
      },
      {
        TwoFactor.builder().resynchronizationRange(0),
        "resynchronizationRange must be between 1 and 100: 0"
      },
    };
    for (Object[] c : cases) {
      TwoFactor.Builder b = ((TwoFactor.Builder) c[0]).issuer("ACME");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
      assertEquals(c[1], e.getMessage());
    }
  }

  @Test
  void disable_withAProofRemovesTheCredentialAndSaysWhetherThereWasOne() {
    TwoFactor tf = service().build();
    activate(tf, ID);
    events.clear();
    assertTrue(tf.disable(ID, proof));
    assertEquals(CredentialStatus.State.NONE, tf.status(ID).state());
    assertTrue(eventTypes().contains("DISABLED"), eventTypes().toString());
    assertFalse(tf.disable(ID, Proof.code("123456")), "nothing left to remove");
  }

  @Test
  void administrativeCalls_checkTheAdministratorFirst() {
    TwoFactor tf = service().build();
    activate(tf, ID);
    Secret secret = Secret.generate();
    OtpAuthUri uri = OtpAuthUri.totp(secret).issuer("Old").account("carol").build();
    for (String bad : List.of("", "root\n")) {
      String expected =
          bad.isEmpty()
              ? "administrator must not be empty"
              : "administrator must not contain control or bidirectional characters: U+000A at"
                  + " index 4";
      for (org.junit.jupiter.api.function.Executable call :
          List.<org.junit.jupiter.api.function.Executable>of(
              () -> tf.unlock(ID, bad),
              () -> tf.importCredential("imported", secret, bad),
              () -> tf.importCredential("imported", uri, bad),
              () -> tf.export(ID, "alice", bad))) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
      }
    }
    assertEquals(CredentialStatus.State.NONE, tf.status("imported").state());
    Secret weak =
        Secret.fromBytes("0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertTrue(
        tf.importCredential(
            "weak", OtpAuthUri.totp(weak).issuer("Old").account("dave").build(), "migration"),
        "an 80-bit secret read from a URI is flagged too");
  }

  @Test
  void trustDevice_takesALabelOfUpTo100Characters() {
    TwoFactor tf = service().build();
    activate(tf, ID);
    DeviceToken token = tf.trustDevice(ID, proof, "b".repeat(100));
    assertEquals("b".repeat(100), tf.status(ID).trustedDevices().get(0).label());
    assertEquals(token.deviceId(), tf.status(ID).trustedDevices().get(0).id());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> tf.trustDevice(ID, proof, "b".repeat(101)));
    assertEquals("label must be at most 100 characters: 101", e.getMessage());
  }

  @Test
  void malformedInput_isReportedToTheListener() {
    TwoFactor tf = service().build();
    SoftwareAuthenticator phone = activate(tf, ID);
    events.clear();
    assertEquals(Reason.MALFORMED, tf.verify(ID, "12345").reason());
    assertEquals(Reason.MALFORMED, tf.confirm(ID, "x").reason());
    assertEquals(Reason.MALFORMED, tf.resynchronize(ID, phone.code(clock), "1").reason());
    assertEquals(Reason.MALFORMED, tf.verifyDevice(ID, "not a token").reason());
    assertEquals(4, events.size(), events.toString());
    for (TwoFactorEvent event : events) {
      assertEquals(TwoFactorEvent.Type.REJECTED, event.type());
      assertEquals(Optional.of(Reason.MALFORMED), event.reason());
      assertEquals(ID, event.accountId());
    }
  }

  @Test
  void resealBatch_takesALimitOf1To10000() {
    TwoFactor tf = service().build();
    activate(tf, ID);
    assertEquals(Optional.of(ID), tf.resealBatch(null, 1));
    assertEquals(Optional.of(ID), tf.resealBatch(null, 10_000));
    assertEquals(Optional.empty(), tf.resealBatch(ID, 10_000));
    for (int limit : new int[] {0, 10_001}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> tf.resealBatch(null, limit));
      assertEquals("limit must be between 1 and 10000: " + limit, e.getMessage());
    }
  }

  @Test
  void missingKeyIds_readsEveryPageOfRecords() {
    InMemoryCredentialRepository repository = new InMemoryCredentialRepository();
    AesGcmSecretSealer kept = AesGcmSecretSealer.builder().currentKey("kept", new byte[32]).build();
    TwoFactor tf = service().repository(repository).sealer(kept).build();
    for (int i = 0; i < 500; i++) {
      tf.enroll(String.format(Locale.ROOT, "a%03d", i), "alice");
    }
    byte[] other = new byte[32];
    other[0] = 1;
    service()
        .repository(repository)
        .sealer(AesGcmSecretSealer.builder().currentKey("gone", other).build())
        .build()
        .enroll("b", "bob");
    assertEquals(Set.of("gone"), tf.missingKeyIds(), "the 501st record, on the second page");
  }

  @Test
  void redeemRecoveryCode_thatLosesARaceToAnotherWrite_isTriedAgainAndUsesTheCodeOnce() {
    InMemoryCredentialRepository stored = new InMemoryCredentialRepository();
    TwoFactor setUp = service().repository(stored).build();
    activate(setUp, ID);
    RecoveryCodes recovery = setUp.generateRecoveryCodes(ID, proof);
    int[] replaces = {0};
    CredentialRepository racing =
        new DelegatingRepository(stored) {
          @Override
          public boolean replace(long expectedVersion, CredentialRecord record) {
            if (replaces[0]++ == 0) {
              // Another node writes first: a failure elsewhere, the recovery codes unchanged.
              CredentialRecord other = stored.load(record.accountId());
              assertTrue(
                  stored.replace(
                      other.version(), other.toBuilder().version(other.version() + 1).build()));
            }
            return super.replace(expectedVersion, record);
          }
        };
    TwoFactor tf = service().repository(racing).sealer(SecretSealer.insecurePlainText()).build();
    String code = recovery.codes().get(0);
    assertTrue(tf.redeemRecoveryCode(ID, code).isAccepted());
    assertEquals(2, replaces[0], "the write that lost and the one tried again");
    assertEquals(Verification.MISMATCH, tf.redeemRecoveryCode(ID, code));
  }

  @Test
  void update_givesUpAfter1000ConflictingWrites() {
    InMemoryCredentialRepository stored = new InMemoryCredentialRepository();
    TwoFactor setUp = service().repository(stored).build();
    SoftwareAuthenticator phone = activate(setUp, ID);
    int[] loads = {0};
    CredentialRepository conflicting =
        new DelegatingRepository(stored) {
          @Override
          public CredentialRecord load(String accountId) {
            loads[0]++;
            return super.load(accountId);
          }

          @Override
          public boolean replace(long expectedVersion, CredentialRecord record) {
            return false; // another node always wrote first
          }
        };
    TwoFactor tf =
        service().repository(conflicting).sealer(SecretSealer.insecurePlainText()).build();
    ConcurrentModificationException e =
        assertThrows(ConcurrentModificationException.class, () -> tf.verify(ID, phone.code(clock)));
    assertEquals(
        "the credential of account \"agent-42\" changed 1000 times in a row while this operation"
            + " tried to store it",
        e.getMessage());
    assertEquals(1_000, loads[0]);
  }
}
