package dev.twofactor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * Stores a value as {@code plain:}, its unpadded Base64url text, a dot and a short digest of the
 * associated data; see {@link SecretSealer#insecurePlainText()}.
 *
 * <p>The digest is no protection (anyone can compute it); it only makes this sealer refuse what
 * {@link AesGcmSecretSealer} refuses, a value opened with other associated data, so that tests and
 * demos behave like production. Text written by version 0.1 ({@code plain:} and the Base32 key)
 * opens with any associated data.
 */
final class PlainTextSecretSealer implements SecretSealer {
  static final PlainTextSecretSealer INSTANCE = new PlainTextSecretSealer();

  private static final String PREFIX = "plain:";
  private static final int DIGEST_BYTES = 9;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private PlainTextSecretSealer() {}

  @Override
  public String seal(byte[] plaintext, byte[] associatedData) {
    return PREFIX + ENCODER.encodeToString(plaintext) + '.' + digest(associatedData);
  }

  @Override
  public byte[] open(String sealed, byte[] associatedData) {
    if (!sealed.startsWith(PREFIX)) {
      throw new SealedSecretException(
          "not a plain-text value (expected prefix \"" + PREFIX + "\")");
    }
    int dot = sealed.lastIndexOf('.');
    if (dot < 0) {
      return legacy(sealed.substring(PREFIX.length()));
    }
    if (!MessageDigest.isEqual(
        sealed.substring(dot + 1).getBytes(StandardCharsets.US_ASCII),
        digest(associatedData).getBytes(StandardCharsets.US_ASCII))) {
      throw new SealedSecretException("plain-text value of another account, purpose or enrollment");
    }
    try {
      return DECODER.decode(sealed.substring(PREFIX.length(), dot));
    } catch (IllegalArgumentException e) {
      throw new SealedSecretException("malformed plain-text value: not Base64url", e);
    }
  }

  /** Reads the {@code plain:<Base32>} of version 0.1, which bound nothing. */
  private static byte[] legacy(String base32) {
    try {
      return Secret.fromBase32(base32).copyBytes();
    } catch (InvalidSecretException e) {
      // Its message names a position, never the key.
      throw new SealedSecretException("malformed plain-text secret: " + e.getMessage(), e);
    }
  }

  private static String digest(byte[] associatedData) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(associatedData);
      return ENCODER.encodeToString(Arrays.copyOf(hash, DIGEST_BYTES));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  @Override
  public String toString() {
    return "SecretSealer.insecurePlainText()";
  }
}
