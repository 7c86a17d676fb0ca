package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twofactor.Verification.Reason;
import dev.twofactor.testkit.FakeClock;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of {@link TwoFactor#verify} with an account id and a code from outside:
 * it throws only for an invalid account id, answers MALFORMED for what is not a code before it
 * looks at the account, and accepts only a code of the window after the confirmed step, for the
 * enrolled account.
 */
final class TwoFactorVerifyFuzzTest {
  static final String ACCOUNT = "agent-42";
  static final Instant ENROLLED = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant NOW = ENROLLED.plusSeconds(60);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One confirmed credential with recovery codes, made once from a fixed seed. */
  record Setup(CredentialRecord record, Secret secret, List<String> recoveryCodes) {}

  static final Setup SETUP = setUp();

  private static Setup setUp() {
    SecureRandom seeded;
    try {
      seeded = SecureRandom.getInstance("SHA1PRNG");
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
    seeded.setSeed(42);
    InMemoryCredentialRepository repository = new InMemoryCredentialRepository();
    TwoFactor service = builder(repository, FakeClock.at(ENROLLED)).random(seeded).build();
    Secret secret = service.enroll(ACCOUNT, "alice@example.com").uri().secret();
    Verification confirmed = service.confirm(ACCOUNT, Totp.defaults().generate(secret, ENROLLED));
    assertTrue(confirmed.isAccepted(), confirmed.toString());
    List<String> codes =
        service.generateRecoveryCodes(ACCOUNT, Proof.token(confirmed.proof())).codes();
    CredentialRecord record = repository.load(ACCOUNT);
    assertTrue(record != null);
    return new Setup(record, secret, codes);
  }

  private static TwoFactor.Builder builder(CredentialRepository repository, FakeClock clock) {
    return TwoFactor.builder()
        .issuer("ACME")
        .repository(repository)
        .clock(clock)
        .recoveryCodes(RecoveryCodePolicy.builder().iterations(1_000).build());
  }

  /** A service over a copy of the set-up credential, at {@link #NOW}. */
  static TwoFactor service() {
    InMemoryCredentialRepository repository = new InMemoryCredentialRepository();
    assertTrue(repository.insert(SETUP.record()));
    return builder(repository, FakeClock.at(NOW)).random(RANDOM).build();
  }

  @FuzzTest(maxDuration = "30s")
  void verify_throwsOnlyForBadAccountIdsAndAcceptsOnlyTheCode(byte[] input) {
    List<String> fields = FuzzInput.fields(input, 2);
    String account = fields.get(0);
    String code = fields.get(1);
    Verification v;
    try {
      v = service().verify(account, code);
    } catch (IllegalArgumentException e) {
      assertTrue(AccountIds.problem(account) != null, e.toString());
      return;
    }
    if (Codes.digitCount(code) < 0) {
      assertEquals(Reason.MALFORMED, v.reason(), v.toString());
    } else if (!account.equals(ACCOUNT)) {
      assertEquals(Reason.NOT_ENROLLED, v.reason(), v.toString());
    } else if (v.isAccepted()) {
      Totp totp = Totp.defaults();
      long now = totp.stepAt(NOW);
      assertTrue(v.step() > totp.stepAt(ENROLLED) && Math.abs(v.step() - now) <= 1, v.toString());
      assertEquals(
          totp.generateAtStep(SETUP.secret(), v.step()),
          TotpFuzzTest.withoutBlanks(code),
          v.toString());
    } else {
      assertTrue(
          Set.of(Reason.MALFORMED, Reason.MISMATCH, Reason.REPLAYED).contains(v.reason()),
          v.toString());
    }
  }
}
