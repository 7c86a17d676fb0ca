package dev.twofactor.testkit;

import java.io.ByteArrayOutputStream;

/**
 * A small RFC 4648 §6 Base32 decoder for the secrets of otpauth:// URIs, written for the JDK alone.
 *
 * <p>It reads secrets as authenticator apps do: letters in any case, spaces and hyphens ignored
 * (grouped keys such as {@code "JBSW Y3DP EHPK 3PXP"}), trailing {@code =} padding optional, and
 * unused bits of the last character ignored. It refuses any other character, data after padding and
 * lengths that no byte string encodes to.
 */
final class Base32 {
  private Base32() {}

  /**
   * Decodes the Base32 text of a secret.
   *
   * @param text the secret's text, already percent-decoded
   * @return the key bytes, at least one
   * @throws IllegalArgumentException if the text is not Base32; the message gives the position
   *     within {@code text} and never the text itself
   */
  static byte[] decode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    int count = 0;
    int firstPadding = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '-') {
        continue;
      }
      if (c == '=') {
        if (firstPadding < 0) {
          firstPadding = i;
        }
        continue;
      }
      int value = valueOf(c);
      if (value < 0) {
        throw new IllegalArgumentException(
            "secret: invalid Base32 character "
                + Text.describe(text.codePointAt(i))
                + " at index "
                + i);
      }
      if (firstPadding >= 0) {
        throw new IllegalArgumentException(
            "secret: Base32 data at index " + i + " after padding at index " + firstPadding);
      }
      buffer = (buffer << 5 | value) & 0xfff;
      bits += 5;
      count++;
      if (bits >= 8) {
        bits -= 8;
        out.write(buffer >>> bits);
      }
    }
    if (count == 0) {
      throw new IllegalArgumentException("secret has no Base32 characters");
    }
    int remainder = count % 8;
    if (remainder == 1 || remainder == 3 || remainder == 6) {
      throw new IllegalArgumentException(
          "secret: " + count + " Base32 characters cannot encode whole bytes");
    }
    return out.toByteArray();
  }

  /** Returns the 5-bit value of a Base32 character in either case, or -1. */
  private static int valueOf(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a';
    }
    if (c >= '2' && c <= '7') {
      return c - '2' + 26;
    }
    return -1;
  }
}
