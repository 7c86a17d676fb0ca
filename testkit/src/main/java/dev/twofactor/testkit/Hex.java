package dev.twofactor.testkit;

/** Hexadecimal and Base32 helpers for the vectors, written for the JDK alone. */
final class Hex {
  private static final String BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Hex() {}

  static byte[] decode(String hex) {
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException("hex must have an even length: " + hex.length());
    }
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }

  /** Encodes bytes as padded RFC 4648 Base32, the form of the RFC 6238 keys in the vectors. */
  static String toBase32(String hex) {
    byte[] bytes = decode(hex);
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = buffer << 8 | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32_ALPHABET.charAt(buffer >>> (bits - 5) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32_ALPHABET.charAt(buffer << (5 - bits) & 31));
    }
    while (out.length() % 8 != 0) {
      out.append('=');
    }
    return out.toString();
  }
}
