package dev.twofactor;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of checking a code: accepted, with the step it matched, or rejected, with a reason.
 *
 * <p>A rejected verification has no step, so it cannot be stored as if it were a success by
 * mistake: {@link #step()} and {@link #drift()} throw unless {@link #isAccepted()}. Verifying a
 * code never throws for a bad code; it returns a rejection. Instances are immutable.
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
    REPLAYED
  }

  static final Verification MALFORMED = new Verification(Reason.MALFORMED, 0, 0);
  static final Verification MISMATCH = new Verification(Reason.MISMATCH, 0, 0);
  static final Verification REPLAYED = new Verification(Reason.REPLAYED, 0, 0);

  private final Reason reason;
  private final long step;
  private final long drift;

  private Verification(Reason reason, long step, long drift) {
    this.reason = reason;
    this.step = step;
    this.drift = drift;
  }

  static Verification accepted(long step, long drift) {
    return new Verification(Reason.ACCEPTED, step, drift);
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
   * Returns how many steps the matched step lies ahead of (positive) or behind (negative) the
   * step expected now: the clock drift of the authenticator, in steps (RFC 6238 §6).
   *
   * @return the drift in steps
   * @throws IllegalStateException if the code was not accepted
   */
  public long drift() {
    requireAccepted("drift");
    return drift;
  }

  private void requireAccepted(String what) {
    if (!isAccepted()) {
      throw new IllegalStateException(what + " is only defined for an accepted code: " + reason);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Verification that
        && reason == that.reason && step == that.step && drift == that.drift;
  }

  @Override
  public int hashCode() {
    return Objects.hash(reason, step, drift);
  }

  /**
   * Returns the reason and, if accepted, the step and drift; never the code.
   *
   * @return for example {@code "Verification[ACCEPTED, step=41152263, drift=-1]"}
   */
  @Override
  public String toString() {
    return isAccepted()
        ? "Verification[ACCEPTED, step=" + step + ", drift=" + drift + "]"
        : "Verification[" + reason + "]";
  }
}
