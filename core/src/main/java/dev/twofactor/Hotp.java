package dev.twofactor;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * HMAC-based one-time passwords, RFC 4226: a code for each value of a counter that the
 * authenticator advances at every button press.
 *
 * <p>A {@code Hotp} is a policy: algorithm, digits and look-ahead window. It is immutable and
 * thread-safe. The defaults are SHA-1, 6 digits and a look-ahead of 3 counters.
 *
 * <pre>{@code
 * Hotp hotp = Hotp.defaults();
 * Verification v = hotp.verify(secret, code, nextCounter);
 * if (v.isAccepted()) {
 *   nextCounter = v.step() + 1; // store it: RFC 4226 §7.2 advances the counter past the match
 * }
 * }</pre>
 */
public final class Hotp {
  private static final Hotp DEFAULTS = builder().build();

  private final Algorithm algorithm;
  private final int digits;
  private final int lookAhead;
  private final long modulus;
  private final ThreadLocal<Hmac> hmac;

  private Hotp(Builder builder) {
    this.algorithm = builder.algorithm;
    this.digits = builder.digits;
    this.lookAhead = builder.lookAhead;
    this.modulus = Codes.modulus(digits);
    this.hmac = Hmac.perThread(algorithm);
  }

  /**
   * Returns SHA-1, 6 digits and a look-ahead of 3 counters (RFC 4226 §7.4 asks for a small one;
   * three forgives a few presses of the button that never reached the server).
   *
   * @return the default policy
   */
  public static Hotp defaults() {
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
    return new Builder().algorithm(algorithm).digits(digits).lookAhead(lookAhead);
  }

  /**
   * Returns the code of a counter value.
   *
   * @param secret the shared key
   * @param counter the moving factor, not negative
   * @return exactly {@link #digits()} ASCII digits
   * @throws IllegalArgumentException if the counter is negative
   */
  public String generate(Secret secret, long counter) {
    Objects.requireNonNull(secret, "secret");
    requireCounter(counter);
    return Codes.format(hmac.get().truncate(secret, counter) % modulus, digits);
  }

  /**
   * Checks a code against the counters {@code counter} to {@code counter + lookAhead()}, in that
   * order. On success, store {@code step() + 1} as the next counter (RFC 4226 §7.2); codes of
   * counters below {@code counter} are never accepted. Input that is not exactly {@link #digits()}
   * ASCII digits after removing whitespace around it and spaces inside it is {@code MALFORMED}. The
   * comparison is constant-time.
   *
   * @param secret the shared key
   * @param code the code as typed
   * @param counter the next counter expected, not negative
   * @return accepted with the matched counter as its step, or rejected with a reason
   * @throws IllegalArgumentException if the counter is negative
   */
  public Verification verify(Secret secret, CharSequence code, long counter) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(code, "code");
    requireCounter(counter);
    long given = Codes.parse(code, digits);
    if (given == Codes.MALFORMED) {
      return Verification.MALFORMED;
    }
    return hmac.get().search(secret, given, modulus, counter, 0, lookAhead, counter - 1);
  }

  private static void requireCounter(long counter) {
    if (counter < 0) {
      throw new IllegalArgumentException("counter must not be negative: " + counter);
    }
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
   * Returns how many counters after the expected one a code is accepted for.
   *
   * @return 0 to 10
   */
  public int lookAhead() {
    return lookAhead;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Hotp that
        && algorithm == that.algorithm
        && digits == that.digits
        && lookAhead == that.lookAhead;
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, digits, lookAhead);
  }

  /**
   * Describes the policy.
   *
   * @return for example {@code "Hotp[SHA1, 6 digits, look-ahead 3]"}
   */
  @Override
  public String toString() {
    return "Hotp[" + algorithm + ", " + digits + " digits, look-ahead " + lookAhead + "]";
  }

  /** Builds a {@link Hotp}; settings are checked once, in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private Algorithm algorithm = Algorithm.SHA1;
    private int digits = 6;
    private int lookAhead = 3;

    private Builder() {}

    /**
     * Sets the HMAC algorithm. Default SHA-1, the only one RFC 4226 defines.
     *
     * @param algorithm the algorithm
     * @return this builder
     */
    public Builder algorithm(Algorithm algorithm) {
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    /**
     * Sets the number of digits of a code: 6 to 10. Default 6.
     *
     * @param digits the number of digits
     * @return this builder
     */
    public Builder digits(int digits) {
      this.digits = digits;
      return this;
    }

    /**
     * Sets how many counters after the expected one a code is accepted for: 0 to 10. Default 3.
     *
     * @param counters the look-ahead window
     * @return this builder
     */
    public Builder lookAhead(int counters) {
      this.lookAhead = counters;
      return this;
    }

    /**
     * Checks the settings and builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if digits are outside 6 to 10 or the look-ahead outside 0 to
     *     10
     */
    public Hotp build() {
      Checks.digits(digits);
      Checks.window("lookAhead", lookAhead);
      return new Hotp(this);
    }
  }
}
