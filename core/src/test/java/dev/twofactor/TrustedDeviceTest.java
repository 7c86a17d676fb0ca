package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Verification.Reason;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** "Trust this browser": device tokens that rotate, detect a copy, and die with the credential. */
final class TrustedDeviceTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration PERIOD = Duration.ofSeconds(30);
  private static final String ID = "agent-42";

  private final FakeClock clock = FakeClock.at(START);
  private final InMemoryCredentialRepository repository = new InMemoryCredentialRepository();
  private final List<TwoFactorEvent> events = new ArrayList<>();
  private final TwoFactor tf =
      TwoFactor.builder()
          .issuer("ACME")
          .clock(clock)
          .repository(repository)
          .sealer(AesGcmSecretSealer.builder().currentKey("k1", new byte[32]).build())
          .recoveryCodes(TwoFactorTest.FAST_RECOVERY)
          .listener(events::add)
          .build();
  private SoftwareAuthenticator phone;

  /** Signs in with a code and trusts the browser, as the "trust this browser" box does. */
  private DeviceToken signInAndTrust(String label) {
    if (phone == null) {
      Enrollment e = tf.enroll(ID, "alice");
      phone = SoftwareAuthenticator.scan(e.uri().toUriString());
      assertTrue(tf.confirm(ID, phone.code(clock)).isAccepted());
    }
    clock.advance(PERIOD);
    Verification v = tf.verify(ID, phone.code(clock));
    assertTrue(v.isAccepted());
    return tf.trustDevice(ID, Proof.token(v.proof()), label);
  }

  @Test
  void trustedBrowser_signsInWithItsTokenAndGetsANewOneEveryTime() {
    DeviceToken first = signInAndTrust("Firefox on Linux");
    assertEquals(43, first.token().length());
    assertEquals(START.plus(PERIOD).plus(Duration.ofDays(30)), first.expiresAt());
    clock.advance(Duration.ofHours(8));
    DeviceVerification v = tf.verifyDevice(ID, first.token());
    assertTrue(v.isAccepted());
    DeviceToken second = v.newToken().orElseThrow();
    assertNotEquals(first.token(), second.token());
    assertEquals(first.deviceId(), second.deviceId());
    assertEquals(first.expiresAt(), second.expiresAt(), "use does not extend the trust");
    clock.advance(Duration.ofHours(8));
    assertTrue(tf.verifyDevice(ID, second.token()).isAccepted());
    List<TrustedDevice> listed = tf.status(ID).trustedDevices();
    assertEquals(1, listed.size());
    assertEquals("Firefox on Linux", listed.get(0).label());
    assertEquals(clock.instant(), listed.get(0).lastUsed());
    // Stored only sealed: neither token appears in the record.
    String stored = repository.load(ID).toMap().toString();
    assertFalse(stored.contains(first.token()));
    assertFalse(stored.contains(second.token()));
  }

  @Test
  void copiedToken_usedAfterTheOriginalRotated_endsTheTrustOfEveryDevice() {
    DeviceToken laptop = signInAndTrust("laptop");
    DeviceToken desktop = signInAndTrust("desktop");
    String copy = laptop.token();
    DeviceToken rotated = tf.verifyDevice(ID, laptop.token()).newToken().orElseThrow();
    clock.advance(Duration.ofMinutes(1));
    events.clear();
    DeviceVerification stolen = tf.verifyDevice(ID, copy);
    assertEquals(Reason.REPLAYED, stolen.reason());
    assertFalse(stolen.isAccepted());
    assertEquals(TwoFactorEvent.Type.DEVICE_TOKEN_REUSED, events.get(0).type());
    assertEquals(Optional.of(laptop.deviceId()), events.get(0).device());
    assertEquals(Reason.MISMATCH, tf.verifyDevice(ID, rotated.token()).reason());
    assertEquals(Reason.MISMATCH, tf.verifyDevice(ID, desktop.token()).reason());
    assertEquals(List.of(), tf.status(ID).trustedDevices());
    clock.advance(PERIOD);
    assertTrue(tf.verify(ID, phone.code(clock)).isAccepted(), "codes still work");
  }

  @Test
  void parallelRequestsOfOneBrowser_withinTheGracePeriod_areAcceptedWithoutReuse() {
    DeviceToken token = signInAndTrust("laptop");
    DeviceVerification first = tf.verifyDevice(ID, token.token());
    clock.advance(Duration.ofSeconds(3));
    DeviceVerification parallel = tf.verifyDevice(ID, token.token());
    assertTrue(parallel.isAccepted());
    assertEquals(Optional.empty(), parallel.newToken(), "the first response carries the new one");
    assertTrue(tf.verifyDevice(ID, first.newToken().orElseThrow().token()).isAccepted());
  }

  @Test
  void concurrentPresentations_storeExactlyOneRotation() throws Exception {
    DeviceToken token = signInAndTrust("laptop");
    int threads = 32;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Future<DeviceVerification>> results = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        Callable<DeviceVerification> present =
            () -> {
              start.await(30, TimeUnit.SECONDS);
              return tf.verifyDevice(ID, token.token());
            };
        results.add(pool.submit(present));
      }
      int rotated = 0;
      String next = null;
      for (Future<DeviceVerification> f : results) {
        DeviceVerification v = f.get(60, TimeUnit.SECONDS);
        assertTrue(v.isAccepted());
        if (v.newToken().isPresent()) {
          rotated++;
          next = v.newToken().get().token();
        }
      }
      assertEquals(1, rotated, "exactly one rotation is stored");
      assertTrue(tf.verifyDevice(ID, next).isAccepted(), "and it is the one that works next");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void trust_diesWithTheCredential() {
    DeviceToken token = signInAndTrust("laptop");
    // Replacing the secret ends it.
    clock.advance(PERIOD);
    Enrollment replacement = tf.enroll(ID, "alice", Proof.code(phone.code(clock)));
    clock.advance(PERIOD);
    assertTrue(tf.verifyDevice(ID, token.token()).isAccepted(), "until the new one is confirmed");
    phone = SoftwareAuthenticator.scan(replacement.uri().toUriString());
    assertTrue(tf.confirm(ID, phone.code(clock)).isAccepted());
    assertEquals(List.of(), tf.status(ID).trustedDevices());
    // An administrator's reset ends it too, and the account has nothing to trust any more.
    DeviceToken again = signInAndTrust("laptop");
    assertTrue(tf.reset(ID, "admin"));
    assertEquals(Reason.NOT_ENROLLED, tf.verifyDevice(ID, again.token()).reason());
  }

  @Test
  void revoke_oneDeviceOrAllOfThem() {
    DeviceToken laptop = signInAndTrust("laptop");
    DeviceToken desktop = signInAndTrust("desktop");
    assertTrue(tf.revokeDevice(ID, laptop.deviceId()));
    assertFalse(tf.revokeDevice(ID, laptop.deviceId()));
    assertEquals(Reason.MISMATCH, tf.verifyDevice(ID, laptop.token()).reason());
    assertTrue(tf.verifyDevice(ID, desktop.token()).isAccepted());
    assertTrue(tf.revokeDevices(ID), "sign out everywhere");
    assertFalse(tf.revokeDevices(ID));
    assertEquals(List.of(), tf.status(ID).trustedDevices());
  }

  @Test
  void trust_endsAfterItsLifetimeAndTheOldestGoesBeyondTheMost() {
    TwoFactor few =
        TwoFactor.builder()
            .issuer("ACME")
            .clock(clock)
            .repository(repository)
            .sealer(AesGcmSecretSealer.builder().currentKey("k1", new byte[32]).build())
            .trustedDevices(2, Duration.ofDays(7), Duration.ofSeconds(5))
            .build();
    DeviceToken first = signInAndTrust("first");
    Verification v = few.verify(ID, phone.codeAt(clock.instant().plus(PERIOD)));
    clock.advance(PERIOD);
    DeviceToken second = few.trustDevice(ID, Proof.token(v.proof()), "second");
    DeviceToken third = few.trustDevice(ID, Proof.token(v.proof()), "third");
    assertEquals(
        List.of("second", "third"),
        few.status(ID).trustedDevices().stream().map(TrustedDevice::label).toList());
    assertEquals(Reason.MISMATCH, few.verifyDevice(ID, first.token()).reason());
    clock.advance(Duration.ofDays(7));
    assertEquals(Reason.EXPIRED, few.verifyDevice(ID, second.token()).reason());
    assertEquals(Reason.EXPIRED, few.verifyDevice(ID, third.token()).reason());
    assertEquals(List.of(), few.status(ID).trustedDevices());
  }

  @Test
  void tokens_thatAreNotTokensOrForgedAreRefusedWithoutAnswerAboutTheAccount() {
    DeviceToken token = signInAndTrust("laptop");
    assertEquals(Reason.MALFORMED, tf.verifyDevice(ID, "short").reason());
    assertEquals(Reason.MALFORMED, tf.verifyDevice("nobody", token.token() + "=").reason());
    assertEquals(Reason.MISMATCH, tf.verifyDevice(ID, "A".repeat(43)).reason());
    assertEquals(Reason.NOT_ENROLLED, tf.verifyDevice("nobody", token.token()).reason());
    // A device list copied from another account does not open.
    CredentialRecord r = repository.load(ID);
    Enrollment other = tf.enroll("mallory", "m");
    assertTrue(
        tf.confirm("mallory", SoftwareAuthenticator.scan(other.uri().toUriString()).code(clock))
            .isAccepted());
    CredentialRecord m = repository.load("mallory");
    repository.replace(
        m.version(),
        m.toBuilder().version(m.version() + 1).set(CredentialRecord.DEVICES, r.devices()).build());
    assertThrows(SealedSecretException.class, () -> tf.verifyDevice("mallory", token.token()));
  }

  @Test
  void trust_needsProofAndALabelThatCannotForgeALine() {
    signInAndTrust("laptop");
    assertThrows(
        ProofRejectedException.class,
        () -> tf.trustDevice(ID, Proof.token("aes-gcm:k1:forged"), "evil"));
    DeviceVerification device = tf.verifyDevice(ID, signInAndTrust("desktop").token());
    assertTrue(device.isAccepted());
    IllegalArgumentException label =
        assertThrows(
            IllegalArgumentException.class,
            () -> tf.trustDevice(ID, Proof.code("000000"), "Firefox\nINFO admin"));
    assertEquals(
        "label must not contain control or bidirectional characters: U+000A at index 7",
        label.getMessage());
    assertEquals(
        "label must be at most 100 characters: 101",
        assertThrows(
                IllegalArgumentException.class,
                () -> tf.trustDevice(ID, Proof.code("000000"), "x".repeat(101)))
            .getMessage());
    assertTrue(device.toString().startsWith("DeviceVerification[ACCEPTED, device "));
    assertFalse(device.toString().contains(device.newToken().get().token()));
    assertFalse(device.newToken().get().toString().contains(device.newToken().get().token()));
  }

  @Test
  void trustedDevice_isAValueOfEveryFieldAndShowsItsLabelEscaped() {
    Instant used = START.plusSeconds(1);
    Instant expires = START.plusSeconds(2);
    TrustedDevice device =
        new TrustedDevice("Sb3xAAAAAAAAAAAA", "Firefox\u202e", START, used, expires);
    assertEquals("Sb3xAAAAAAAAAAAA", device.id());
    assertEquals("Firefox\u202e", device.label());
    assertEquals(START, device.created());
    assertEquals(used, device.lastUsed());
    assertEquals(expires, device.expiresAt());
    assertEquals(
        "TrustedDevice[Sb3xAAAAAAAAAAAA, \"Firefox\\u202e\", trusted 2026-01-01T00:00:00Z, used"
            + " 2026-01-01T00:00:01Z, expires 2026-01-01T00:00:02Z]",
        device.toString());
    TrustedDevice same =
        new TrustedDevice("Sb3xAAAAAAAAAAAA", "Firefox\u202e", START, used, expires);
    assertEquals(device, same);
    assertEquals(device.hashCode(), same.hashCode());
    for (TrustedDevice other :
        List.of(
            new TrustedDevice("Sb3xAAAAAAAAAAAB", "Firefox\u202e", START, used, expires),
            new TrustedDevice("Sb3xAAAAAAAAAAAA", "Firefox", START, used, expires),
            new TrustedDevice("Sb3xAAAAAAAAAAAA", "Firefox\u202e", used, used, expires),
            new TrustedDevice("Sb3xAAAAAAAAAAAA", "Firefox\u202e", START, expires, expires),
            new TrustedDevice("Sb3xAAAAAAAAAAAA", "Firefox\u202e", START, used, used))) {
      assertNotEquals(device, other, other.toString());
      assertNotEquals(device.hashCode(), other.hashCode(), other.toString());
    }
    assertNotEquals(device, (Object) device.toString());
  }
}
