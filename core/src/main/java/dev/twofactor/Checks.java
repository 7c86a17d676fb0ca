package dev.twofactor;

/** Argument checks shared by the builders, with messages that say what must hold. */
final class Checks {
  /** The widest window on either side, in steps or counters. */
  static final int MAX_WINDOW = 10;

  private Checks() {}

  static void digits(int digits) {
    if (digits < Codes.MIN_DIGITS || digits > Codes.MAX_DIGITS) {
      throw new IllegalArgumentException(
          "digits must be between "
              + Codes.MIN_DIGITS
              + " and "
              + Codes.MAX_DIGITS
              + ": "
              + digits);
    }
  }

  static void window(String name, int steps) {
    if (steps < 0 || steps > MAX_WINDOW) {
      throw new IllegalArgumentException(
          name + " must be between 0 and " + MAX_WINDOW + ": " + steps);
    }
  }
}
