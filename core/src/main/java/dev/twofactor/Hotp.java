package dev.twofactor;

import java.util.Objects;
import java.util.OptionalLong;
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

  /** The widest resynchronisation range. */
  static final int MAX_RESYNC_RANGE = 10_000;

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

  /**
   * Resynchronises a token whose counter ran far ahead of the server's, with two consecutive codes
   * (RFC 4226 §7.4): looks for a counter <i>c</i> from {@code counter} to {@code counter + range -
   * 1} whose code is {@code code} and whose successor's code is {@code nextCode}.
   *
   * <p>Use it when {@link #verify} fails although the user says the token works: ask for the next
   * two codes the token shows. A single code is never enough here, however wide the range: a random
   * pair matches with a chance of about {@code range} in 10<sup>2 &times; digits</sup>, where one
   * code in a look-ahead of {@code range} would match with {@code range} in 10<sup>digits</sup>.
   * Count a failure against your throttle as for a wrong code.
   *
   * @param secret the shared key
   * @param code the first code as typed
   * @param nextCode the code the token showed next
   * @param counter the next counter expected, not negative
   * @param range how many counters to try, 1 to 10,000
   * @return the counter to store next, <i>c</i> + 2, or empty if no counter matches both codes (or
   *     either is malformed)
   * @throws IllegalArgumentException if the counter is negative or the range is outside 1 to 10,000
   */
  public OptionalLong resynchronize(
      Secret secret, CharSequence code, CharSequence nextCode, long counter, int range) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(nextCode, "nextCode");
    requireCounter(counter);
    if (range < 1 || range > MAX_RESYNC_RANGE) {
      throw new IllegalArgumentException(
          "range must be between 1 and " + MAX_RESYNC_RANGE + ": " + range);
    }
    long first = Codes.parse(code, digits);
    long second = Codes.parse(nextCode, digits);
    if (first == Codes.MALFORMED || second == Codes.MALFORMED) {
      return OptionalLong.empty();
    }
    Hmac h = hmac.get();
    long previous = h.truncate(secret, counter) % modulus;
    // c - counter, not counter + range, which overflows for a counter near Long.MAX_VALUE.
    for (long c = counter; c - counter < range && c < Long.MAX_VALUE - 1; c++) {
      long next = h.truncate(secret, c + 1) % modulus;
      if (((previous ^ first) | (next ^ second)) == 0) {
        return OptionalLong.of(c + 2);
      }
      previous = next;
    }
    return OptionalLong.empty();
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
