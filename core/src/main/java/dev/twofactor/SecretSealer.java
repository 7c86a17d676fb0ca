package dev.twofactor;

/**
 * Seals secrets before they reach a {@link CredentialRepository} and opens them again.
 *
 * <p>Use {@link AesGcmSecretSealer}, or implement this interface to seal with a key management
 * service. {@link TwoFactor} passes the account id to both methods: a sealer should bind the sealed
 * text to it, so that a sealed secret copied into another account's record does not open.
 * Implementations must be thread-safe. The sealed text should be printable ASCII, so that it fits a
 * text column and a {@link CredentialRecord#toMap() flat map}.
 *
 * <p><b>Security note:</b> {@link #insecurePlainText()} stores secrets readable by anyone who can
 * read the repository (a backup, a replica, a support dump); it is for tests, demos and
 * repositories that never leave the process.
 */
public interface SecretSealer {
  /**
   * Seals a secret for the record of an account.
   *
   * @param accountId the account whose record will hold the sealed secret
   * @param secret the secret
   * @return the sealed text, not empty
   */
  String seal(String accountId, Secret secret);

  /**
   * Opens a sealed secret of an account.
   *
   * @param accountId the account whose record holds the sealed secret
   * @param sealed the text that {@link #seal} returned
   * @return the secret
   * @throws SealedSecretException if the text was not sealed by this sealer for this account, was
   *     altered, or names a key the sealer does not have; the message never contains the secret
   */
  Secret open(String accountId, String sealed);

  /**
   * Returns the sealer that stores secrets in plain text, as {@code plain:} and the Base32 key.
   * Every call returns the same instance, so a repository can refuse it by identity.
   *
   * <p><b>Security note:</b> anyone who can read the repository can log in as any of its users. The
   * name is meant to be found by a search for "insecure" in a code review.
   *
   * @return the plain-text sealer
   */
  static SecretSealer insecurePlainText() {
    return PlainTextSecretSealer.INSTANCE;
  }
}
