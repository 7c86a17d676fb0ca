package dev.twofactor;

import java.util.Objects;

/**
 * Thrown when an operation that replaces or removes the second factor is refused because its {@link
 * Proof} was not accepted: a wrong, replayed or malformed code, a used recovery code, an expired
 * token, or a throttled credential.
 *
 * <p>It carries the rejected {@link Verification}, so that the host can say why ("wrong code", "try
 * again after 12:04") as it does after a failed sign-in. A wrong code or recovery code was counted
 * against the throttle before this was thrown; nothing else changed. The message names the reason,
 * never the proof.
 */
public final class ProofRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Verification verification;

  ProofRejectedException(String accountId, Verification verification) {
    super(
        "proof of the current second factor of account "
            + Ascii.quote(accountId)
            + " was not accepted: "
            + verification.reason());
    this.verification = Objects.requireNonNull(verification);
  }

  /**
   * Returns why the proof was not accepted.
   *
   * @return the rejected verification, with {@link Verification#retryAfter()} if the credential is
   *     throttled
   */
  public Verification verification() {
    return verification;
  }
}
