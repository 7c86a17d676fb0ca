package dev.twofactor;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a stored credential record cannot be read: an unknown or missing key, or a value that
 * is malformed or out of range.
 *
 * <p>The message names the key ({@code "credential record key \"failures\": must be an ASCII
 * decimal integer: \"x\""}); it shows the values of counters and instants, but never the value of
 * {@code secret}, {@code pending_secret} or {@code recovery_codes}.
 */
public final class InvalidCredentialRecordException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The key whose value, or absence, makes the record unreadable. */
  private final @Nullable String key;

  InvalidCredentialRecordException(String message, @Nullable String key) {
    super(message);
    this.key = key;
  }

  InvalidCredentialRecordException(String message, String key, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /**
   * Returns the key that makes the record unreadable, for example {@code "failures"}.
   *
   * @return the key, or {@code null} if the map has a {@code null} key
   */
  public @Nullable String key() {
    return key;
  }
}
