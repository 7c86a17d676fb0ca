package dev.twofactor;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link TwoFactor} slows down guessing: a few free failures, then waits that double with every
 * further failure, up to a lock-out.
 *
 * <p>Failures are wrong codes and wrong recovery codes, counted per credential in the stored
 * record, so the count holds across sessions, restarts and application nodes (RFC 4226 §7.3 asks
 * for exactly that). After failure <i>n</i> the credential takes no attempt for {@link
 * #delayAfter(int)}: nothing while <i>n</i> &le; {@link #freeFailures()}, then {@link
 * #firstDelay()} doubled for each further failure, never more than {@link #lockOut()}; and after
 * {@link #maxFailures()} consecutive failures (default 100) the credential takes no attempt at all
 * until an administrator resets it ({@link TwoFactor#disable}, then a new enrollment). An attempt
 * during the wait is {@link Verification.Reason#THROTTLED}, is not checked (no HMAC, no PBKDF2) and
 * is not counted. A successful login resets the count. Malformed input and replayed codes are not
 * failures: they are not guesses. Immutable and thread-safe.
 *
 * <table class="striped">
 *   <caption>The defaults</caption>
 *   <thead><tr><th>consecutive failures</th><th>wait before the next attempt</th></tr></thead>
 *   <tbody>
 *   <tr><td>1 to 3</td><td>none</td></tr>
 *   <tr><td>4, 5, 6, 7, 8, 9</td><td>30 s, 1 min, 2 min, 4 min, 8 min, 16 min</td></tr>
 *   <tr><td>10, 11, 12, 13, 14, 15</td>
 *       <td>32 min, 1 h 4 min, 2 h 8 min, 4 h 16 min, 8 h 32 min, 17 h 4 min</td></tr>
 *   <tr><td>16 to 99</td><td>24 h each: the lock-out</td></tr>
 *   <tr><td>100</td><td>until an administrator resets the credential ({@link #UNTIL_RESET})</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Why these: three free failures forgive typing mistakes. The first wait is one TOTP period, by
 * which time the app shows a new code anyway, and a user who mistypes five times in a row waits a
 * minute. RFC 4226 §7.3 asks for a small limit on attempts and suggests increasing delays; NIST SP
 * 800-63B §5.2.2 (revision 3) says the verifier SHALL limit consecutive failures on an account to
 * no more than 100 and suggests waits that grow as they approach that limit: hence the hard stop at
 * 100. With these defaults an attacker who knows the password gets 15 guesses in the first 18
 * hours, a 16th after 35 hours and one a day after that, so the 100 guesses take more than 85 days,
 * and then none are left. With the default window of three steps a guessed 6-digit code is right
 * with a chance of at most 3 in 10<sup>6</sup>: at most 0.03% in those 100 guesses, and about 0.1%
 * in a year. A lock-out of one hour instead would allow about 8,800 guesses a year (2.6%).
 */
public final class ThrottlePolicy {
  /** The longest lock-out that can be configured. */
  static final Duration MAX_LOCK_OUT = Duration.ofDays(365);

  /**
   * The {@code retryAfter} of a credential that reached {@link #maxFailures()}: it takes no attempt
   * until an administrator resets it. The last second of the year 9999, which every SQL database
   * stores as a timestamp.
   */
  public static final Instant UNTIL_RESET = Instant.parse("9999-12-31T23:59:59Z");

  /** The most consecutive failures NIST SP 800-63B §5.2.2 allows, and the default limit. */
  static final int NIST_MAX_FAILURES = 100;

  private static final ThrottlePolicy DEFAULTS = builder().build();

  private final int freeFailures;
  private final Duration firstDelay;
  private final Duration lockOut;
  private final int maxFailures;

  private ThrottlePolicy(Builder builder) {
    this.freeFailures = builder.freeFailures;
    this.firstDelay = builder.firstDelay;
    this.lockOut = builder.lockOut;
    this.maxFailures = builder.maxFailures;
  }

  /**
   * Returns three free failures, a first wait of 30 seconds, and a lock-out of 24 hours.
   *
   * @return the default policy
   */
  public static ThrottlePolicy defaults() {
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
   * Returns how long a credential takes no attempt after the given number of consecutive failures.
   *
   * @param failures the consecutive failures so far, including the last one
   * @return zero while {@code failures <= freeFailures()}, then {@code firstDelay() * 2^(failures -
   *     freeFailures() - 1)}, at most {@link #lockOut()}
   */
  public Duration delayAfter(int failures) {
    if (failures <= freeFailures) {
      return Duration.ZERO;
    }
    Duration delay = firstDelay;
    // Doubling stops at the lock-out, which is at most a year: no overflow.
    for (long i = (long) failures - freeFailures - 1; i > 0 && delay.compareTo(lockOut) < 0; i--) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(lockOut) < 0 ? delay : lockOut;
  }

  /**
   * Returns until when a credential takes no attempt after the given number of consecutive
   * failures, the last one at {@code now}.
   *
   * @return {@code null} if there is no wait, {@link #UNTIL_RESET} from {@link #maxFailures()}
   *     failures on (unless it is {@link Integer#MAX_VALUE}, which means no limit), else {@code
   *     now} plus {@link #delayAfter(int)}
   */
  @Nullable Instant retryAfter(int failures, Instant now) {
    if (failures >= maxFailures && maxFailures != Integer.MAX_VALUE) {
      return UNTIL_RESET;
    }
    Duration delay = delayAfter(failures);
    return delay.isZero() ? null : now.plus(delay);
  }

  /**
   * Returns the number of consecutive failures after which a credential takes no attempt until an
   * administrator resets it.
   *
   * @return more than {@link #freeFailures()}, or {@link Integer#MAX_VALUE} for no limit; 100 by
   *     default
   */
  public int maxFailures() {
    return maxFailures;
  }

  /**
   * Returns the number of consecutive failures that cost no wait.
   *
   * @return 0 or more
   */
  public int freeFailures() {
    return freeFailures;
  }

  /**
   * Returns the wait after the first failure that is not free.
   *
   * @return a positive duration
   */
  public Duration firstDelay() {
    return firstDelay;
  }

  /**
   * Returns the longest wait, reached by doubling {@link #firstDelay()}.
   *
   * @return a duration of at least {@link #firstDelay()}
   */
  public Duration lockOut() {
    return lockOut;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ThrottlePolicy that
        && freeFailures == that.freeFailures
        && firstDelay.equals(that.firstDelay)
        && lockOut.equals(that.lockOut)
        && maxFailures == that.maxFailures;
  }

  @Override
  public int hashCode() {
    return Objects.hash(freeFailures, firstDelay, lockOut, maxFailures);
  }

  /**
   * Describes the policy.
   *
   * @return for example {@code "ThrottlePolicy[3 free failures, then PT30S doubling up to PT24H,
   *     locked after 100]"}
   */
  @Override
  public String toString() {
    return "ThrottlePolicy["
        + freeFailures
        + " free failures, then "
        + firstDelay
        + " doubling up to "
        + lockOut
        + ", locked after "
        + maxFailures
        + "]";
  }

  /**
   * Builds a {@link ThrottlePolicy}; settings are checked once, in {@link #build()}. Not
   * thread-safe.
   */
  public static final class Builder {
    private int freeFailures = 3;
    private Duration firstDelay = Duration.ofSeconds(30);
    private Duration lockOut = Duration.ofHours(24);
    private int maxFailures = NIST_MAX_FAILURES;

    private Builder() {}

    /**
     * Sets how many consecutive failures cost no wait. Default 3.
     *
     * <p><b>Security note:</b> every free failure is a free guess; RFC 4226 §7.3 asks to keep the
     * number of attempts small.
     *
     * @param failures 0 or more
     * @return this builder
     */
    public Builder freeFailures(int failures) {
      this.freeFailures = failures;
      return this;
    }

    /**
     * Sets the first wait and the longest one: after the first failure that is not free the
     * credential waits {@code first}, after each further failure twice as long as before, never
     * longer than {@code lockOut}. Default 30 seconds and 24 hours.
     *
     * @param first the first wait, positive
     * @param lockOut the longest wait, from {@code first} to 365 days
     * @return this builder
     */
    public Builder backoff(Duration first, Duration lockOut) {
      this.firstDelay = Objects.requireNonNull(first, "first");
      this.lockOut = Objects.requireNonNull(lockOut, "lockOut");
      return this;
    }

    /**
     * Sets after how many consecutive failures a credential takes no attempt until an administrator
     * resets it ({@link TwoFactor#disable}, then a new enrollment). Default 100.
     *
     * <p><b>Security note:</b> NIST SP 800-63B §5.2.2 allows no more than 100; a higher limit, up
     * to {@link Integer#MAX_VALUE} for none, leaves only the waits to stop guessing.
     *
     * @param failures more than the free failures, or {@link Integer#MAX_VALUE} for no limit
     * @return this builder
     */
    public Builder maxFailures(int failures) {
      this.maxFailures = failures;
      return this;
    }

    /**
     * Checks the settings and builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if the free failures are negative, the first wait is not
     *     positive, the lock-out is shorter than the first wait or longer than 365 days, or the
     *     maximum failures are neither more than the free ones nor {@link Integer#MAX_VALUE}
     */
    public ThrottlePolicy build() {
      if (freeFailures < 0) {
        throw new IllegalArgumentException("freeFailures must not be negative: " + freeFailures);
      }
      if (firstDelay.isNegative() || firstDelay.isZero()) {
        throw new IllegalArgumentException("first delay must be positive: " + firstDelay);
      }
      if (lockOut.compareTo(firstDelay) < 0 || lockOut.compareTo(MAX_LOCK_OUT) > 0) {
        throw new IllegalArgumentException(
            "lockOut must be between the first delay ("
                + firstDelay
                + ") and "
                + MAX_LOCK_OUT
                + ": "
                + lockOut);
      }
      if (maxFailures <= freeFailures && maxFailures != Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "maxFailures must be more than freeFailures (" + freeFailures + "): " + maxFailures);
      }
      return new ThrottlePolicy(this);
    }
  }
}
