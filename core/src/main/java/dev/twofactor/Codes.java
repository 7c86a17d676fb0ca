package dev.twofactor;

/** Formatting and parsing of numeric codes, in ASCII and independent of the default locale. */
final class Codes {
  /** The lowest number of digits of a code. */
  static final int MIN_DIGITS = 6;

  /** The highest number of digits of a code: 10^10 exceeds every 31-bit truncated value. */
  static final int MAX_DIGITS = 10;

  /** Returned by {@link #parse} for input that is not a code of the expected length. */
  static final long MALFORMED = -1;

  private static final long[] POWERS_OF_TEN = {
    1L,
    10L,
    100L,
    1_000L,
    10_000L,
    100_000L,
    1_000_000L,
    10_000_000L,
    100_000_000L,
    1_000_000_000L,
    10_000_000_000L
  };

  /** {@code ZEROS[n]} is n zeros: the padding of a code that is n digits short. */
  private static final String[] ZEROS = {
    "", "0", "00", "000", "0000", "00000", "000000", "0000000", "00000000", "000000000"
  };

  private Codes() {}

  /** Returns 10^digits, the modulus of a code with that many digits, as a {@code long}. */
  static long modulus(int digits) {
    return POWERS_OF_TEN[digits];
  }

  /**
   * Writes a code value as exactly {@code digits} ASCII digits, zero-padded on the left.
   *
   * <p>One string and its bytes are allocated whether or not the code needs padding (one code in
   * ten does): {@code Long.toString} and the concatenation both size their array exactly.
   */
  static String format(long value, int digits) {
    if (value >= POWERS_OF_TEN[digits - 1]) {
      return Long.toString(value);
    }
    int size = 1;
    while (value >= POWERS_OF_TEN[size]) {
      size++;
    }
    return ZEROS[digits - size] + value;
  }

  /**
   * Reads a code typed by a user: whitespace around it and space characters inside it (apps show
   * {@code "123 456"}) are ignored; anything else must be exactly {@code digits} ASCII digits.
   *
   * @return the value, or {@link #MALFORMED}
   */
  static long parse(CharSequence code, int digits) {
    int start = 0;
    int end = code.length();
    while (start < end && isBlank(code.charAt(start))) {
      start++;
    }
    while (end > start && isBlank(code.charAt(end - 1))) {
      end--;
    }
    long value = 0;
    int count = 0;
    for (int i = start; i < end; i++) {
      char c = code.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++count > digits) {
          return MALFORMED;
        }
        value = value * 10 + (c - '0');
      } else if (!Character.isSpaceChar(c)) {
        // Not Character.isDigit: '١' and '１' are digits to it, and never part of a valid code.
        return MALFORMED;
      }
    }
    return count == digits ? value : MALFORMED;
  }

  /**
   * Returns how many ASCII digits a well-formed code has, whatever the length a credential expects:
   * the format check that comes before anything about the account is looked up.
   *
   * @return {@link #MIN_DIGITS} to {@link #MAX_DIGITS}, or -1 if the input is not a code of any
   *     length
   */
  static int digitCount(CharSequence code) {
    int count = 0;
    int start = 0;
    int end = code.length();
    while (start < end && isBlank(code.charAt(start))) {
      start++;
    }
    while (end > start && isBlank(code.charAt(end - 1))) {
      end--;
    }
    for (int i = start; i < end; i++) {
      char c = code.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++count > MAX_DIGITS) {
          return -1;
        }
      } else if (!Character.isSpaceChar(c)) {
        return -1;
      }
    }
    return count >= MIN_DIGITS ? count : -1;
  }

  private static boolean isBlank(char c) {
    // Printable ASCII (digits, as a rule) is never blank: no table look-up for it.
    return (c <= ' ' || c >= 0x7f) && (Character.isWhitespace(c) || Character.isSpaceChar(c));
  }
}
