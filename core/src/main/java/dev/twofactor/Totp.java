package dev.twofactor;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Time-based one-time passwords, RFC 6238: the HOTP of the number of periods since T0.
 *
 * <p>A {@code Totp} is a policy, not a credential: algorithm, digits, period, T0 and the
 * verification window. It is immutable and thread-safe; share one instance. The defaults (SHA-1, 6
 * digits, 30 seconds, T0 = the Unix epoch, one step behind and one ahead) are what every
 * authenticator app understands.
 *
 * <pre>{@code
 * Totp totp = Totp.defaults();
 * String code = totp.generate(secret, Instant.now());
 * Verification v = totp.verify(secret, "287 082", Instant.now(), lastUsedStep);
 * }</pre>
 *
 * <p>Steps are {@code long}, so codes stay right past 2038 and 2106 (RFC 6238 §4.2); an instant
 * before T0 has no step and is refused. No method allocates a {@code Mac}, decodes Base32 or
 * formats with the default locale.
 *
 * <p><b>Security note:</b> {@link #verify(Secret, CharSequence, Instant)} without a last used step
 * accepts the same code again for as long as it stays in the window. A login must pass the step of
 * the last accepted code and store the new one atomically, or use the service layer, which does:
 * RFC 6238 §5.2 forbids accepting a code twice.
 */
public final class Totp {
  private static final Totp DEFAULTS = builder().build();

  private final Algorithm algorithm;
  private final int digits;
  private final long periodSeconds;
  private final Instant t0;
  private final int windowBehind;
  private final int windowAhead;
  private final long modulus;
  private final ThreadLocal<Hmac> hmac;

  private Totp(Builder builder) {
    this.algorithm = builder.algorithm;
    this.digits = builder.digits;
    this.periodSeconds = builder.period.toSeconds();
    this.t0 = builder.t0;
    this.windowBehind = builder.windowBehind;
    this.windowAhead = builder.windowAhead;
    this.modulus = Codes.modulus(digits);
    this.hmac = Hmac.perThread(algorithm);
  }

  /**
   * Returns the policy every authenticator app understands: SHA-1, 6 digits, a 30-second period, T0
   * at the Unix epoch, and a window of one step behind and one ahead (RFC 6238 §5.2 recommends at
   * most one step of network delay).
   *
   * @return the default policy
   */
  public static Totp defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a builder that starts from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from this policy.
   *
   * @return a new builder with this policy's settings
   */
  public Builder toBuilder() {
    return new Builder()
        .algorithm(algorithm)
        .digits(digits)
        .period(period())
        .t0(t0)
        .window(windowBehind, windowAhead);
  }

  /**
   * Returns the code for the step that contains the instant.
   *
   * @param secret the shared key
   * @param instant the time of the code
   * @return exactly {@link #digits()} ASCII digits
   * @throws IllegalArgumentException if the instant is before T0
   */
  public String generate(Secret secret, Instant instant) {
    return generateAtStep(secret, stepAt(instant));
  }

  /**
   * Returns the code of a step.
   *
   * @param secret the shared key
   * @param step the number of periods since T0
   * @return exactly {@link #digits()} ASCII digits
   * @throws IllegalArgumentException if the step is negative
   */
  public String generateAtStep(Secret secret, long step) {
    Objects.requireNonNull(secret, "secret");
    if (step < 0) {
      throw new IllegalArgumentException("step must not be negative: " + step);
    }
    return Codes.format(hmac.get().truncate(secret, step) % modulus, digits);
  }

  /**
   * Checks a code typed at {@code now} against the window, with no memory of earlier codes.
   *
   * <p><b>Security note:</b> this accepts a code as often as it is presented while it stays in the
   * window. Logins should use {@link #verify(Secret, CharSequence, Instant, long)}.
   *
   * @param secret the shared key
   * @param code the code as typed: whitespace around it and spaces inside it are ignored
   * @param now the time of the attempt
   * @return accepted with the matched step, or rejected as {@code MALFORMED} or {@code MISMATCH}
   * @throws IllegalArgumentException if {@code now} is before T0
   */
  public Verification verify(Secret secret, CharSequence code, Instant now) {
    return verify(secret, code, now, -1);
  }

  /**
   * Checks a code typed at {@code now}, accepting it only for a step after the last one used.
   *
   * <p>The step of {@code now} is tried first, then one behind, one ahead, two behind and so on,
   * within the window. A code that matches a step at or before {@code lastUsedStep} is {@code
   * REPLAYED}, even if it is still inside the window: once a step is used, every earlier one is
   * closed (a high-water mark). Input that is not exactly {@link #digits()} ASCII digits after
   * removing whitespace around it and spaces inside it is {@code MALFORMED}, without computing an
   * HMAC; so are {@code "+12345"}, {@code "١٢٣٤٥٦"} and {@code "１２３４５６"}. The comparison is
   * constant-time.
   *
   * @param secret the shared key
   * @param code the code as typed
   * @param now the time of the attempt
   * @param lastUsedStep the step of the last accepted code, or -1 if none was accepted yet
   * @return accepted with the matched step and drift, or rejected with a reason
   * @throws IllegalArgumentException if {@code now} is before T0
   */
  public Verification verify(Secret secret, CharSequence code, Instant now, long lastUsedStep) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(code, "code");
    long current = stepAt(now);
    long given = Codes.parse(code, digits);
    if (given == Codes.MALFORMED) {
      return Verification.MALFORMED;
    }
    return verifyParsedAround(secret, given, current, lastUsedStep);
  }

  /**
   * Returns the step that contains the instant: {@code floor((instant - T0) / period)}.
   *
   * @param instant the time
   * @return the number of whole periods since T0
   * @throws IllegalArgumentException if the instant is before T0
   */
  public long stepAt(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    long seconds = instant.getEpochSecond() - t0.getEpochSecond();
    if (instant.getNano() < t0.getNano()) {
      seconds--; // the fraction of a second is at most one second, and the period whole seconds
    }
    if (seconds < 0) {
      throw new IllegalArgumentException("instant must not be before T0 (" + t0 + "): " + instant);
    }
    return seconds / periodSeconds;
  }

  /**
   * Returns the instant at which a step begins.
   *
   * @param step the number of periods since T0, not negative
   * @return {@code T0 + step * period}
   * @throws IllegalArgumentException if the step is negative
   * @throws ArithmeticException if the instant is beyond {@link Instant#MAX}
   */
  public Instant stepStart(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step must not be negative: " + step);
    }
    return t0.plusSeconds(Math.multiplyExact(step, periodSeconds));
  }

  /**
   * Returns the HMAC algorithm.
   *
   * @return the algorithm
   */
  public Algorithm algorithm() {
    return algorithm;
  }

  /**
   * Returns the number of digits of a code.
   *
   * @return 6 to 10
   */
  public int digits() {
    return digits;
  }

  /**
   * Returns the length of a step.
   *
   * @return a whole number of seconds, at least one
   */
  public Duration period() {
    return Duration.ofSeconds(periodSeconds);
  }

  /**
   * Returns the instant at which step 0 begins.
   *
   * @return T0
   */
  public Instant t0() {
    return t0;
  }

  /**
   * Returns how many steps before the current one a code is still accepted.
   *
   * @return 0 to 10
   */
  public int windowBehind() {
    return windowBehind;
  }

  /**
   * Returns how many steps after the current one a code is already accepted.
   *
   * @return 0 to 10
   */
  public int windowAhead() {
    return windowAhead;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Totp that
        && algorithm == that.algorithm
        && digits == that.digits
        && periodSeconds == that.periodSeconds
        && t0.equals(that.t0)
        && windowBehind == that.windowBehind
        && windowAhead == that.windowAhead;
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, digits, periodSeconds, t0, windowBehind, windowAhead);
  }

  /**
   * Describes the policy.
   *
   * @return for example {@code "Totp[SHA1, 6 digits, period PT30S, T0 1970-01-01T00:00:00Z, window
   *     -1/+1]"}
   */
  @Override
  public String toString() {
    return "Totp["
        + algorithm
        + ", "
        + digits
        + " digits, period "
        + period()
        + ", T0 "
        + t0
        + ", window -"
        + windowBehind
        + "/+"
        + windowAhead
        + "]";
  }

  /** Builds a {@link Totp}; settings are checked once, in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private Algorithm algorithm = Algorithm.SHA1;
    private int digits = 6;
    private Duration period = Duration.ofSeconds(30);
    private Instant t0 = Instant.EPOCH;
    private int windowBehind = 1;
    private int windowAhead = 1;

    private Builder() {}

    /**
     * Sets the HMAC algorithm. Default SHA-1.
     *
     * @param algorithm the algorithm
     * @return this builder
     */
    public Builder algorithm(Algorithm algorithm) {
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    /**
     * Sets the number of digits of a code: 6 to 10. Default 6; most apps also show 8, and 9 or 10
     * are outside RFC 4226 and only for systems that ask for them.
     *
     * @param digits the number of digits
     * @return this builder
     */
    public Builder digits(int digits) {
      this.digits = digits;
      return this;
    }

    /**
     * Sets the length of a step: a whole number of seconds, at least one. Default 30 seconds.
     *
     * @param period the period
     * @return this builder
     */
    public Builder period(Duration period) {
      this.period = Objects.requireNonNull(period, "period");
      return this;
    }

    /**
     * Sets the instant at which step 0 begins, any instant. Default the Unix epoch.
     *
     * @param t0 the start of step 0
     * @return this builder
     */
    public Builder t0(Instant t0) {
      this.t0 = Objects.requireNonNull(t0, "t0");
      return this;
    }

    /**
     * Sets how many steps behind and ahead of the current one a code is accepted, 0 to 10 each.
     * Default one and one, for a code typed just before its step ended and for a phone whose clock
     * runs slightly ahead.
     *
     * @param behind steps before the current one
     * @param ahead steps after the current one
     * @return this builder
     */
    public Builder window(int behind, int ahead) {
      this.windowBehind = behind;
      this.windowAhead = ahead;
      return this;
    }

    /**
     * Checks the settings and builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if digits are outside 6 to 10, the period is not a whole
     *     number of seconds of at least one, or a window side is outside 0 to 10
     */
    public Totp build() {
      Checks.digits(digits);
      if (period.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("period must be at least 1 second: " + period);
      }
      if (period.toNanosPart() != 0) {
        throw new IllegalArgumentException("period must be a whole number of seconds: " + period);
      }
      Checks.window("window behind", windowBehind);
      Checks.window("window ahead", windowAhead);
      return new Totp(this);
    }
  }

  /**
   * Checks an already parsed code in this policy's window around {@code centre} rather than around
   * the current step: the service centres the window on the drift it learned for a credential (RFC
   * 6238 §6). The drift of the result is relative to {@code centre}.
   *
   * @param secret the shared key
   * @param code the value of the code, from {@link Codes#parse} with {@link #digits()}
   * @param centre the step to try first; steps below 0 are skipped
   * @param lastUsedStep the step of the last accepted code, or -1
   */
  Verification verifyParsedAround(Secret secret, long code, long centre, long lastUsedStep) {
    return hmac.get()
        .search(secret, code, modulus, centre, windowBehind, windowAhead, lastUsedStep);
  }

  /**
   * Looks for two consecutive codes within {@code range} steps of {@code nowStep}, after {@code
   * lastUsedStep}; see {@link Hmac#searchPair}.
   *
   * @return the step of the first code; -2 if the pair was used already; or -1
   */
  long searchPair(Secret secret, long code, long next, long nowStep, int range, long lastUsedStep) {
    return hmac.get().searchPair(secret, code, next, modulus, nowStep, range, lastUsedStep);
  }
}
