package dev.twofactor;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A trusted device's token, issued by {@link TwoFactor#trustDevice} and replaced at every use by
 * {@link TwoFactor#verifyDevice}: what the host puts in the device's cookie.
 *
 * <p><b>Security note:</b> the token signs in as the second factor until it expires or is used;
 * keep it in an {@code HttpOnly}, {@code Secure}, {@code SameSite} cookie, never in a URL or a log.
 * Every use replaces it with a new one, and presenting a replaced token again (someone copied it)
 * ends the trust of every device of the account. {@link #toString()} leaves the token out.
 * Immutable.
 */
public final class DeviceToken {
  private final String deviceId;
  private final String token;
  private final Instant expiresAt;

  DeviceToken(String deviceId, String token, Instant expiresAt) {
    this.deviceId = deviceId;
    this.token = token;
    this.expiresAt = expiresAt;
  }

  /**
   * Returns the id of the trusted device, as {@link TrustedDevice#id()} lists it.
   *
   * @return 16 characters of Base64url
   */
  public String deviceId() {
    return deviceId;
  }

  /**
   * Returns the token: 256 random bits in 43 characters of Base64url.
   *
   * @return the token, for the device's cookie only
   */
  public String token() {
    return token;
  }

  /**
   * Returns when the device stops being trusted: the cookie's expiry.
   *
   * @return the instant
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof DeviceToken that
        && deviceId.equals(that.deviceId)
        && token.equals(that.token)
        && expiresAt.equals(that.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(deviceId, expiresAt);
  }

  /**
   * Describes the token without it.
   *
   * @return for example {@code "DeviceToken[device Sb3x..., expires 2026-01-31T00:00:00Z]"}
   */
  @Override
  public String toString() {
    return "DeviceToken[device " + deviceId + ", expires " + expiresAt + "]";
  }
}
