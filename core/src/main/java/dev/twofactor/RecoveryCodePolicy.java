package dev.twofactor;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link TwoFactor} makes and stores recovery codes: how many per set, and how hard each one is
 * to hash.
 *
 * <p>A recovery code is 12 characters of Crockford's Base32 alphabet, 60 random bits, shown in
 * groups of four ({@code 7kq2-m9xa-b3rt}); typed codes are read without regard to case, hyphens or
 * spaces, with {@code o} as {@code 0} and {@code i} or {@code l} as {@code 1}. Codes are stored
 * only as PBKDF2-HMAC-SHA256 hashes with a 16-byte random salt per set; each redemption computes
 * one hash, and a throttled attempt none. Immutable and thread-safe.
 *
 * <p>The default of 100,000 iterations is ten times the 10,000 that NIST SP 800-63B §5.1.1.2 asks
 * for at least. The codes are random, not chosen by people, so the iterations only multiply the
 * work of an offline search of 2<sup>60</sup> codes (about 2<sup>77</sup> HMAC computations to find
 * one of ten codes of a stolen set); more would only slow down generation, which hashes every code
 * of a set (about 0.1 to 0.2 s per code on a small server), without a matching gain.
 */
public final class RecoveryCodePolicy {
  /** The fewest iterations: NIST SP 800-132 §5.2 recommends at least 1,000. */
  static final int MIN_ITERATIONS = 1_000;

  /** The most codes in a set. */
  static final int MAX_COUNT = 100;

  /**
   * The throttle of recovery codes by default: five free failures, then waits from one second
   * doubling up to five minutes, kept per client address; no budget and no hard stop.
   */
  static final ThrottlePolicy DEFAULT_THROTTLE =
      ThrottlePolicy.builder()
          .freeFailures(5)
          .backoff(Duration.ofSeconds(1), Duration.ofMinutes(5))
          .budgets(ThrottlePolicy.UNLIMITED, ThrottlePolicy.UNLIMITED)
          .maxFailures(ThrottlePolicy.UNLIMITED)
          .build();

  // After DEFAULT_THROTTLE, which the builder reads: static fields are initialised in order.
  private static final RecoveryCodePolicy DEFAULTS = builder().build();

  private final int count;
  private final int iterations;
  private final ThrottlePolicy throttle;

  private RecoveryCodePolicy(Builder builder) {
    this.count = builder.count;
    this.iterations = builder.iterations;
    this.throttle = builder.throttle;
  }

  /**
   * Returns 10 codes per set, hashed with 100,000 PBKDF2 iterations.
   *
   * @return the default policy
   */
  public static RecoveryCodePolicy defaults() {
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
   * Returns the number of codes in a set.
   *
   * @return 1 to 100
   */
  public int count() {
    return count;
  }

  /**
   * Returns the number of PBKDF2-HMAC-SHA256 iterations of a new set's hashes. A stored set keeps
   * the iterations it was made with, so raising them affects only new sets; a stored set with fewer
   * than 1,000 or more than four times these iterations is refused as a damaged record.
   *
   * @return 1,000 to 100,000,000
   */
  public int iterations() {
    return iterations;
  }

  /**
   * Returns how wrong recovery codes are throttled (set with {@link Builder#backoff}): separately
   * from codes, so that a lock of the codes is never a lock of the recovery path. The back-off is
   * kept per client address; a budget or a hard stop would let an attacker who knows the password
   * lock the user out, and buys nothing against guessing: ten codes of 60 random bits, at one guess
   * per five minutes from each source, leave a chance of about 10<sup>-12</sup> per source and
   * year.
   *
   * @return the throttle; by default five free failures, then waits from one second doubling up to
   *     five minutes
   */
  public ThrottlePolicy throttle() {
    return throttle;
  }

  /** The most iterations a stored set may have: four times the policy's, at most 10^8. */
  int maxIterations() {
    return (int) Math.min(RecoveryCodeSet.MAX_ITERATIONS, 4L * iterations);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof RecoveryCodePolicy that
        && count == that.count
        && iterations == that.iterations
        && throttle.equals(that.throttle);
  }

  @Override
  public int hashCode() {
    return Objects.hash(count, iterations, throttle);
  }

  /**
   * Describes the policy.
   *
   * @return for example {@code "RecoveryCodePolicy[10 codes of 60 bits, PBKDF2-HMAC-SHA256 with
   *     100000 iterations]"}
   */
  @Override
  public String toString() {
    return "RecoveryCodePolicy["
        + count
        + " codes of "
        + RecoveryCodeSet.BITS_PER_CODE
        + " bits, PBKDF2-HMAC-SHA256 with "
        + iterations
        + " iterations]";
  }

  /**
   * Builds a {@link RecoveryCodePolicy}; settings are checked once, in {@link #build()}. Not
   * thread-safe.
   */
  public static final class Builder {
    private int count = 10;
    private int iterations = 100_000;
    private ThrottlePolicy throttle = DEFAULT_THROTTLE;

    private Builder() {}

    /**
     * Sets the back-off of wrong recovery codes, kept per client address: after {@code
     * freeFailures} failures in a row from a source, it waits {@code first}, then twice as long
     * after each further failure, never longer than {@code longest}. Default 5, one second and five
     * minutes. There is no budget and no hard stop (see {@link #throttle()}).
     *
     * @param freeFailures 0 or more
     * @param first the first wait, positive
     * @param longest the longest wait, from {@code first} to 365 days
     * @return this builder
     */
    public Builder backoff(int freeFailures, Duration first, Duration longest) {
      this.throttle =
          ThrottlePolicy.builder()
              .freeFailures(freeFailures)
              .backoff(first, longest)
              .budgets(ThrottlePolicy.UNLIMITED, ThrottlePolicy.UNLIMITED)
              .maxFailures(ThrottlePolicy.UNLIMITED)
              .build();
      return this;
    }

    /**
     * Sets the number of codes in a set: 1 to 100. Default 10.
     *
     * @param count the number of codes
     * @return this builder
     */
    public Builder count(int count) {
      this.count = count;
      return this;
    }

    /**
     * Sets the PBKDF2 iterations: 1,000 to 100,000,000. Default 100,000. Tests may lower them to
     * run fast; production should not.
     *
     * @param iterations the iteration count
     * @return this builder
     */
    public Builder iterations(int iterations) {
      this.iterations = iterations;
      return this;
    }

    /**
     * Checks the settings and builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if the count is outside 1 to 100 or the iterations outside
     *     1,000 to 100,000,000
     */
    public RecoveryCodePolicy build() {
      if (count < 1 || count > MAX_COUNT) {
        throw new IllegalArgumentException(
            "count must be between 1 and " + MAX_COUNT + ": " + count);
      }
      if (iterations < MIN_ITERATIONS || iterations > RecoveryCodeSet.MAX_ITERATIONS) {
        throw new IllegalArgumentException(
            "iterations must be between "
                + MIN_ITERATIONS
                + " and "
                + RecoveryCodeSet.MAX_ITERATIONS
                + ": "
                + iterations);
      }
      return new RecoveryCodePolicy(this);
    }
  }
}
