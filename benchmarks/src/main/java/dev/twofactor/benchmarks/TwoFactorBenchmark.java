package dev.twofactor.benchmarks;

import dev.twofactor.Enrollment;
import dev.twofactor.Proof;
import dev.twofactor.RecoveryCodePolicy;
import dev.twofactor.Secret;
import dev.twofactor.ThrottlePolicy;
import dev.twofactor.Totp;
import dev.twofactor.TwoFactor;
import dev.twofactor.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link TwoFactor#verify} at login, with the default {@code InMemoryCredentialRepository}, the
 * default code policy (SHA-1, 6 digits, 30 s, one step behind and one ahead) and no listener; its
 * ratio is to {@link OtpBenchmark#floor()} with SHA-1, the one HMAC an accepted code costs at
 * least.
 *
 * <p>An accepted code cannot be verified twice: the replay guard refuses every step at or before
 * the last accepted one. So {@link #verifyValid()} moves its clock one period forward on every call
 * and sends the code of that step, taken from {@value #STEPS} codes computed in the setup. When
 * they are used up it resets, enrolls and confirms the account again, inside the measured time, and
 * starts from the first code again: its source of randomness ({@link RepeatableRandom}) gives the
 * same secret at every enrollment, so the codes stay valid. That adds one reset, one enrollment and
 * one confirmation per {@value #STEPS} calls, a few nanoseconds per call.
 *
 * <p>The rejections use another clock, which stands still, and accounts of their own:
 *
 * <ul>
 *   <li>{@link #verifyWrong()}: {@code MISMATCH}, three HMACs (the whole window) and the failure
 *       stored. With the default throttle the fourth wrong code in a row would lock the account,
 *       and every call after it would be {@code THROTTLED}; so this account's service has a {@link
 *       ThrottlePolicy} without a wait ({@code freeFailures}, {@code maxFailures} and the budgets
 *       at {@code Integer.MAX_VALUE}): every call takes the path of the first three failures under
 *       the default policy.
 *   <li>{@link #verifyNotEnrolled()}: the same code for an account without a second factor, on the
 *       same service: {@code NOT_ENROLLED} after the same three HMACs, with a key of zeros, so that
 *       the time of a rejection does not tell an attacker whether the account has a second factor.
 *       Compare it with {@link #verifyWrong()}.
 *   <li>{@link #redeemWrong()} and {@link #redeemNotEnrolled()}: the same pair for recovery codes
 *       (a well-formed code of another account's set): one PBKDF2-HMAC-SHA256 hash of 100,000
 *       iterations in both, the enrolled account's set opened and searched, the other's skipped.
 *       The recovery-code back-off of that service has no wait.
 *   <li>{@link #verifyReplayed()}: {@code REPLAYED}, the code of the step that confirmed the
 *       account; three HMACs, nothing stored.
 *   <li>{@link #verifyThrottled()}: {@code THROTTLED}, an account locked by four wrong codes under
 *       the default policy; no HMAC, nothing stored.
 * </ul>
 *
 * <p>{@link #setUp()} checks that each benchmark gets the outcome its name says.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TwoFactorBenchmark {
  /** How many consecutive steps have their code computed in the setup; a power of two. */
  public static final int STEPS = 1 << 14;

  /** The time of the first step: an arbitrary, fixed instant, 7 seconds into a step. */
  static final Instant START = Instant.parse("2026-11-28T09:41:07Z");

  private static final String ISSUER = "Bench";
  private static final String NAME = "alice@example.com";
  private static final String VALID = "agent-valid";
  private static final String WRONG = "agent-wrong";
  private static final String REPLAYED = "agent-replayed";
  private static final String THROTTLED = "agent-throttled";
  private static final String NOT_ENROLLED = "agent-without-second-factor";
  private static final long SEED = 20261128L;

  private final Totp totp = Totp.defaults();

  private final SettableClock movingClock = new SettableClock(START);
  private final RepeatableRandom random = new RepeatableRandom(SEED);
  private TwoFactor service;
  private Instant[] instants;
  private String[] codes;
  private int next;

  private final SettableClock stillClock = new SettableClock(START);
  private TwoFactor permissive;
  private TwoFactor strict;
  private String wrongCode;
  private String replayedCode;
  private String throttledCode;
  private String wrongRecoveryCode;

  /** Creates the benchmark state; JMH calls it once per fork, then {@link #setUp()}. */
  public TwoFactorBenchmark() {}

  /**
   * Builds the services, enrolls and confirms the accounts, computes the codes, and checks that
   * every benchmark gets the outcome its name says.
   */
  @Setup
  public void setUp() {
    service = TwoFactor.builder().issuer(ISSUER).clock(movingClock).random(random).build();
    long first = totp.stepAt(START);
    instants = new Instant[STEPS];
    for (int i = 0; i < STEPS; i++) {
      instants[i] = totp.stepStart(first + i).plusSeconds(7);
    }
    Secret secret = enrollValid().uri().secret();
    codes = new String[STEPS];
    for (int i = 0; i < STEPS; i++) {
      codes[i] = totp.generateAtStep(secret, first + i);
    }
    confirmValid();
    Secret again = enrollValid().uri().secret();
    if (!again.equals(secret)) {
      throw new IllegalStateException("enrolling again must give the same secret");
    }
    confirmValid();

    permissive =
        TwoFactor.builder()
            .issuer(ISSUER)
            .clock(stillClock)
            .throttle(
                ThrottlePolicy.builder()
                    .freeFailures(Integer.MAX_VALUE)
                    .budgets(Integer.MAX_VALUE, Integer.MAX_VALUE)
                    .maxFailures(Integer.MAX_VALUE)
                    .build())
            .recoveryCodes(
                RecoveryCodePolicy.builder()
                    .backoff(Integer.MAX_VALUE, Duration.ofSeconds(1), Duration.ofSeconds(1))
                    .build())
            .build();
    Secret wrongSecret = enrollAndConfirm(permissive, WRONG);
    wrongCode = wrongCode(wrongSecret);
    String otherAccount = "agent-other";
    Secret otherSecret = enrollAndConfirm(permissive, otherAccount);
    wrongRecoveryCode =
        permissive
            .generateRecoveryCodes(
                otherAccount, Proof.code(totp.generate(otherSecret, START.plus(totp.period()))))
            .codes()
            .get(0);
    permissive.generateRecoveryCodes(
        WRONG, Proof.code(totp.generate(wrongSecret, START.plus(totp.period()))));

    strict = TwoFactor.builder().issuer(ISSUER).clock(stillClock).build();
    replayedCode = totp.generate(enrollAndConfirm(strict, REPLAYED), START);
    throttledCode = wrongCode(enrollAndConfirm(strict, THROTTLED));
    for (int i = 0; i <= ThrottlePolicy.defaults().freeFailures(); i++) {
      require(strict.verify(THROTTLED, throttledCode), Verification.Reason.MISMATCH);
    }
    check();
  }

  private Enrollment enrollValid() {
    service.reset(VALID, ISSUER); // an administrator's reset: a new enrollment needs no proof
    random.restart();
    movingClock.set(instants[0]);
    return service.enroll(VALID, NAME);
  }

  private void confirmValid() {
    require(service.confirm(VALID, codes[0]), Verification.Reason.ACCEPTED);
    next = 1;
  }

  private Secret enrollAndConfirm(TwoFactor twoFactor, String account) {
    Secret secret = twoFactor.enroll(account, NAME).uri().secret();
    require(twoFactor.confirm(account, totp.generate(secret, START)), Verification.Reason.ACCEPTED);
    return secret;
  }

  /** Returns a well-formed code that matches no step of the window around {@link #START}. */
  private String wrongCode(Secret secret) {
    int candidate = Integer.parseInt(totp.generate(secret, START));
    while (true) {
      candidate = (candidate + 1) % 1_000_000;
      String code = String.format(Locale.ROOT, "%06d", candidate);
      if (!totp.verify(secret, code, START).isAccepted()) {
        return code;
      }
    }
  }

  private void check() {
    // Across an enrollment again: the last codes of one enrollment and the first of the next.
    next = STEPS - 2;
    for (int i = 0; i < 4; i++) {
      Verification v = verifyValid();
      require(v, Verification.Reason.ACCEPTED);
      if (v.drift() != 0) {
        throw new IllegalStateException("a code of the current step must have drift 0: " + v);
      }
    }
    for (int i = 0; i < 4; i++) {
      require(verifyWrong(), Verification.Reason.MISMATCH);
      require(verifyReplayed(), Verification.Reason.REPLAYED);
      require(verifyThrottled(), Verification.Reason.THROTTLED);
      require(verifyNotEnrolled(), Verification.Reason.NOT_ENROLLED);
    }
    require(redeemWrong(), Verification.Reason.MISMATCH);
    require(redeemNotEnrolled(), Verification.Reason.NOT_ENROLLED);
  }

  private static void require(Verification v, Verification.Reason reason) {
    if (v.reason() != reason) {
      throw new IllegalStateException("expected " + reason + ": " + v);
    }
  }

  /**
   * {@link TwoFactor#verify} of the right code of a step after the last accepted one: one HMAC, the
   * record replaced with the new replay mark. Once in {@value #STEPS} calls the account is enrolled
   * and confirmed again first.
   *
   * @return the accepted verification
   */
  @Benchmark
  public Verification verifyValid() {
    if (next == STEPS) {
      enrollValid();
      confirmValid();
    }
    movingClock.set(instants[next]);
    return service.verify(VALID, codes[next++]);
  }

  /**
   * {@link TwoFactor#verify} of a code that matches no step of the window: three HMACs, and the
   * failure counted in the record (a throttle policy without waits, so that it stays a mismatch).
   *
   * @return the {@code MISMATCH}
   */
  @Benchmark
  public Verification verifyWrong() {
    return permissive.verify(WRONG, wrongCode);
  }

  /**
   * {@link TwoFactor#verify} of {@link #verifyWrong()}'s code for an account without a second
   * factor, on the same service: three HMACs with a key of zeros, nothing stored.
   *
   * @return the {@code NOT_ENROLLED}
   */
  @Benchmark
  public Verification verifyNotEnrolled() {
    return permissive.verify(NOT_ENROLLED, wrongCode);
  }

  /**
   * {@link TwoFactor#redeemRecoveryCode} of another account's recovery code: the set opened, one
   * PBKDF2 hash, no match, the failure stored.
   *
   * @return the {@code MISMATCH}
   */
  @Benchmark
  public Verification redeemWrong() {
    return permissive.redeemRecoveryCode(WRONG, wrongRecoveryCode);
  }

  /**
   * {@link TwoFactor#redeemRecoveryCode} of the same code for an account without a second factor:
   * one PBKDF2 hash of as many iterations, nothing stored.
   *
   * @return the {@code NOT_ENROLLED}
   */
  @Benchmark
  public Verification redeemNotEnrolled() {
    return permissive.redeemRecoveryCode(NOT_ENROLLED, wrongRecoveryCode);
  }

  /**
   * {@link TwoFactor#verify} of the code that was accepted last: three HMACs, nothing stored.
   *
   * @return the {@code REPLAYED}
   */
  @Benchmark
  public Verification verifyReplayed() {
    return strict.verify(REPLAYED, replayedCode);
  }

  /**
   * {@link TwoFactor#verify} of a wrong code on an account locked by the four wrong codes before
   * it: refused before any HMAC, nothing stored.
   *
   * @return the {@code THROTTLED}
   */
  @Benchmark
  public Verification verifyThrottled() {
    return strict.verify(THROTTLED, throttledCode);
  }
}
