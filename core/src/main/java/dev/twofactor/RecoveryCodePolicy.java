package dev.twofactor;

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

  private static final RecoveryCodePolicy DEFAULTS = builder().build();

  private final int count;
  private final int iterations;

  private RecoveryCodePolicy(Builder builder) {
    this.count = builder.count;
    this.iterations = builder.iterations;
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
   * the iterations it was made with, so raising them affects only new sets.
   *
   * @return 1,000 to 100,000,000
   */
  public int iterations() {
    return iterations;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof RecoveryCodePolicy that
        && count == that.count
        && iterations == that.iterations;
  }

  @Override
  public int hashCode() {
    return 31 * count + iterations;
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

    private Builder() {}

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
