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

  /**
   * Quotes non-secret text for an error message or an event, cut to a readable length. Every
   * character that could change how a log line or a terminal shows the text is escaped as {@code
   * \\uXXXX}: control characters, line and paragraph separators, format characters (among them the
   * bidirectional controls) and lone surrogates; a quote or a backslash in the text gets a
   * backslash before it.
   */
  static String quote(String s) {
    boolean cut = s.length() > MAX_QUOTED;
    int end = cut ? MAX_QUOTED : s.length();
    if (cut && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--; // never cut a surrogate pair in two
    }
    StringBuilder out = new StringBuilder(end + 8).append('"');
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (mustEscape(s, i)) {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(cut ? "…\"" : "\"").toString();
  }

  private static boolean mustEscape(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    int type = Character.getType(c);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  /**
   * Reads {@code -?[0-9]+} as a long; unlike {@link Long#parseLong(String)} it refuses a {@code +}
   * sign and non-ASCII digits.
   *
   * @return the value, or {@link Long#MIN_VALUE} if the text is not such a number or is out of the
   *     range of a long
   */
  static long parseDecimal(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    if (text.length() == start || text.length() > 20) {
      return Long.MIN_VALUE;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return Long.MIN_VALUE;
      }
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }
}
