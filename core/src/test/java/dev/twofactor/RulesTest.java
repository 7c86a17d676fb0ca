package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Verification.Reason;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the service keeps track of that a caller sees only indirectly: the cache of opened secrets,
 * the learned drift, the version of a re-sealed record, a 0.1 enrollment that was never confirmed,
 * and that key material it hands to a host's sealer does not outlive the call.
 */
final class RulesTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration PERIOD = Duration.ofSeconds(30);
  private static final String ID = "agent-42";
  private static final Totp TOTP = Totp.defaults();

  private final FakeClock clock = FakeClock.at(START);
  private final InMemoryCredentialRepository repository = new InMemoryCredentialRepository();

  private TwoFactor.Builder service() {
    return TwoFactor.builder()
        .issuer("ACME")
        .clock(clock)
        .repository(repository)
        .recoveryCodes(TwoFactorTest.FAST_RECOVERY);
  }

  /** Enrolls and confirms; returns the phone, one period after the confirmation. */
  private SoftwareAuthenticator activate(TwoFactor tf, String accountId) {
    Enrollment e = tf.enroll(accountId, "alice");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    assertTrue(tf.confirm(accountId, phone.code(clock)).isAccepted());
    clock.advance(PERIOD);
    return phone;
  }

  @Test
  void cache_forgetsTheOpenedSecretWhenTheCredentialEnds() {
    TwoFactor nodeA = service().build();
    TwoFactor nodeB = service().build();
    SoftwareAuthenticator phone = activate(nodeA, ID);
    assertTrue(nodeB.verify(ID, phone.code(clock)).isAccepted());
    assertEquals(1, nodeB.cachedSecrets());
    assertTrue(nodeA.reset(ID, "admin"));
    clock.advance(PERIOD);
    String code = phone.code(clock);
    assertEquals(
        Reason.NOT_ENROLLED,
        nodeB.resynchronize(ID, code, phone.codeAt(clock.instant().plus(PERIOD))).reason());
    assertEquals(0, nodeB.cachedSecrets(), "a resynchronisation without a credential forgets it");

    phone = activate(nodeB, ID);
    assertTrue(nodeB.verify(ID, phone.code(clock)).isAccepted());
    assertEquals(1, nodeB.cachedSecrets());
    assertTrue(nodeB.reset(ID, "admin"));
    assertEquals(0, nodeB.cachedSecrets(), "a reset forgets it");

    phone = activate(nodeB, ID);
    Verification v = nodeB.verify(ID, phone.code(clock));
    assertEquals(1, nodeB.cachedSecrets());
    assertTrue(nodeB.disable(ID, Proof.token(v.proof())));
    assertEquals(0, nodeB.cachedSecrets(), "disabling forgets it");
  }

  @Test
  void cache_holdsUpTo10000SecretsAndThenStartsAgain() {
    TwoFactor tf = service().build();
    Secret secret = Secret.generate();
    for (int i = 0; i <= Rules.SECRET_CACHE_SIZE; i++) {
      assertFalse(tf.importCredential("a" + i, secret, "migration"));
    }
    clock.advance(PERIOD);
    String code = TOTP.generate(secret, clock.instant());
    for (int i = 0; i < Rules.SECRET_CACHE_SIZE; i++) {
      assertTrue(tf.verify("a" + i, code).isAccepted());
      if (i < 2) {
        assertEquals(i + 1, tf.cachedSecrets());
      }
    }
    assertEquals(Rules.SECRET_CACHE_SIZE, tf.cachedSecrets());
    assertTrue(tf.verify("a" + Rules.SECRET_CACHE_SIZE, code).isAccepted());
    assertEquals(1, tf.cachedSecrets(), "a full cache is emptied before the next secret");
  }

  @Test
  void policyCache_holdsUpTo64SetsOfCodeParametersAndThenStartsAgain() {
    TwoFactor tf = service().build();
    Secret secret = Secret.generate();
    List<SoftwareAuthenticator> phones = new ArrayList<>();
    for (int period = 1; period <= Rules.TOTP_CACHE_SIZE + 1; period++) {
      OtpAuthUri uri =
          OtpAuthUri.totp(secret)
              .issuer("ACME")
              .account("a" + period)
              .period(Duration.ofSeconds(period))
              .build();
      assertFalse(tf.importCredential("a" + period, uri, "migration"));
      phones.add(SoftwareAuthenticator.scan(uri.toUriString()));
    }
    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < Rules.TOTP_CACHE_SIZE; i++) {
      assertTrue(tf.verify("a" + (i + 1), phones.get(i).code(clock)).isAccepted(), "a" + (i + 1));
      assertEquals(i + 1, tf.cachedPolicies());
    }
    int last = Rules.TOTP_CACHE_SIZE;
    assertTrue(tf.verify("a" + (last + 1), phones.get(last).code(clock)).isAccepted());
    assertEquals(1, tf.cachedPolicies(), "a full cache is emptied before the next policy");
  }

  @Test
  void verify_learnsTheDriftOfAPhoneThatRunsAhead() {
    TwoFactor tf = service().build();
    SoftwareAuthenticator phone = activate(tf, ID);
    Verification v = tf.verify(ID, phone.codeAt(clock.instant().plus(PERIOD)));
    assertEquals(1, v.drift());
    assertEquals(1, repository.load(ID).drift());
  }

  @Test
  void resynchronize_findsAPairThatStartsAtStepZero() {
    clock.set(Instant.EPOCH.plusSeconds(45));
    TwoFactor tf = service().build();
    Secret secret = Secret.generate();
    assertFalse(tf.importCredential(ID, secret, "migration"));
    Verification v =
        tf.resynchronize(ID, TOTP.generateAtStep(secret, 0), TOTP.generateAtStep(secret, 1));
    assertTrue(v.isAccepted(), v.toString());
    assertEquals(1, v.step());
  }

  @Test
  void resealBatch_storesTheNextVersion() {
    byte[] k1 = new byte[32];
    byte[] k2 = new byte[32];
    k2[0] = 2;
    TwoFactor before =
        service().sealer(AesGcmSecretSealer.builder().currentKey("k1", k1).build()).build();
    activate(before, ID);
    long version = repository.load(ID).version();
    TwoFactor after =
        service()
            .sealer(AesGcmSecretSealer.builder().currentKey("k2", k2).previousKey("k1", k1).build())
            .build();
    assertEquals(Optional.of(ID), after.resealBatch(null, 10));
    assertEquals(version + 1, repository.load(ID).version());
  }

  @Test
  void legacyPendingEnrollment_isDroppedAndANewOneTakesItsPlace() {
    // A version above every random first version: the new record must still be a later one.
    long version = 1L << 62;
    repository.insert(
        CredentialRecord.builder(ID)
            .version(version)
            .pendingSecret("plain:" + Secret.generate().toBase32(), START.plusSeconds(600))
            .build());
    assertTrue(repository.load(ID).isLegacy());
    TwoFactor tf = service().sealer(SecretSealer.insecurePlainText()).legacyRecords(true).build();
    assertEquals(Reason.NOT_ENROLLED, tf.confirm(ID, "123456").reason(), "never confirmable");
    SoftwareAuthenticator phone = activate(tf, ID);
    assertTrue(tf.verify(ID, phone.code(clock)).isAccepted());
    assertFalse(repository.load(ID).isLegacy());
    assertTrue(repository.load(ID).version() > version, repository.load(ID).toString());
  }

  @Test
  void verify_keepsFollowingAPhoneThatWasResynchronised() {
    TwoFactor tf = service().build();
    SoftwareAuthenticator phone = activate(tf, ID);
    Duration ahead = Duration.ofMinutes(5); // ten steps
    Instant now = clock.instant();
    Verification v =
        tf.resynchronize(
            ID, phone.codeAt(now.plus(ahead)), phone.codeAt(now.plus(ahead).plus(PERIOD)));
    assertTrue(v.isAccepted(), v.toString());
    assertEquals(11, repository.load(ID).drift());
    for (int i = 0; i < 3; i++) {
      clock.advance(PERIOD.multipliedBy(2));
      v = tf.verify(ID, phone.codeAt(clock.instant().plus(ahead)));
      assertTrue(v.isAccepted(), i + " " + v);
      assertEquals(10, repository.load(ID).drift(), "the drift follows the phone");
    }
  }

  /** A host's sealer that keeps every array it is given or gives back, with its purpose. */
  private static final class KeepingSealer implements SecretSealer {
    private final SecretSealer sealer;
    final List<String> purposes = new ArrayList<>();
    final List<byte[]> arrays = new ArrayList<>();

    KeepingSealer(SecretSealer sealer) {
      this.sealer = sealer;
    }

    private void keep(byte[] associatedData, byte[] array) {
      // The associated data: "twofactor/2", then the purpose's length and UTF-8.
      int length = ByteBuffer.wrap(associatedData, 11, 4).getInt();
      purposes.add(new String(associatedData, 15, length, StandardCharsets.UTF_8));
      arrays.add(array);
    }

    @Override
    public String seal(byte[] plaintext, byte[] associatedData) {
      keep(associatedData, plaintext);
      return sealer.seal(plaintext, associatedData);
    }

    @Override
    public byte[] open(String sealed, byte[] associatedData) {
      byte[] opened = sealer.open(sealed, associatedData);
      keep(associatedData, opened);
      return opened;
    }

    @Override
    public boolean isCurrent(String sealed) {
      return sealer.isCurrent(sealed);
    }

    @Override
    public Optional<String> keyId(String sealed) {
      return sealer.keyId(sealed);
    }

    @Override
    public boolean hasKey(String keyId) {
      return sealer.hasKey(keyId);
    }

    /** Asserts that every array of these purposes is all zeros now, and returns how many. */
    int assertWiped(List<String> wiped) {
      int count = 0;
      for (int i = 0; i < arrays.size(); i++) {
        if (wiped.contains(purposes.get(i))) {
          assertArrayEquals(new byte[arrays.get(i).length], arrays.get(i), purposes.get(i));
          count++;
        }
      }
      return count;
    }
  }

  @Test
  void keyMaterial_handedToOrReturnedByTheSealerIsWipedAfterTheCall() {
    byte[] k1 = new byte[32];
    byte[] k2 = new byte[32];
    k2[0] = 2;
    KeepingSealer first =
        new KeepingSealer(AesGcmSecretSealer.builder().currentKey("k1", k1).build());
    TwoFactor tf = service().sealer(first).build();
    SoftwareAuthenticator phone = activate(tf, ID);
    Verification v = tf.verify(ID, phone.code(clock));
    DeviceToken device = tf.trustDevice(ID, Proof.token(v.proof()), "Firefox");
    assertTrue(tf.verifyDevice(ID, device.token()).isAccepted());
    List<String> secrets = List.of("secret", "pending-secret", "devices");
    assertTrue(first.assertWiped(secrets) >= 6, first.purposes.toString());
    assertTrue(first.purposes.containsAll(secrets), first.purposes.toString());

    // After a key rotation, the next sign-in re-seals the secret and the devices.
    KeepingSealer rotated =
        new KeepingSealer(
            AesGcmSecretSealer.builder().currentKey("k2", k2).previousKey("k1", k1).build());
    TwoFactor after = service().sealer(rotated).build();
    clock.advance(PERIOD);
    assertTrue(after.verify(ID, phone.code(clock)).isAccepted());
    assertEquals(
        2,
        rotated.purposes.stream().filter("devices"::equals).count(),
        rotated.purposes.toString());
    rotated.assertWiped(secrets);
  }

  @Test
  void decisionsAndOutcomes_describeThemselvesForDebugging() {
    assertEquals("Decision[NONE, true, []]", Decision.answer(true).toString());
    CredentialRecord next = CredentialRecord.builder("a").version(2).build();
    TwoFactorEvent event =
        TwoFactorEvent.of(TwoFactorEvent.Type.DISABLED, "a", START, RequestContext.none());
    assertEquals(
        "Decision[STORE " + next + ", 1, [" + event + "]]",
        Decision.store(next, 1, event).toString());
    assertEquals("Decision[DELETE, x, []]", Decision.delete("x").toString());
    assertEquals("Outcome[true]", Rules.Outcome.of(true).toString());
    assertEquals(
        "Outcome[Verification[MISMATCH]]",
        Rules.Outcome.rejected(Verification.MISMATCH).toString());
  }
}
