package dev.twofactor;

/**
 * Thrown when a sealed secret cannot be opened: it was altered, sealed for another account, or
 * sealed with a key the {@link SecretSealer} does not have.
 *
 * <p>This is never the user's fault and never a rejected code: the stored record or the sealer's
 * keys are wrong, and {@link TwoFactor} accepts nothing with that record. The message names the
 * account and the problem, never the secret.
 */
public final class SealedSecretException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, without the secret
   */
  public SealedSecretException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what is wrong, without the secret
   * @param cause the underlying failure
   */
  public SealedSecretException(String message, Throwable cause) {
    super(message, cause);
  }
}
