package dev.twofactor;

import java.util.List;

/**
 * A new set of recovery codes, returned once by {@link TwoFactor#generateRecoveryCodes(String,
 * Proof)}.
 *
 * <p>Show the codes to the user once, to write down or print; they are stored only as hashes and
 * cannot be shown again. Each code logs in once, through {@link
 * TwoFactor#redeemRecoveryCode(String, CharSequence)}. Immutable.
 *
 * <p><b>Security note:</b> {@link #toString()} gives the number of codes, not the codes; they leave
 * this object only through {@link #codes()}. Do not log them.
 */
public final class RecoveryCodes {
  private final List<String> codes;

  RecoveryCodes(List<String> codes) {
    this.codes = List.copyOf(codes);
  }

  /**
   * Returns the codes, grouped for reading, for example {@code "7kq2-m9xa-b3rt"}.
   *
   * @return an unmodifiable list of the codes
   */
  public List<String> codes() {
    return codes;
  }

  /**
   * Returns the number of codes and nothing else.
   *
   * @return for example {@code "RecoveryCodes[10 codes]"}
   */
  @Override
  public String toString() {
    return "RecoveryCodes[" + codes.size() + " codes]";
  }
}
