package dev.twofactor;

import java.time.Instant;

/**
 * A new secret waiting for its first code: what to show the user so that the authenticator app
 * learns it, returned once by {@link TwoFactor#enroll(String, String)}.
 *
 * <p>Show {@link #uri()} as a QR code and {@link #manualKey()} for typing, then ask for the code
 * the app shows and pass it to {@link TwoFactor#confirm(String, String)} before {@link
 * #expiresAt()}. Until then the secret cannot log in; in a {@linkplain #isRotation() rotation} the
 * previous secret keeps working until the new one is confirmed. Immutable.
 *
 * <p><b>Security note:</b> the URI and the manual key are the secret. Show them only to the user
 * they belong to, on the enrollment screen, and never log them; {@link #toString()} leaves them
 * out.
 */
public final class Enrollment {
  private final String accountId;
  private final OtpAuthUri uri;
  private final Instant expiresAt;
  private final boolean rotation;

  Enrollment(String accountId, OtpAuthUri uri, Instant expiresAt, boolean rotation) {
    this.accountId = accountId;
    this.uri = uri;
    this.expiresAt = expiresAt;
    this.rotation = rotation;
  }

  /**
   * Returns the account that enrolled.
   *
   * @return the account id
   */
  public String accountId() {
    return accountId;
  }

  /**
   * Returns the otpauth:// URI for the QR code: issuer, account name, secret and the code settings
   * of the service's {@link Totp} policy.
   *
   * @return the URI; {@link OtpAuthUri#toUriString()} is the text to encode
   */
  public OtpAuthUri uri() {
    return uri;
  }

  /**
   * Returns the secret in Base32, in groups of four, for users who type it into the app.
   *
   * @return for example {@code "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"}
   */
  public String manualKey() {
    return uri.secret().toGroupedBase32();
  }

  /**
   * Returns the instant after which the enrollment can no longer be confirmed.
   *
   * @return the expiry
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * Tells whether this enrollment replaces an active secret, which keeps working until this one is
   * confirmed.
   *
   * @return {@code true} for a rotation, {@code false} for a first enrollment
   */
  public boolean isRotation() {
    return rotation;
  }

  /**
   * Describes the enrollment without the secret.
   *
   * @return for example {@code "Enrollment[account \"agent-42\", expires 2026-01-01T00:10:00Z,
   *     first]"}
   */
  @Override
  public String toString() {
    return "Enrollment[account "
        + Ascii.quote(accountId)
        + ", expires "
        + expiresAt
        + (rotation ? ", rotation]" : ", first]");
  }
}
