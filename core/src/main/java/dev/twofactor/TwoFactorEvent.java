package dev.twofactor;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Something {@link TwoFactor} did to a credential, for an audit log: what, to which account, when,
 * and why a code was rejected.
 *
 * <p>An event never carries a secret, a code, a recovery code or a token, and its {@link
 * #toString()} escapes every id, name and context value, so that none can forge a log line. Events
 * are delivered to the listener set with {@link TwoFactor.Builder#listener} on the calling thread,
 * after the change they report has been stored. Immutable.
 */
public final class TwoFactorEvent {
  /** What happened. */
  public enum Type {
    /** A first secret is pending confirmation. */
    ENROLLED,
    /**
     * A new secret is pending confirmation to replace the active one, with proof of the current
     * factor: tell the user, who may not have asked for it.
     */
    REPLACEMENT_STARTED,
    /** A first secret was confirmed with a correct code and is now active. */
    CONFIRMED,
    /**
     * A new secret was confirmed and replaced the active one: tell the user, who may not have asked
     * for it.
     */
    SECRET_REPLACED,
    /** A code signed in; {@link #failures()} is the failures since the previous sign-in. */
    ACCEPTED,
    /** A code, a confirmation code or a recovery code was rejected; see {@link #reason()}. */
    REJECTED,
    /**
     * Failures reached a limit of the throttle: no attempt is checked before {@link #retryAfter()}
     * (from this event's source only, if the limit is its back-off).
     */
    LOCKED,
    /** A new set of recovery codes was generated; the previous set no longer works. */
    RECOVERY_CODES_GENERATED,
    /**
     * A recovery code signed in and can no longer be used; {@link #failures()} is the failures
     * since the previous sign-in.
     */
    RECOVERY_CODE_USED,
    /** Two consecutive codes resynchronised an authenticator whose clock was far off. */
    RESYNCHRONIZED,
    /** The user removed the credential, with proof of the current factor. */
    DISABLED,
    /** An administrator, {@link #actor()}, removed the credential. */
    RESET,
    /** An administrator, {@link #actor()}, cleared the throttle; the credential is kept. */
    UNLOCKED,
    /**
     * An administrator, {@link #actor()}, imported an existing secret as the active credential;
     * {@link #weakSecret()} says whether it has fewer than 128 bits.
     */
    IMPORTED,
    /** An administrator, {@link #actor()}, exported the credential as an otpauth URI. */
    EXPORTED,
    /** Values of the record were sealed again under the sealer's current key. */
    RESEALED,
    /** A device was trusted to sign in without a code; {@link #device()} names it. */
    DEVICE_TRUSTED,
    /**
     * A trusted device's token signed in (and was replaced); {@link #failures()} is the failures
     * before this sign-in.
     */
    DEVICE_SIGNED_IN,
    /**
     * A device token that had already been replaced was presented again: someone copied it. The
     * trust of every device of the account ended; tell the user.
     */
    DEVICE_TOKEN_REUSED,
    /** The trust of one device ended at the user's request; {@link #device()} names it. */
    DEVICE_REVOKED,
    /** The trust of every device of the account ended ("sign out everywhere"). */
    DEVICES_REVOKED
  }

  private final Type type;
  private final String accountId;
  private final Instant time;
  private final Verification.@Nullable Reason reason;
  private final @Nullable Instant retryAfter;
  private final int failures;
  private final RequestContext context;
  private final @Nullable String actor;
  private final boolean weakSecret;
  private final @Nullable String device;

  @SuppressWarnings("TooManyParameters") // package-private; the factories below name the cases
  private TwoFactorEvent(
      Type type,
      String accountId,
      Instant time,
      Verification.@Nullable Reason reason,
      @Nullable Instant retryAfter,
      int failures,
      RequestContext context,
      @Nullable String actor,
      boolean weakSecret,
      @Nullable String device) {
    this.type = type;
    this.accountId = accountId;
    this.time = time;
    this.reason = reason;
    this.retryAfter = retryAfter;
    this.failures = failures;
    this.context = context;
    this.actor = actor;
    this.weakSecret = weakSecret;
    this.device = device;
  }

  static TwoFactorEvent of(Type type, String accountId, Instant time, RequestContext context) {
    return new TwoFactorEvent(type, accountId, time, null, null, 0, context, null, false, null);
  }

  static TwoFactorEvent signedIn(
      Type type, String accountId, Instant time, int failuresBefore, RequestContext context) {
    return new TwoFactorEvent(
        type, accountId, time, null, null, failuresBefore, context, null, false, null);
  }

  static TwoFactorEvent ofDevice(
      Type type,
      String accountId,
      Instant time,
      @Nullable String deviceId,
      int failuresBefore,
      RequestContext context) {
    return new TwoFactorEvent(
        type, accountId, time, null, null, failuresBefore, context, null, false, deviceId);
  }

  static TwoFactorEvent byAdministrator(
      Type type,
      String accountId,
      Instant time,
      String administrator,
      boolean weakSecret,
      RequestContext context) {
    return new TwoFactorEvent(
        type, accountId, time, null, null, 0, context, administrator, weakSecret, null);
  }

  static TwoFactorEvent rejected(
      String accountId,
      Instant time,
      Verification.Reason reason,
      @Nullable Instant retryAfter,
      int failures,
      RequestContext context) {
    return new TwoFactorEvent(
        Type.REJECTED, accountId, time, reason, retryAfter, failures, context, null, false, null);
  }

  static TwoFactorEvent locked(
      String accountId, Instant time, Instant until, int failures, RequestContext context) {
    return new TwoFactorEvent(
        Type.LOCKED, accountId, time, null, until, failures, context, null, false, null);
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
   * Returns a count of failures: for {@link Type#REJECTED} and {@link Type#LOCKED} the failures
   * since the last successful sign-in, including this one; for {@link Type#ACCEPTED}, {@link
   * Type#RECOVERY_CODE_USED} and {@link Type#RESYNCHRONIZED} the failures before this sign-in.
   *
   * @return 0 or more; 0 for every other type
   */
  public int failures() {
    return failures;
  }

  /**
   * Returns where the request came from, as the host passed it with {@link
   * TwoFactor#withContext(RequestContext)}.
   *
   * @return the context, {@link RequestContext#none()} if the host passed none
   */
  public RequestContext context() {
    return context;
  }

  /**
   * Returns the administrator who reset, unlocked, imported or exported the credential.
   *
   * @return the administrator as the host named them, or empty for every other type
   */
  public Optional<String> actor() {
    return Optional.ofNullable(actor);
  }

  /**
   * Returns the trusted device the event is about.
   *
   * @return its id for the device events that concern one device, empty otherwise
   */
  public Optional<String> device() {
    return Optional.ofNullable(device);
  }

  /**
   * Tells whether an imported secret has fewer than 128 bits (RFC 4226 §4 requires 128, and some
   * apps refuse shorter ones).
   *
   * @return {@code true} only for {@link Type#IMPORTED} of a weak secret
   */
  public boolean weakSecret() {
    return weakSecret;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof TwoFactorEvent that
        && type == that.type
        && accountId.equals(that.accountId)
        && time.equals(that.time)
        && reason == that.reason
        && Objects.equals(retryAfter, that.retryAfter)
        && failures == that.failures
        && context.equals(that.context)
        && Objects.equals(actor, that.actor)
        && weakSecret == that.weakSecret
        && Objects.equals(device, that.device);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        type, accountId, time, reason, retryAfter, failures, context, actor, weakSecret);
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
    if (actor != null) {
      s.append(", by ").append(Ascii.quote(actor));
    }
    if (weakSecret) {
      s.append(", weak secret");
    }
    if (device != null) {
      s.append(", device ").append(device);
    }
    if (!context.equals(RequestContext.none())) {
      s.append(", ").append(context);
    }
    return s.append(']').toString();
  }
}
