package dev.twofactor.benchmarks;

import dev.twofactor.Algorithm;
import dev.twofactor.Hotp;
import dev.twofactor.Secret;
import dev.twofactor.Totp;
import dev.twofactor.Verification;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Code generation and verification, each next to {@link #floor()}: the bare JDK HMAC that every
 * implementation on the JDK's provider must compute at least once per code.
 *
 * <p>Every benchmark uses one 160-bit secret and one instant, fixed so that runs compare; the
 * {@code ManySecrets} variants instead take the next of {@value #SECRETS} secrets on every call, as
 * a server verifying many users does, so that the HMAC is keyed again each time. {@link #setUp()}
 * checks that each benchmark computes what its name says (an accepted code is accepted, a wrong one
 * rejected after the whole window) before anything is measured.
 *
 * <p>All benchmarks of this class and of the others in this package run in one invocation of {@code
 * benchmarks/run}, so that the ratios to {@code floor} come from the same machine state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OtpBenchmark {
  /** How many secrets the {@code ManySecrets} variants cycle through; a power of two. */
  public static final int SECRETS = 1024;

  /** The instant of every code: an arbitrary, fixed time. */
  static final Instant NOW = Instant.parse("2026-11-28T09:41:07Z");

  /** The HMAC of every benchmark in this class. */
  @Param({"SHA1", "SHA256", "SHA512"})
  public Algorithm algorithm = Algorithm.SHA1;

  private Totp totp;
  private Hotp hotp;
  private Secret secret;
  private long step;
  private String validCode;
  private String wrongCode;

  private Mac floorMac;
  private final byte[] floorCounter = new byte[8];
  private byte[] floorOutput;

  private Mac manyMac;
  private Secret[] manySecrets;
  private SecretKeySpec[] manyKeys;
  private String[] manyValidCodes;
  private String[] manyWrongCodes;
  private int next;

  /** Creates the benchmark state; JMH calls it once per fork, then {@link #setUp()}. */
  public OtpBenchmark() {}

  /**
   * Creates the policies, secrets, codes and the pre-keyed {@code Mac} of {@link #floor()}, and
   * checks that every benchmark computes what it claims to.
   *
   * @throws GeneralSecurityException if the JDK lacks the HMAC; it never does
   */
  @Setup
  public void setUp() throws GeneralSecurityException {
    totp = Totp.builder().algorithm(algorithm).build();
    hotp = Hotp.builder().algorithm(algorithm).build();
    SplittableRandom random = new SplittableRandom(20261128L);
    secret = randomSecret(random);
    step = totp.stepAt(NOW);
    validCode = totp.generate(secret, NOW);
    wrongCode = wrongCode(totp, secret);

    floorMac = Mac.getInstance(algorithm.macAlgorithm());
    floorMac.init(new SecretKeySpec(secret.copyBytes(), algorithm.macAlgorithm()));
    floorOutput = new byte[floorMac.getMacLength()];

    manyMac = Mac.getInstance(algorithm.macAlgorithm());
    manySecrets = new Secret[SECRETS];
    manyKeys = new SecretKeySpec[SECRETS];
    manyValidCodes = new String[SECRETS];
    manyWrongCodes = new String[SECRETS];
    for (int i = 0; i < SECRETS; i++) {
      Secret s = randomSecret(random);
      manySecrets[i] = s;
      manyKeys[i] = new SecretKeySpec(s.copyBytes(), algorithm.macAlgorithm());
      manyValidCodes[i] = totp.generate(s, NOW);
      manyWrongCodes[i] = wrongCode(totp, s);
    }
    check();
  }

  private static Secret randomSecret(SplittableRandom random) {
    byte[] key = new byte[20];
    random.nextBytes(key);
    return Secret.fromBytes(key);
  }

  /** Returns a well-formed code that matches no step of the window around {@link #NOW}. */
  private static String wrongCode(Totp totp, Secret secret) {
    long step = totp.stepAt(NOW);
    int candidate = Integer.parseInt(totp.generateAtStep(secret, step));
    while (true) {
      candidate = (candidate + 1) % 1_000_000;
      String code = String.format(java.util.Locale.ROOT, "%06d", candidate);
      if (!totp.verify(secret, code, NOW).isAccepted()) {
        return code;
      }
    }
  }

  private void check() throws GeneralSecurityException {
    int floorValue = floor() % 1_000_000;
    if (Integer.parseInt(validCode) != floorValue) {
      throw new IllegalStateException(
          "floor and Totp.generate disagree: " + floorValue + " and " + validCode);
    }
    if (!hotpGenerate().equals(validCode)) {
      throw new IllegalStateException("Hotp and Totp disagree at step " + step);
    }
    requireAccepted(totpVerifyValid());
    requireMismatch(totpVerifyWrong());
    for (int i = 0; i < SECRETS; i++) {
      if (floorManySecrets() % 1_000_000 != Integer.parseInt(manyValidCodes[i])) {
        throw new IllegalStateException("floorManySecrets computes another HMAC, secret " + i);
      }
    }
    for (int i = 0; i < SECRETS; i++) {
      requireAccepted(totpVerifyValidManySecrets());
    }
    for (int i = 0; i < SECRETS; i++) {
      requireMismatch(totpVerifyWrongManySecrets());
    }
  }

  private static void requireAccepted(Verification v) {
    if (!v.isAccepted() || v.drift() != 0) {
      throw new IllegalStateException("a valid code at the current step must be accepted: " + v);
    }
  }

  private static void requireMismatch(Verification v) {
    if (v.reason() != Verification.Reason.MISMATCH) {
      throw new IllegalStateException("a wrong code must be a mismatch: " + v);
    }
  }

  /**
   * The floor: a {@code Mac} keyed once, {@code update} with the 8-byte big-endian counter, {@code
   * doFinal} into a reused buffer, and the dynamic truncation of RFC 4226 §5.3. No implementation
   * that uses the JDK's HMAC can compute a code for less.
   *
   * @return the 31-bit truncated value
   * @throws ShortBufferException never: the buffer holds the whole MAC
   */
  @Benchmark
  public int floor() throws ShortBufferException {
    return truncate(floorMac, floorCounter, floorOutput, step);
  }

  /**
   * The floor when every call uses another key, as when a server verifies many users: the same as
   * {@link #floor()} after {@code Mac.init} with the next of {@value #SECRETS} keys.
   *
   * @return the 31-bit truncated value
   * @throws GeneralSecurityException never
   */
  @Benchmark
  public int floorManySecrets() throws GeneralSecurityException {
    manyMac.init(manyKeys[next++ & (SECRETS - 1)]);
    return truncate(manyMac, floorCounter, floorOutput, step);
  }

  private static int truncate(Mac mac, byte[] counter, byte[] output, long movingFactor)
      throws ShortBufferException {
    for (int i = 7; i >= 0; i--) {
      counter[i] = (byte) movingFactor;
      movingFactor >>>= 8;
    }
    mac.update(counter);
    mac.doFinal(output, 0);
    int offset = output[output.length - 1] & 0x0f;
    return (output[offset] & 0x7f) << 24
        | (output[offset + 1] & 0xff) << 16
        | (output[offset + 2] & 0xff) << 8
        | (output[offset + 3] & 0xff);
  }

  /**
   * {@link Totp#generate}: the code of the step that contains an instant.
   *
   * @return the code
   */
  @Benchmark
  public String totpGenerate() {
    return totp.generate(secret, NOW);
  }

  /**
   * {@link Hotp#generate}: the code of a counter.
   *
   * @return the code
   */
  @Benchmark
  public String hotpGenerate() {
    return hotp.generate(secret, step);
  }

  /**
   * {@link Totp#verify(Secret, CharSequence, Instant)} of the code of the current step: one HMAC.
   *
   * @return the accepted verification
   */
  @Benchmark
  public Verification totpVerifyValid() {
    return totp.verify(secret, validCode, NOW);
  }

  /**
   * {@link Totp#verify(Secret, CharSequence, Instant)} of a code that matches no step of the
   * default window (one behind, one ahead): three HMACs.
   *
   * @return the rejected verification
   */
  @Benchmark
  public Verification totpVerifyWrong() {
    return totp.verify(secret, wrongCode, NOW);
  }

  /**
   * As {@link #totpVerifyValid()}, with the next of {@value #SECRETS} secrets on every call.
   *
   * @return the accepted verification
   */
  @Benchmark
  public Verification totpVerifyValidManySecrets() {
    int i = next++ & (SECRETS - 1);
    return totp.verify(manySecrets[i], manyValidCodes[i], NOW);
  }

  /**
   * As {@link #totpVerifyWrong()}, with the next of {@value #SECRETS} secrets on every call.
   *
   * @return the rejected verification
   */
  @Benchmark
  public Verification totpVerifyWrongManySecrets() {
    int i = next++ & (SECRETS - 1);
    return totp.verify(manySecrets[i], manyWrongCodes[i], NOW);
  }
}
