package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Verification.Reason;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The life of a credential beyond one enrollment: its own code parameters across a change of
 * policy, import and export, two-code resynchronisation, key rotation and the batch re-seal, and
 * the request context that events carry.
 */
final class TwoFactorLifecycleTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration PERIOD = Duration.ofSeconds(30);
  private static final byte[] KEY_1 = key(1);
  private static final byte[] KEY_2 = key(2);
  private static final String ID = "agent-42";

  private final FakeClock clock = FakeClock.at(START);
  private final InMemoryCredentialRepository repository = new InMemoryCredentialRepository();
  private final List<TwoFactorEvent> events = new ArrayList<>();

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  private TwoFactor.Builder service(SecretSealer sealer) {
    return TwoFactor.builder()
        .issuer("ACME")
        .clock(clock)
        .repository(repository)
        .sealer(sealer)
        .recoveryCodes(TwoFactorTest.FAST_RECOVERY)
        .listener(events::add);
  }

  private TwoFactor.Builder service() {
    return service(AesGcmSecretSealer.builder().currentKey("k1", KEY_1).build());
  }

  private SoftwareAuthenticator activate(TwoFactor tf) {
    Enrollment e = tf.enroll(ID, "alice@example.com");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    assertTrue(tf.confirm(ID, phone.code(clock)).isAccepted());
    clock.advance(phone.period());
    return phone;
  }

  // ---------------------------------------------------------------- parameters per credential

  @Test
  void parameters_ofAnEnrollmentSurviveAChangeOfPolicy() {
    Totp strong =
        Totp.builder().algorithm(Algorithm.SHA256).digits(8).period(Duration.ofSeconds(60)).build();
    SoftwareAuthenticator phone = activate(service().totp(strong).build());
    CredentialRecord r = repository.load(ID);
    assertEquals("SHA256", r.algorithm());
    assertEquals(8, r.digits());
    assertEquals(60, r.period());
    TwoFactor rebuilt = service().build();
    assertEquals(8, phone.code(clock).length());
    assertTrue(rebuilt.verify(ID, phone.code(clock)).isAccepted(), "its own codes still work");
    clock.advance(Duration.ofSeconds(60));
    assertEquals(Reason.MALFORMED, rebuilt.verify(ID, "123456").reason(), "6 digits are not 8");
    // A new enrollment takes the policy of the day.
    assertTrue(rebuilt.reset(ID, "admin"));
    SoftwareAuthenticator newPhone = activate(rebuilt);
    assertEquals(6, newPhone.code(clock).length());
    assertEquals("SHA1", repository.load(ID).algorithm());
  }

  // ---------------------------------------------------------------- import and export

  @Test
  void import_ofRawBytesBase32AndAUriSignsInAndFlagsWeakSecrets() {
    TwoFactor tf = service().build();
    Secret fromBase32 = Secret.fromBase32("S46SQCPPTCNPROMHWYBDCTBZXV");
    assertFalse(tf.importCredential("base32", fromBase32, "migration"));
    Secret weak =
        Secret.fromBytes("0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertTrue(tf.importCredential("weak", weak, "migration"), "80 bits are flagged");
    String uri =
        "otpauth://totp/Old%20System:carol?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            + "&issuer=Old%20System&algorithm=SHA512&digits=8&period=45";
    assertFalse(tf.importCredential("uri", OtpAuthUri.parse(uri), "migration"));
    clock.advance(PERIOD);
    for (String id : List.of("base32", "weak", "uri")) {
      SoftwareAuthenticator phone =
          id.equals("uri")
              ? SoftwareAuthenticator.scan(uri)
              : SoftwareAuthenticator.scan(
                  OtpAuthUri.totp(id.equals("weak") ? weak : fromBase32)
                      .issuer("Old")
                      .account(id)
                      .build()
                      .toUriString());
      Verification v = tf.verify(id, phone.code(clock));
      assertTrue(v.isAccepted(), id);
      assertEquals(CredentialStatus.State.ACTIVE, tf.status(id).state());
    }
    assertEquals(45, repository.load("uri").period());
    List<TwoFactorEvent> imported =
        events.stream().filter(e -> e.type() == TwoFactorEvent.Type.IMPORTED).toList();
    assertEquals(3, imported.size());
    assertEquals(
        List.of(false, true, false), imported.stream().map(TwoFactorEvent::weakSecret).toList());
    assertEquals(Optional.of("migration"), imported.get(0).actor());
    for (TwoFactorEvent e : imported) {
      assertFalse(e.toString().contains("GEZD"));
      assertFalse(e.toString().contains("S46S"));
    }
    IllegalStateException twice =
        assertThrows(
            IllegalStateException.class, () -> tf.importCredential("uri", fromBase32, "migration"));
    assertEquals(
        "account \"uri\" has an active credential: reset it before importing another",
        twice.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            tf.importCredential(
                "hotp",
                OtpAuthUri.parse("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1"),
                "m"));
  }

  @Test
  void export_givesTheCredentialWithItsOwnParametersAndRecordsWhoAskedForIt() {
    TwoFactor tf =
        service().totp(Totp.builder().algorithm(Algorithm.SHA256).digits(8).build()).build();
    SoftwareAuthenticator phone = activate(tf);
    events.clear();
    OtpAuthUri exported = tf.export(ID, "alice@example.com", "security-officer");
    assertEquals(Algorithm.SHA256, exported.algorithm());
    assertEquals(8, exported.digits());
    SoftwareAuthenticator moved = SoftwareAuthenticator.scan(exported.toUriString());
    assertEquals(phone.code(clock), moved.code(clock));
    assertEquals(1, events.size());
    assertEquals(TwoFactorEvent.Type.EXPORTED, events.get(0).type());
    assertEquals(Optional.of("security-officer"), events.get(0).actor());
    assertFalse(events.get(0).toString().contains(exported.secret().toBase32()));
    assertThrows(IllegalStateException.class, () -> tf.export("nobody", "x", "officer"));
  }

  // ---------------------------------------------------------------- resynchronisation

  @Test
  void resynchronize_bringsBackAPhoneFiveMinutesOffWithTwoCodesAndNeverWithOne() {
    TwoFactor tf = service().build();
    SoftwareAuthenticator phone = activate(tf);
    // A day later the phone's clock is five minutes slow.
    clock.advance(Duration.ofDays(1));
    Duration off = Duration.ofMinutes(-5);
    // Single codes of a phone five minutes slow are outside the window, however many are tried.
    assertEquals(Reason.MISMATCH, tf.verify(ID, phone.codeAt(clock.instant().plus(off))).reason());
    String first = phone.codeAt(clock.instant().plus(off));
    String second = phone.codeAt(clock.instant().plus(off).plus(PERIOD));
    assertEquals(Reason.MISMATCH, tf.resynchronize(ID, first, first).reason(), "not consecutive");
    assertEquals(Reason.MISMATCH, tf.resynchronize(ID, second, first).reason(), "not in order");
    assertEquals(3, tf.status(ID).failures(), "each failed attempt counts once");
    events.clear();
    Verification v = tf.resynchronize(ID, first, second);
    assertTrue(v.isAccepted());
    assertEquals(-9, v.drift());
    assertEquals(3, v.failuresSinceLastSuccess());
    assertEquals(TwoFactorEvent.Type.RESYNCHRONIZED, events.get(0).type());
    assertEquals(-9, repository.load(ID).drift());
    // From now on single codes of the slow phone sign in, and a replay of the pair does not.
    clock.advance(PERIOD.multipliedBy(2));
    assertEquals(Reason.REPLAYED, tf.resynchronize(ID, first, second).reason());
    Verification next = tf.verify(ID, phone.codeAt(clock.instant().plus(off)));
    assertTrue(next.isAccepted());
    assertEquals(-10, next.drift());
  }

  @Test
  void resynchronize_searchesOnlyItsRange() {
    TwoFactor tf = service().resynchronizationRange(10).build();
    SoftwareAuthenticator phone = activate(tf);
    Instant slow = clock.instant().minus(Duration.ofMinutes(6));
    String first = phone.codeAt(slow);
    String second = phone.codeAt(slow.plus(PERIOD));
    assertEquals(Reason.MISMATCH, tf.resynchronize(ID, first, second).reason());
    assertEquals(Reason.NOT_ENROLLED, tf.resynchronize("nobody", first, second).reason());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> service().resynchronizationRange(101).build());
    assertEquals("resynchronizationRange must be between 1 and 100: 101", e.getMessage());
  }

  @Test
  void hotpResynchronize_findsTwoConsecutiveCodesAndReturnsTheNextCounter() {
    Secret secret = Secret.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    Hotp hotp = Hotp.defaults();
    // RFC 4226 Appendix D: counters 5 and 6 are 254676 and 287922.
    assertEquals(OptionalLong.of(7), hotp.resynchronize(secret, "254676", "287922", 0, 100));
    assertEquals(OptionalLong.empty(), hotp.resynchronize(secret, "254676", "287922", 6, 100));
    assertEquals(OptionalLong.empty(), hotp.resynchronize(secret, "254676", "287922", 0, 5));
    assertEquals(OptionalLong.of(7), hotp.resynchronize(secret, "254676", "287922", 0, 6));
    assertEquals(OptionalLong.empty(), hotp.resynchronize(secret, "254676", "162583", 0, 100));
    assertEquals(OptionalLong.empty(), hotp.resynchronize(secret, "25467", "287922", 0, 100));
    assertEquals(Verification.Reason.MISMATCH, hotp.verify(secret, "254676", 0).reason());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> hotp.resynchronize(secret, "254676", "287922", 0, 10_001));
    assertEquals("range must be between 1 and 10000: 10001", e.getMessage());
  }

  // ---------------------------------------------------------------- key rotation

  @Test
  void resealBatch_walksEveryRecordAndLeavesNothingUnderTheOldKey() {
    TwoFactor old = service().build();
    List<SoftwareAuthenticator> phones = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      Enrollment e = old.enroll("agent-" + i, "a" + i);
      SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
      Verification confirmed = old.confirm("agent-" + i, phone.code(clock));
      old.generateRecoveryCodes("agent-" + i, Proof.token(confirmed.proof()));
      phones.add(phone);
    }
    old.enroll("pending-only", "p");
    TwoFactor rotated =
        service(
                AesGcmSecretSealer.builder()
                    .currentKey("k2", KEY_2)
                    .previousKey("k1", KEY_1)
                    .build())
            .build();
    events.clear();
    Optional<String> cursor = Optional.empty();
    int batches = 0;
    do {
      cursor = rotated.resealBatch(cursor.orElse(null), 3);
      batches++;
    } while (cursor.isPresent());
    assertEquals(4, batches, "8 records in pages of 3, and the empty page that ends the walk");
    assertEquals(7, events.stream().filter(e -> e.type() == TwoFactorEvent.Type.RESEALED).count());
    for (int i = 0; i < 7; i++) {
      CredentialRecord r = repository.load("agent-" + i);
      assertTrue(r.secret().startsWith("aes-gcm:k2:"));
      assertTrue(r.recoveryCodes().startsWith("aes-gcm:k2:"));
    }
    TwoFactor onlyNew =
        service(AesGcmSecretSealer.builder().currentKey("k2", KEY_2).build()).build();
    assertEquals(Set.of("k1"), onlyNew.missingKeyIds(), "the pending secret still names k1");
    clock.advance(PERIOD);
    for (int i = 0; i < 7; i++) {
      assertTrue(onlyNew.verify("agent-" + i, phones.get(i).code(clock)).isAccepted());
      assertEquals(10, onlyNew.status("agent-" + i).recoveryCodesLeft());
    }
    // A second walk has nothing left to do.
    events.clear();
    assertEquals(Optional.of("pending-only"), rotated.resealBatch(null, 100));
    assertEquals(List.of(), events);
    assertThrows(IllegalArgumentException.class, () -> rotated.resealBatch(null, 0));
  }

  @Test
  void missingKeyIds_namesTheKeysRecordsAreSealedUnderThatTheSealerLacks() {
    activate(service().build());
    assertEquals(Set.of(), service().build().missingKeyIds());
    TwoFactor withoutK1 =
        service(AesGcmSecretSealer.builder().currentKey("k2", KEY_2).build()).build();
    assertEquals(Set.of("k1"), withoutK1.missingKeyIds());
  }

  // ---------------------------------------------------------------- request context

  @Test
  void context_reachesEveryEventAndTheBackOffIsPerAddress() {
    TwoFactor tf = service().build();
    SoftwareAuthenticator phone = activate(tf);
    RequestContext office = RequestContext.of("198.51.100.1", "Firefox");
    RequestContext elsewhere = RequestContext.of("203.0.113.7", "curl/8");
    TwoFactor attacker = tf.withContext(elsewhere);
    events.clear();
    for (int i = 0; i < 4; i++) {
      assertEquals(
          Reason.MISMATCH,
          attacker.verify(ID, TwoFactorTest.wrongCode(phone, clock.instant())).reason());
    }
    assertEquals(Reason.THROTTLED, attacker.verify(ID, phone.code(clock)).reason());
    assertTrue(events.stream().allMatch(e -> e.context().equals(elsewhere)));
    // The back-off of one address does not slow the user down at another.
    assertTrue(tf.withContext(office).verify(ID, phone.code(clock)).isAccepted());
    assertEquals(office, events.get(events.size() - 1).context());
    assertEquals(
        4,
        events.stream()
            .filter(
                e ->
                    e.type() == TwoFactorEvent.Type.REJECTED && e.reason().get() == Reason.MISMATCH)
            .count());
    assertEquals(RequestContext.none(), tf.context());
    assertEquals(elsewhere, attacker.context());
  }
}
