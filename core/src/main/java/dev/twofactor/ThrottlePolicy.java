package dev.twofactor;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link TwoFactor} limits guessing: a short back-off after a few free failures, and rolling
 * budgets of failures that a successful sign-in does not refill.
 *
 * <p>Failures are wrong codes, counted in the stored record, so every limit holds across sessions,
 * restarts and application nodes (RFC 4226 §7.3). Malformed input and replayed codes are not
 * failures: they are not guesses. An attempt refused by a limit is {@link
 * Verification.Reason#THROTTLED} with the instant it may be retried, is not checked (no HMAC) and
 * is not counted. Immutable and thread-safe.
 *
 * <ol>
 *   <li><b>Back-off</b> ({@link #delayAfter(int)}): after failure <i>n</i> in a row, nothing while
 *       <i>n</i> &le; {@link #freeFailures()}, then {@link #firstDelay()} doubled for each further
 *       failure, at most {@link #lockOut()}. It is kept per client address when the host passes one
 *       ({@link TwoFactor#withContext(RequestContext)}), so that one source's guesses do not slow
 *       the user down elsewhere, and a successful sign-in ends it.
 *   <li><b>Budgets</b>: at most {@link #dailyBudget()} failures in any 24 hours and {@link
 *       #monthlyBudget()} in any 30 days, per credential and per group of sources: the addresses
 *       that signed in before (the last four), and all others. A successful sign-in with a code
 *       does not refill them: otherwise an attacker who knows the password gains a fresh budget
 *       from each of the user's sign-ins. A budget refills at a steady rate (one failure every 4 h
 *       48 min and every 72 h with the defaults; a generic cell rate algorithm, one stored instant
 *       per budget). A sign-in with a recovery code refills them, and so does an administrator's
 *       {@link TwoFactor#unlock}.
 *   <li><b>Hard stop</b>: after {@link #maxFailures()} failures without a successful sign-in in
 *       between (default 100, the most NIST SP 800-63B §5.2.2 allows), no code is checked until a
 *       recovery code signs in or an administrator unlocks the credential ({@link #UNTIL_RESET}).
 * </ol>
 *
 * <p><b>Why these numbers.</b> A random 6-digit guess matches one of the three codes of the default
 * window with a chance of 3 in 10<sup>6</sup>. Each group's budgets let an attacker who knows the
 * password make at most 10 guesses at once and then one every 72 hours: about 132 in a year,
 * whatever the user does; 263 if the attacker also sends guesses from an address the user signed in
 * from. That is a success probability of at most 0.08 % per year (0.1 % is the goal). The daily
 * budget keeps a burst small: 5 guesses, then one every 4 h 48 min. With the 0.1 back-off alone,
 * which a sign-in reset, a simulated attacker who guessed in bursts between the user's sign-ins won
 * 1.6 % of years against a user who signs in daily and 23 % against one who signs in hourly. The
 * test suite repeats that simulation against these defaults (fake clock, random guesses, fixed
 * seeds): against users who sign in hourly, daily or weekly, an attacker from one address or from a
 * new address for every guess gets 131 guesses checked in a year, 0.039 %; one who shares the
 * user's address gets 100, 0.030 %, and then the hard stop (see below).
 *
 * <p><b>Lock-out and denial of service.</b> Any limit an attacker can reach is also a way to keep
 * the user out. The budgets are not per address, because addresses are cheap (many of them, or a
 * spoofed header): per-address budgets would multiply the attacker's guesses. They are per group:
 * the addresses the user signed in from have a budget of their own, so an attacker elsewhere who
 * spends the budget of strangers does not keep the user out at their usual address. An attacker who
 * shares the user's address (the same office network, or a forwarding header the host trusts
 * blindly) can still spend both; so can anyone when the host passes no {@link RequestContext},
 * since every attempt then comes from one unknown source. The hard stop is reachable only after 100
 * failures without a sign-in in between. None of this ever blocks recovery codes, which have a
 * throttle of their own ({@link RecoveryCodePolicy#throttle()}); a recovery-code sign-in refills
 * the budgets and ends the hard stop; and every accepted sign-in tells the host how many failures
 * there were since the last one ({@link Verification#failuresSinceLastSuccess()}), so that the user
 * learns that the password is known and changes it. The back-off, which only slows down, is per
 * address.
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

  /** The window of the daily budget. */
  static final Duration DAY = Duration.ofHours(24);

  /** The window of the monthly budget. */
  static final Duration MONTH = Duration.ofDays(30);

  /** A budget that never runs out. */
  static final int UNLIMITED = Integer.MAX_VALUE;

  private final int freeFailures;
  private final Duration firstDelay;
  private final Duration lockOut;
  private final int maxFailures;
  private final int dailyBudget;
  private final int monthlyBudget;

  private ThrottlePolicy(Builder builder) {
    this.freeFailures = builder.freeFailures;
    this.firstDelay = builder.firstDelay;
    this.lockOut = builder.lockOut;
    this.maxFailures = builder.maxFailures;
    this.dailyBudget = builder.dailyBudget;
    this.monthlyBudget = builder.monthlyBudget;
  }

  /**
   * Returns three free failures, a back-off from 30 seconds doubling up to 24 hours, budgets of 5
   * failures a day and 10 in 30 days per group of sources, and a hard stop after 100.
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
   * Returns until when a source takes no attempt after the given number of consecutive failures
   * from it, the last one at {@code now}: the back-off.
   *
   * @return {@code null} if there is no wait, else {@code now} plus {@link #delayAfter(int)}
   */
  @Nullable Instant retryAfter(int failures, Instant now) {
    Duration delay = delayAfter(failures);
    return delay.isZero() ? null : now.plus(delay);
  }

  /**
   * Returns how many failures a credential may have in any 24 hours, per group of sources.
   *
   * @return 1 or more; {@link Integer#MAX_VALUE} for no daily budget; 5 by default
   */
  public int dailyBudget() {
    return dailyBudget;
  }

  /**
   * Returns how many failures a credential may have in any 30 days, per group of sources.
   *
   * @return 1 or more; {@link Integer#MAX_VALUE} for no monthly budget; 10 by default
   */
  public int monthlyBudget() {
    return monthlyBudget;
  }

  /**
   * Returns when a budget is spent up to, after one more failure at {@code now}: the theoretical
   * arrival time of a generic cell rate algorithm whose cells are failures.
   *
   * @param spentUntil the stored instant, or {@code null} if the budget is full
   * @param budget failures allowed in {@code window}
   * @return the new instant to store, or {@code null} for an unlimited budget
   */
  static @Nullable Instant spend(
      @Nullable Instant spentUntil, Instant now, int budget, Duration window) {
    if (budget == UNLIMITED) {
      return null;
    }
    Instant from = spentUntil != null && spentUntil.isAfter(now) ? spentUntil : now;
    return from.plus(share(window, budget));
  }

  /**
   * Returns {@code window / budget}, rounded down to the nanosecond as {@link
   * Duration#dividedBy(long)} does, without its {@code BigDecimal}: this runs at every failure.
   */
  private static Duration share(Duration window, int budget) {
    return Duration.ofNanos(window.toNanos() / budget);
  }

  /**
   * Returns until when a budget takes no further failure: {@code null} if one more fits. A budget
   * of <i>b</i> failures in a window <i>w</i> takes another failure while it is spent up to at most
   * {@code now + w - w/b}.
   */
  static @Nullable Instant exhaustedUntil(
      @Nullable Instant spentUntil, Instant now, int budget, Duration window) {
    if (spentUntil == null || budget == UNLIMITED) {
      return null;
    }
    Instant refill = spentUntil.minus(window.minus(share(window, budget)));
    return refill.isAfter(now) ? refill : null;
  }

  /**
   * Returns the number of failures without a successful sign-in after which a credential takes no
   * code until a recovery code signs in or an administrator unlocks it.
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
        && maxFailures == that.maxFailures
        && dailyBudget == that.dailyBudget
        && monthlyBudget == that.monthlyBudget;
  }

  @Override
  public int hashCode() {
    return Objects.hash(freeFailures, firstDelay, lockOut, maxFailures, dailyBudget, monthlyBudget);
  }

  /**
   * Describes the policy.
   *
   * @return for example {@code "ThrottlePolicy[3 free failures, then PT30S doubling up to PT24H, 5
   *     a day, 10 in 30 days, locked after 100]"}
   */
  @Override
  public String toString() {
    return "ThrottlePolicy["
        + freeFailures
        + " free failures, then "
        + firstDelay
        + " doubling up to "
        + lockOut
        + ", "
        + (dailyBudget == UNLIMITED ? "no daily budget" : dailyBudget + " a day")
        + ", "
        + (monthlyBudget == UNLIMITED ? "no monthly budget" : monthlyBudget + " in 30 days")
        + ", "
        + (maxFailures == UNLIMITED ? "no hard stop" : "locked after " + maxFailures)
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
    private int dailyBudget = 5;
    private int monthlyBudget = 10;

    private Builder() {}

    /**
     * Sets the rolling budgets: how many failures a credential may have in any 24 hours and in any
     * 30 days, per group of sources (the addresses that signed in before, and all others). A
     * successful sign-in with a code does not refill them. Default 5 and 10.
     *
     * <p><b>Security note:</b> the monthly budget bounds an attacker who knows the password: about
     * {@code monthly * 12.2 + monthly} guesses a year per group, each right with a chance of 3 in
     * 10<sup>6</sup> with the default window. 10 keeps that under 0.04 % a year for one group and
     * under 0.08 % for both.
     *
     * @param daily 1 or more, or {@link Integer#MAX_VALUE} for none
     * @param monthly from {@code daily} (unless it is {@link Integer#MAX_VALUE}), or {@link
     *     Integer#MAX_VALUE} for none
     * @return this builder
     */
    public Builder budgets(int daily, int monthly) {
      this.dailyBudget = daily;
      this.monthlyBudget = monthly;
      return this;
    }

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
     * Sets after how many failures without a successful sign-in a credential takes no code until a
     * recovery code signs in or an administrator unlocks it ({@link TwoFactor#unlock}). Default
     * 100.
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
     *     positive, the lock-out is shorter than the first wait or longer than 365 days, a budget
     *     is less than 1, or the maximum failures are neither more than the free ones nor {@link
     *     Integer#MAX_VALUE}
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
      if (dailyBudget < 1 || monthlyBudget < 1) {
        throw new IllegalArgumentException(
            "budgets must be at least 1: "
                + dailyBudget
                + " a day, "
                + monthlyBudget
                + " in 30 days");
      }
      if (maxFailures <= freeFailures && maxFailures != Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "maxFailures must be more than freeFailures (" + freeFailures + "): " + maxFailures);
      }
      return new ThrottlePolicy(this);
    }
  }
}
