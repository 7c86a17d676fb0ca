package dev.twofactor;

/**
 * Stores a secret as {@code plain:} and its Base32 text; see {@link
 * SecretSealer#insecurePlainText()}.
 */
final class PlainTextSecretSealer implements SecretSealer {
  static final PlainTextSecretSealer INSTANCE = new PlainTextSecretSealer();

  private static final String PREFIX = "plain:";

  private PlainTextSecretSealer() {}

  @Override
  public String seal(String accountId, Secret secret) {
    return PREFIX + secret.toBase32();
  }

  @Override
  public Secret open(String accountId, String sealed) {
    if (!sealed.startsWith(PREFIX)) {
      throw new SealedSecretException(
          "sealed secret of account "
              + Ascii.quote(accountId)
              + ": not a plain-text secret (expected prefix \""
              + PREFIX
              + "\")");
    }
    try {
      return Secret.fromBase32(sealed.substring(PREFIX.length()));
    } catch (InvalidSecretException e) {
      // Its message names a position, never the key.
      throw new SealedSecretException(
          "sealed secret of account " + Ascii.quote(accountId) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "SecretSealer.insecurePlainText()";
  }
}
