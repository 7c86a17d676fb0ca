package dev.twofactor.testkit;

import java.util.Locale;

/** ASCII-only text helpers that no default locale can change. */
final class Text {
  private static final int MAX_QUOTED = 32;

  private Text() {}

  /** Lower-cases the ASCII letters {@code A-Z} and leaves every other character as it is. */
  static String toLowerAscii(String s) {
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= 'A' && chars[i] <= 'Z') {
        chars[i] = (char) (chars[i] + ('a' - 'A'));
      }
    }
    return new String(chars);
  }

  /**
   * Describes one character for an error message: printable ASCII as {@code 'c'}, anything else as
   * its code point ({@code U+0661}), so that control characters and look-alikes are visible.
   */
  static String describe(int codePoint) {
    if (codePoint >= 0x21 && codePoint <= 0x7e) {
      return "'" + (char) codePoint + "'";
    }
    return String.format(Locale.ROOT, "U+%04X", codePoint);
  }

  /** Quotes non-secret text for an error message, cut to a readable length. */
  static String quote(String s) {
    String cut = s.length() > MAX_QUOTED ? s.substring(0, MAX_QUOTED) + "…" : s;
    return '"' + cut + '"';
  }
}
