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

  /** Issues the token of {@link #proof()} when the host asks for it, not at every sign-in. */
  @FunctionalInterface
  interface ProofIssuer {
    String issue();
  }

  private final Reason reason;
  private final long step;
  private final long drift;
  private final @Nullable Instant retryAfter;
  private final int failuresSinceLastSuccess;
  private final @Nullable ProofIssuer proofIssuer;

  private Verification(Reason reason, long step, long drift, @Nullable Instant retryAfter) {
    this(reason, step, drift, retryAfter, 0, null);
  }

  private Verification(
      Reason reason,
      long step,
      long drift,
      @Nullable Instant retryAfter,
      int failuresSinceLastSuccess,
      @Nullable ProofIssuer proofIssuer) {
    this.reason = reason;
    this.step = step;
    this.drift = drift;
    this.retryAfter = retryAfter;
    this.failuresSinceLastSuccess = failuresSinceLastSuccess;
    this.proofIssuer = proofIssuer;
  }

  static Verification accepted(long step, long drift) {
    return new Verification(Reason.ACCEPTED, step, drift, null);
  }

  /** An acceptance by the service, which counts earlier failures and can issue a proof. */
  static Verification signedIn(
      long step, long drift, int failuresSinceLastSuccess, ProofIssuer proofIssuer) {
    return new Verification(
        Reason.ACCEPTED, step, drift, null, failuresSinceLastSuccess, proofIssuer);
  }

  static Verification throttled(Instant retryAfter) {
    return new Verification(Reason.THROTTLED, 0, 0, Objects.requireNonNull(retryAfter));
  }

  /**
   * Returns how many codes and recovery codes were wrong since the previous successful sign-in:
   * tell the user when it is not 0 ("there were 7 failed attempts since your last sign-in: if that
   * was not you, change your password"), because whoever made them knows the password.
   *
   * @return 0 or more for a sign-in accepted by {@link TwoFactor}; 0 for {@link Totp} and {@link
   *     Hotp}
   * @throws IllegalStateException if the code was not accepted
   */
  public int failuresSinceLastSuccess() {
    requireAccepted("failuresSinceLastSuccess");
    return failuresSinceLastSuccess;
  }

  /**
   * Returns a token that proves this sign-in for a short time, to pass as {@link
   * Proof#token(String)} to the operations that replace or remove the second factor, so that the
   * user need not type another code right after signing in.
   *
   * <p>The token is sealed by the service's {@link SecretSealer}, bound to the account and its
   * current credential, and expires after {@link TwoFactor.Builder#proofLifetime(Duration)}; it is
   * issued when this method is first called. <b>Security note:</b> keep it on the server, in the
   * user's session, and never send it to the browser; whoever holds it can replace the factor while
   * it is valid.
   *
   * @return the token, printable ASCII
   * @throws IllegalStateException if the code was not accepted, or was accepted by {@link Totp} or
   *     {@link Hotp} rather than by {@link TwoFactor}
   */
  public String proof() {
    requireAccepted("proof");
    ProofIssuer issuer = proofIssuer;
    if (issuer == null) {
      throw new IllegalStateException("proof is only issued by TwoFactor, not by Totp or Hotp");
    }
    return issuer.issue();
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
        && failuresSinceLastSuccess == that.failuresSinceLastSuccess
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
      return "Verification[ACCEPTED, step="
          + step
          + ", drift="
          + drift
          + (failuresSinceLastSuccess == 0
              ? ""
              : ", failuresSinceLastSuccess=" + failuresSinceLastSuccess)
          + "]";
    }
    return retryAfter != null
        ? "Verification[THROTTLED, retryAfter=" + retryAfter + "]"
        : "Verification[" + reason + "]";
  }
}
