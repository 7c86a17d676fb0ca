package dev.twofactor;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Something {@link TwoFactor} did to a credential, for an audit log: what, to which account, when,
 * and why a code was rejected.
 *
 * <p>An event never carries a secret, a code or a recovery code. Events are delivered to the
 * listener set with {@link TwoFactor.Builder#listener} on the calling thread, after the change they
 * report has been stored. Immutable.
 */
public final class TwoFactorEvent {
  /** What happened. */
  public enum Type {
    /** A new secret is pending confirmation: a first enrollment or a rotation. */
    ENROLLED,
    /** A pending secret was confirmed with a correct code and is now the active one. */
    CONFIRMED,
    /** A code logged in. */
    ACCEPTED,
    /** A code, a confirmation code or a recovery code was rejected; see {@link #reason()}. */
    REJECTED,
    /**
     * Failures reached the throttle: the credential takes no attempt before {@link #retryAfter()}.
     */
    LOCKED,
    /** A new set of recovery codes was generated; the previous set no longer works. */
    RECOVERY_CODES_GENERATED,
    /** A recovery code logged in and can no longer be used. */
    RECOVERY_CODE_USED,
    /** The credential was removed: secret, replay state, throttle state and recovery codes. */
    DISABLED
  }

  private final Type type;
  private final String accountId;
  private final Instant time;
  private final Verification.@Nullable Reason reason;
  private final @Nullable Instant retryAfter;
  private final int failures;

  private TwoFactorEvent(
      Type type,
      String accountId,
      Instant time,
      Verification.@Nullable Reason reason,
      @Nullable Instant retryAfter,
      int failures) {
    this.type = type;
    this.accountId = accountId;
    this.time = time;
    this.reason = reason;
    this.retryAfter = retryAfter;
    this.failures = failures;
  }

  static TwoFactorEvent of(Type type, String accountId, Instant time) {
    return new TwoFactorEvent(type, accountId, time, null, null, 0);
  }

  static TwoFactorEvent rejected(
      String accountId,
      Instant time,
      Verification.Reason reason,
      @Nullable Instant retryAfter,
      int failures) {
    return new TwoFactorEvent(Type.REJECTED, accountId, time, reason, retryAfter, failures);
  }

  static TwoFactorEvent locked(String accountId, Instant time, Instant until, int failures) {
    return new TwoFactorEvent(Type.LOCKED, accountId, time, null, until, failures);
  }

  /**
   * Returns what happened.
   *
   * @return the type
   */
  public Type type() {
    return type;
  }

  /**
   * Returns the account.
   *
   * @return the account id
   */
  public String accountId() {
    return accountId;
  }

  /**
   * Returns when it happened, by the service's clock.
   *
   * @return the instant
   */
  public Instant time() {
    return time;
  }

  /**
   * Returns why a code was rejected.
   *
   * @return the reason for {@link Type#REJECTED}, empty for every other type
   */
  public Optional<Verification.Reason> reason() {
    return Optional.ofNullable(reason);
  }

  /**
   * Returns when the credential takes attempts again.
   *
   * @return the instant for {@link Type#LOCKED} and for a rejection as {@code THROTTLED}, empty
   *     otherwise
   */
  public Optional<Instant> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Returns the consecutive failures counted so far, including this one.
   *
   * @return the count for {@link Type#REJECTED} and {@link Type#LOCKED}, 0 for every other type
   */
  public int failures() {
    return failures;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof TwoFactorEvent that
        && type == that.type
        && accountId.equals(that.accountId)
        && time.equals(that.time)
        && reason == that.reason
        && Objects.equals(retryAfter, that.retryAfter)
        && failures == that.failures;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, accountId, time, reason, retryAfter, failures);
  }

  /**
   * Describes the event; it holds no secret and no code.
   *
   * @return for example {@code "TwoFactorEvent[REJECTED MISMATCH, account \"agent-42\",
   *     2026-01-01T00:00:00Z, 4 failures]"}
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("TwoFactorEvent[").append(type);
    if (reason != null) {
      s.append(' ').append(reason);
    }
    s.append(", account ").append(Ascii.quote(accountId)).append(", ").append(time);
    if (failures > 0) {
      s.append(", ").append(failures).append(failures == 1 ? " failure" : " failures");
    }
    if (retryAfter != null) {
      s.append(", retry after ").append(retryAfter);
    }
    return s.append(']').toString();
  }
}
