package dev.twofactor;

import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 §2.1 percent-encoding of UTF-8 text, as the otpauth:// writer needs it; decoding is done
 * by {@link OtpAuthUriParser}, which must report where in the text a problem is.
 *
 * <p>Only the unreserved characters of RFC 3986 §2.3 ({@code A-Z a-z 0-9 - . _ ~}) are written as
 * they are; every other byte of the UTF-8 encoding becomes {@code %XX} with upper-case hex. A space
 * is {@code %20}, never {@code +}: {@link java.net.URLEncoder} writes form encoding, in which
 * {@code +} means a space, and authenticator apps show that {@code +} literally.
 */
final class PercentEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentEncoding() {}

  /**
   * Appends the percent-encoded UTF-8 of {@code text}; the text must be valid UTF-16 (the builder
   * refuses unpaired surrogates, which have no UTF-8 encoding).
   */
  static void append(StringBuilder out, String text) {
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isUnreserved(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0x0f]);
      }
    }
  }

  /** Tells whether an ASCII character is unreserved in RFC 3986 §2.3. */
  static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  /** Returns the value of an ASCII hexadecimal digit in either case, or -1 for anything else. */
  static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }
}
