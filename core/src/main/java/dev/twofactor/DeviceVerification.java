package dev.twofactor;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of presenting a trusted device's token, from {@link TwoFactor#verifyDevice}: a type
 * of its own, so that a device's sign-in is never mistaken for a code's.
 *
 * <p>Accepted: the device's token was valid, and counts as the second factor; {@link #newToken()}
 * is the token that replaced it, to set in the device's cookie (empty when the token had just been
 * replaced by a parallel request of the same device, within the grace period: that request's
 * response carries the new one). Rejected with a reason: {@code MALFORMED} (not a token), {@code
 * NOT_ENROLLED} (no active credential), {@code MISMATCH} (no such token: forged, revoked, or of an
 * earlier credential), {@code EXPIRED} (the trust ended), or {@code REPLAYED} (a token already
 * replaced was presented again after the grace period: someone copied it, and the trust of every
 * device of the account ended). Immutable.
 */
public final class DeviceVerification {
  private final Verification.Reason reason;
  private final @Nullable DeviceToken newToken;
  private final @Nullable String deviceId;

  private DeviceVerification(
      Verification.Reason reason, @Nullable DeviceToken newToken, @Nullable String deviceId) {
    this.reason = reason;
    this.newToken = newToken;
    this.deviceId = deviceId;
  }

  static DeviceVerification accepted(String deviceId, @Nullable DeviceToken newToken) {
    return new DeviceVerification(Verification.Reason.ACCEPTED, newToken, deviceId);
  }

  static DeviceVerification rejected(Verification.Reason reason) {
    return new DeviceVerification(reason, null, null);
  }

  /**
   * Tells whether the device signed in as the second factor.
   *
   * @return {@code true} if and only if {@link #reason()} is {@code ACCEPTED}
   */
  public boolean isAccepted() {
    return reason == Verification.Reason.ACCEPTED;
  }

  /**
   * Returns why the token was accepted or rejected.
   *
   * @return the reason
   */
  public Verification.Reason reason() {
    return reason;
  }

  /**
   * Returns the token that replaced the one presented.
   *
   * @return the new token for an accepted presentation that rotated it; empty otherwise
   */
  public Optional<DeviceToken> newToken() {
    return Optional.ofNullable(newToken);
  }

  /**
   * Returns the id of the device that signed in.
   *
   * @return the id for an accepted presentation, empty otherwise
   */
  public Optional<String> deviceId() {
    return Optional.ofNullable(deviceId);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof DeviceVerification that
        && reason == that.reason
        && Objects.equals(newToken, that.newToken)
        && Objects.equals(deviceId, that.deviceId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reason, deviceId);
  }

  /**
   * Describes the outcome without any token.
   *
   * @return for example {@code "DeviceVerification[ACCEPTED, device Sb3x..., rotated]"}
   */
  @Override
  public String toString() {
    return isAccepted()
        ? "DeviceVerification[ACCEPTED, device "
            + deviceId
            + (newToken != null ? ", rotated]" : ", within the grace period]")
        : "DeviceVerification[" + reason + "]";
  }
}
