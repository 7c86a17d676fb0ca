package dev.twofactor;

/** ASCII-only text helpers that no default locale can change. */
final class Ascii {
  private static final int MAX_QUOTED = 32;

  private Ascii() {}

  /** Upper-cases the ASCII letters {@code a-z} and leaves every other character as it is. */
  static String toUpperCase(String s) {
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= 'a' && chars[i] <= 'z') {
        chars[i] = (char) (chars[i] - ('a' - 'A'));
      }
    }
    return new String(chars);
  }

  /** Lower-cases the ASCII letters {@code A-Z} and leaves every other character as it is. */
  static String toLowerCase(String s) {
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= 'A' && chars[i] <= 'Z') {
        chars[i] = (char) (chars[i] + ('a' - 'A'));
      }
    }
    return new String(chars);
  }

  /**
   * Tells whether {@code text} holds {@code lowerCase} at {@code offset}, folding only the ASCII
   * letters of {@code text}: unlike {@link String#regionMatches(boolean, int, String, int, int)},
   * neither the Kelvin sign nor the dotless {@code ı} match a Latin letter.
   */
  static boolean regionMatchesIgnoreCase(String text, int offset, String lowerCase) {
    if (offset < 0 || offset + lowerCase.length() > text.length()) {
      return false;
    }
    for (int i = 0; i < lowerCase.length(); i++) {
      char c = text.charAt(offset + i);
      char folded = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
      if (folded != lowerCase.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Describes one character for an error message: printable ASCII as {@code 'c'}, anything else as
   * its code point ({@code U+0661}), so that control characters and look-alikes are visible.
   */
  static String describe(int codePoint) {
    if (codePoint >= 0x21 && codePoint <= 0x7e) {
      return "'" + (char) codePoint + "'";
    }
    return String.format(java.util.Locale.ROOT, "U+%04X", codePoint);
  }

  /** Quotes non-secret text for an error message, cut to a readable length. */
  static String quote(String s) {
    String cut = s.length() > MAX_QUOTED ? s.substring(0, MAX_QUOTED) + "…" : s;
    return '"' + cut + '"';
  }
}
