package dev.twofactor;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of checking a code: accepted, with the step it matched, or rejected, with a reason.
 *
 * <p>A rejected verification has no step, so it cannot be stored as if it were a success by
 * mistake: {@link #step()} and {@link #drift()} throw unless {@link #isAccepted()}, and {@link
 * #retryAfter()} throws unless the reason is {@link Reason#THROTTLED}. Verifying a code never
 * throws for a bad code; it returns a rejection. Instances are immutable.
 *
 * <p>{@link Totp} and {@link Hotp} return {@code ACCEPTED}, {@code MALFORMED}, {@code MISMATCH} and
 * {@code REPLAYED}; {@link TwoFactor} adds {@code THROTTLED}, {@code NOT_ENROLLED} and {@code
 * EXPIRED}, which depend on stored state.
 */
public final class Verification {
  /** Why a code was accepted or rejected. */
  public enum Reason {
    /** The code is right and has not been used before. */
    ACCEPTED,
    /**
     * The input is not a code: after removing whitespace around it and spaces inside it, it is not
     * exactly the expected number of ASCII digits. No HMAC was computed.
     */
    MALFORMED,
    /** The input is a well-formed code, but not the right one for any step in the window. */
    MISMATCH,
    /**
     * The code is right, but for a step at or before the last one accepted: RFC 6238 §5.2 forbids
     * accepting a code twice, and an older code is refused too.
     */
    REPLAYED,
    /**
     * Too many codes were wrong in a row: the credential takes no attempt before {@link
     * #retryAfter()}. The code was not checked and no HMAC was computed (RFC 4226 §7.3).
     */
    THROTTLED,
    /**
     * There is nothing to check the code against: the account never enrolled, was disabled, has
     * only an unconfirmed enrollment (which cannot log in), or, when confirming, has no pending
     * enrollment.
     */
    NOT_ENROLLED,
    /**
     * The pending enrollment is older than its expiry: too late to confirm it, and an account that
     * has nothing else has no second factor to log in with. Enroll again.
     */
    EXPIRED
  }

  static final Verification MALFORMED = new Verification(Reason.MALFORMED, 0, 0, null);
  static final Verification MISMATCH = new Verification(Reason.MISMATCH, 0, 0, null);
  static final Verification REPLAYED = new Verification(Reason.REPLAYED, 0, 0, null);
  static final Verification NOT_ENROLLED = new Verification(Reason.NOT_ENROLLED, 0, 0, null);
  static final Verification EXPIRED = new Verification(Reason.EXPIRED, 0, 0, null);

  private final Reason reason;
  private final long step;
  private final long drift;
  private final @Nullable Instant retryAfter;

  private Verification(Reason reason, long step, long drift, @Nullable Instant retryAfter) {
    this.reason = reason;
    this.step = step;
    this.drift = drift;
    this.retryAfter = retryAfter;
  }

  static Verification accepted(long step, long drift) {
    return new Verification(Reason.ACCEPTED, step, drift, null);
  }

  static Verification throttled(Instant retryAfter) {
    return new Verification(Reason.THROTTLED, 0, 0, Objects.requireNonNull(retryAfter));
  }

  /**
   * Tells whether the code was accepted.
   *
   * @return {@code true} if and only if {@link #reason()} is {@link Reason#ACCEPTED}
   */
  public boolean isAccepted() {
    return reason == Reason.ACCEPTED;
  }

  /**
   * Returns why the code was accepted or rejected.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the step (TOTP) or counter (HOTP) the code matched. Store it and pass it as the last
   * used step of the next verification, so that the code cannot be used again.
   *
   * @return the matched step
   * @throws IllegalStateException if the code was not accepted
   */
  public long step() {
    requireAccepted("step");
    return step;
  }

  /**
   * Returns how many steps the matched step lies ahead of (positive) or behind (negative) the step
   * expected now: the clock drift of the authenticator, in steps (RFC 6238 §6).
   *
   * @return the drift in steps
   * @throws IllegalStateException if the code was not accepted
   */
  public long drift() {
    requireAccepted("drift");
    return drift;
  }

  /**
   * Returns the earliest instant at which the credential takes another attempt. Show it to the user
   * ("try again in 2 minutes"); an attempt before it is {@code THROTTLED} again and does not count
   * as a failure.
   *
   * @return the instant from which codes are checked again
   * @throws IllegalStateException if the reason is not {@link Reason#THROTTLED}
   */
  public Instant retryAfter() {
    Instant instant = retryAfter;
    if (instant == null) {
      throw new IllegalStateException("retryAfter is only defined for a throttled code: " + reason);
    }
    return instant;
  }

  private void requireAccepted(String what) {
    if (!isAccepted()) {
      throw new IllegalStateException(what + " is only defined for an accepted code: " + reason);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Verification that
        && reason == that.reason
        && step == that.step
        && drift == that.drift
        && Objects.equals(retryAfter, that.retryAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reason, step, drift, retryAfter);
  }

  /**
   * Returns the reason and, if accepted, the step and drift, or, if throttled, the instant to retry
   * after; never the code.
   *
   * @return for example {@code "Verification[ACCEPTED, step=41152263, drift=-1]"} or {@code
   *     "Verification[THROTTLED, retryAfter=2026-01-01T00:02:00Z]"}
   */
  @Override
  public String toString() {
    if (isAccepted()) {
      return "Verification[ACCEPTED, step=" + step + ", drift=" + drift + "]";
    }
    return retryAfter != null
        ? "Verification[THROTTLED, retryAfter=" + retryAfter + "]"
        : "Verification[" + reason + "]";
  }
}
