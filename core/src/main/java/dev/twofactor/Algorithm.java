package dev.twofactor;

/**
 * The HMAC hash function of a one-time password: SHA-1 (the default, and the only one every
 * authenticator app supports), SHA-256 or SHA-512.
 *
 * <p>RFC 4226 defines HOTP with HMAC-SHA-1 only; RFC 6238 §1.2 allows HMAC-SHA-256 and HMAC-SHA-512
 * for TOTP. Many authenticator apps silently ignore the algorithm and compute SHA-1 codes anyway,
 * which is why a credential should become active only after one correct code.
 */
public enum Algorithm {
  /** HMAC-SHA-1, 20-byte MAC. The default, understood by every authenticator app. */
  SHA1("HmacSHA1", 20),
  /** HMAC-SHA-256, 32-byte MAC (RFC 6238). */
  SHA256("HmacSHA256", 32),
  /** HMAC-SHA-512, 64-byte MAC (RFC 6238). */
  SHA512("HmacSHA512", 64);

  private final String macAlgorithm;
  private final int macLength;

  Algorithm(String macAlgorithm, int macLength) {
    this.macAlgorithm = macAlgorithm;
    this.macLength = macLength;
  }

  /**
   * Returns the JCA name of the HMAC, as passed to {@link javax.crypto.Mac#getInstance(String)}.
   *
   * @return {@code "HmacSHA1"}, {@code "HmacSHA256"} or {@code "HmacSHA512"}
   */
  public String macAlgorithm() {
    return macAlgorithm;
  }

  /**
   * Returns the length of the HMAC output in bytes.
   *
   * @return 20, 32 or 64
   */
  public int macLength() {
    return macLength;
  }

  /**
   * Returns the name used by the {@code algorithm} parameter of otpauth:// URIs.
   *
   * @return {@code "SHA1"}, {@code "SHA256"} or {@code "SHA512"}
   */
  public String uriName() {
    return name();
  }

  /**
   * Reads an algorithm name leniently: any case, with or without a dash, with or without an {@code
   * Hmac} prefix ({@code sha256}, {@code SHA-256}, {@code HmacSHA256}).
   *
   * <p>Only ASCII letters are folded, so neither a Turkish default locale nor look-alike letters
   * such as the dotless {@code ı} or the long {@code ſ} are read as {@code I} or {@code S}.
   *
   * @param name the name to read
   * @return the algorithm
   * @throws IllegalArgumentException if the name is none of SHA1, SHA256 or SHA512
   */
  public static Algorithm fromName(String name) {
    String folded = Ascii.toUpperCase(name).replace("-", "");
    if (folded.startsWith("HMAC")) {
      folded = folded.substring("HMAC".length());
    }
    return switch (folded) {
      case "SHA1" -> SHA1;
      case "SHA256" -> SHA256;
      case "SHA512" -> SHA512;
      default ->
          throw new IllegalArgumentException(
              "algorithm must be one of SHA1, SHA256, SHA512: " + Ascii.quote(name));
    };
  }
}
