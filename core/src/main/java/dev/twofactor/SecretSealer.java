package dev.twofactor;

import java.util.Optional;

/**
 * Seals what grants access before it reaches a {@link CredentialRepository}, and opens it again:
 * secrets, recovery code hashes, trusted-device tokens and proofs of a recent sign-in.
 *
 * <p>Use {@link AesGcmSecretSealer}, or implement this interface to seal with a key management
 * service. {@link TwoFactor} passes associated data with every call: a strict encoding of the
 * account id, what the value is for (an active secret, a pending one, recovery codes, ...) and the
 * id of the enrollment it belongs to. A sealer must authenticate it with the sealed text, so that a
 * value copied into another account's record, or into another field of the same record, or altered
 * in any way, does not open. The associated data is not secret and need not be stored.
 * Implementations must be thread-safe. The sealed text must be printable ASCII without spaces, so
 * that it fits a text column and the map form of a {@link CredentialRecord}.
 *
 * <p><b>Security note:</b> {@link #insecurePlainText()} stores values readable and writable by
 * anyone who can reach the repository (a backup, a replica, a support dump); it is for tests, demos
 * and repositories that never leave the process. With it, nothing that this interface promises
 * holds.
 */
public interface SecretSealer {
  /**
   * Seals a value.
   *
   * @param plaintext the value; the caller clears the array after the call
   * @param associatedData what the value is bound to, authenticated but not stored
   * @return the sealed text: printable ASCII without spaces, not empty
   */
  String seal(byte[] plaintext, byte[] associatedData);

  /**
   * Opens a sealed value.
   *
   * @param sealed the text that {@link #seal} returned
   * @param associatedData the associated data it was sealed with
   * @return the value; the caller clears the array after use
   * @throws SealedSecretException if the text was not sealed by this sealer with this associated
   *     data, was altered, or names a key the sealer does not have; the message never contains the
   *     value
   */
  byte[] open(String sealed, byte[] associatedData);

  /**
   * Tells whether a sealed text was sealed under the key that new seals use. {@link TwoFactor}
   * seals a value again, under the current key, in the next write of its record that the value is
   * read for (a successful sign-in, for example), and {@link TwoFactor#resealBatch} does it for
   * every record; once no record names an old key, the key can be retired.
   *
   * @param sealed a sealed text
   * @return {@code false} if it names another key; {@code true} by default, for sealers without key
   *     rotation
   */
  default boolean isCurrent(String sealed) {
    return true;
  }

  /**
   * Returns the id of the key a sealed text names, for {@link TwoFactor#missingKeyIds()}.
   *
   * @param sealed a sealed text
   * @return the key id, or empty if the text names none this sealer can read
   */
  default Optional<String> keyId(String sealed) {
    return Optional.empty();
  }

  /**
   * Tells whether this sealer has the key of an id.
   *
   * @param keyId a key id that {@link #keyId(String)} returned
   * @return {@code true} if texts sealed under it can be opened; {@code true} by default
   */
  default boolean hasKey(String keyId) {
    return true;
  }

  /**
   * Returns the sealer that stores values in plain text. Every call returns the same instance, so a
   * repository can refuse it by identity.
   *
   * <p><b>Security note:</b> anyone who can read the repository can log in as any of its users, and
   * anyone who can write it can forge any value. The name is meant to be found by a search for
   * "insecure" in a code review.
   *
   * @return the plain-text sealer
   */
  static SecretSealer insecurePlainText() {
    return PlainTextSecretSealer.INSTANCE;
  }
}
