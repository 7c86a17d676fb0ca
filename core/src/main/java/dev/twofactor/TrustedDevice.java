package dev.twofactor;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A browser or device the user chose to trust ("trust this browser for 30 days"), as {@link
 * CredentialStatus#trustedDevices()} lists it: its id, the label the host gave it, and when it was
 * trusted, last used and stops being trusted. It never holds the device's token. Immutable.
 */
public final class TrustedDevice {
  private final String id;
  private final String label;
  private final Instant created;
  private final Instant lastUsed;
  private final Instant expiresAt;

  TrustedDevice(String id, String label, Instant created, Instant lastUsed, Instant expiresAt) {
    this.id = id;
    this.label = label;
    this.created = created;
    this.lastUsed = lastUsed;
    this.expiresAt = expiresAt;
  }

  /**
   * Returns the id to revoke it with ({@link TwoFactor#revokeDevice}).
   *
   * @return 16 characters of Base64url
   */
  public String id() {
    return id;
  }

  /**
   * Returns the label the host gave it when it was trusted, for example the browser's name.
   *
   * @return the label, as given; escape it before showing it in a page
   */
  public String label() {
    return label;
  }

  /**
   * Returns when it was trusted.
   *
   * @return the instant
   */
  public Instant created() {
    return created;
  }

  /**
   * Returns when its token last signed in, or when it was trusted.
   *
   * @return the instant
   */
  public Instant lastUsed() {
    return lastUsed;
  }

  /**
   * Returns when it stops being trusted, whatever its use.
   *
   * @return the instant
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof TrustedDevice that
        && id.equals(that.id)
        && label.equals(that.label)
        && created.equals(that.created)
        && lastUsed.equals(that.lastUsed)
        && expiresAt.equals(that.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, label, created, lastUsed, expiresAt);
  }

  /**
   * Describes the device, its label escaped.
   *
   * @return for example {@code "TrustedDevice[Sb3x..., \"Firefox on Linux\", trusted
   *     2026-01-01T00:00:00Z, used 2026-01-05T08:00:00Z, expires 2026-01-31T00:00:00Z]"}
   */
  @Override
  public String toString() {
    return "TrustedDevice["
        + id
        + ", "
        + Ascii.quote(label)
        + ", trusted "
        + created
        + ", used "
        + lastUsed
        + ", expires "
        + expiresAt
        + "]";
  }
}
