package dev.twofactor;

import java.util.Objects;

/**
 * Proof that the user holds the current second factor, demanded by the operations that replace or
 * remove it: a new secret over an active one ({@link TwoFactor#enroll(String, String, Proof)}), new
 * recovery codes and the user's own {@link TwoFactor#disable(String, Proof) disable}. Without it,
 * anyone who takes over a signed-in session could swap the factor for one of their own.
 *
 * <p>Three kinds: a code from the app, which is verified as a sign-in would be (it uses up its step
 * and counts against the throttle when wrong); a recovery code, which is used up; or the token of a
 * recent sign-in, {@link Verification#proof()}, which proves nothing after {@link
 * TwoFactor.Builder#proofLifetime(Duration) its lifetime} or once the credential changed.
 * Immutable; {@link #toString()} never shows the code or the token.
 */
public final class Proof {
  /** What kind of proof this is. */
  enum Kind {
    CODE,
    RECOVERY_CODE,
    TOKEN
  }

  private final Kind kind;
  private final CharSequence value;

  private Proof(Kind kind, CharSequence value) {
    this.kind = kind;
    this.value = value;
  }

  /**
   * Returns a proof by a code from the authenticator app.
   *
   * @param code the code as typed
   * @return the proof
   */
  public static Proof code(CharSequence code) {
    return new Proof(Kind.CODE, Objects.requireNonNull(code, "code"));
  }

  /**
   * Returns a proof by an unused recovery code, which the operation uses up.
   *
   * @param recoveryCode the recovery code as typed
   * @return the proof
   */
  public static Proof recoveryCode(CharSequence recoveryCode) {
    return new Proof(Kind.RECOVERY_CODE, Objects.requireNonNull(recoveryCode, "recoveryCode"));
  }

  /**
   * Returns a proof by the token of a recent sign-in.
   *
   * @param token the text of {@link Verification#proof()}
   * @return the proof
   */
  public static Proof token(String token) {
    return new Proof(Kind.TOKEN, Objects.requireNonNull(token, "token"));
  }

  Kind kind() {
    return kind;
  }

  CharSequence value() {
    return value;
  }

  /**
   * Names the kind of proof, never its value.
   *
   * @return for example {@code "Proof[CODE]"}
   */
  @Override
  public String toString() {
    return "Proof[" + kind + "]";
  }
}
