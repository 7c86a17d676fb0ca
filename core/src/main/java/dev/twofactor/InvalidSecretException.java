package dev.twofactor;

import java.util.function.IntUnaryOperator;

/**
 * Thrown when text that should hold a Base32 secret cannot be read as one, with the reason and the
 * index of the problem.
 *
 * <p>The message names the problem and where it is ({@code "secret: invalid Base32 character '1' at
 * index 7"}) but never contains the secret or any of its valid characters. {@link #reason()} and
 * {@link #index()} say the same for a program, so that a caller (a form that imports a key, a
 * reader of URIs) need not parse the English.
 */
public final class InvalidSecretException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Why a text is not a usable Base32 secret. A public type so that a form importing a key can tell
   * "too short" from "not Base32" without reading the message.
   */
  public enum Reason {
    /** Only spaces, tabs, hyphens and padding, or nothing. Index -1. */
    NO_DATA,
    /** A character outside the Base32 alphabet. Index of the character. */
    INVALID_CHARACTER,
    /** A Base32 character after {@code =} padding. Index of that character. */
    DATA_AFTER_PADDING,
    /**
     * A number of Base32 characters that no byte string encodes to: 1, 3 or 6 more than a multiple
     * of 8. Index of the last Base32 character.
     */
    INVALID_LENGTH,
    /** Fewer than 80 bits (16 Base32 characters). Index -1. */
    TOO_SHORT,
    /**
     * More than 1024 bits (205 Base32 characters), the longest key imported: longer keys are hashed
     * down by HMAC anyway, and a limit bounds the work on outside input. Index of the first Base32
     * character beyond the limit.
     */
    TOO_LONG
  }

  /** Why the text was refused. */
  private final Reason reason;

  /** The index of the offending character in the text, or -1. */
  private final int index;

  /** For {@link Reason#DATA_AFTER_PADDING}, the index of the first padding character; else -1. */
  private final int paddingIndex;

  /**
   * The number the message names: the code point for {@link Reason#INVALID_CHARACTER}, the number
   * of Base32 characters for {@link Reason#INVALID_LENGTH}, the bits for {@link Reason#TOO_SHORT};
   * else 0.
   */
  private final int value;

  private InvalidSecretException(Reason reason, int index, int paddingIndex, int value) {
    super(describe(reason, index, paddingIndex, value, IntUnaryOperator.identity()));
    this.reason = reason;
    this.index = index;
    this.paddingIndex = paddingIndex;
    this.value = value;
  }

  static InvalidSecretException noData() {
    return new InvalidSecretException(Reason.NO_DATA, -1, -1, 0);
  }

  static InvalidSecretException invalidCharacter(int index, int codePoint) {
    return new InvalidSecretException(Reason.INVALID_CHARACTER, index, -1, codePoint);
  }

  static InvalidSecretException dataAfterPadding(int index, int paddingIndex) {
    return new InvalidSecretException(Reason.DATA_AFTER_PADDING, index, paddingIndex, 0);
  }

  static InvalidSecretException invalidLength(int lastIndex, int characters) {
    return new InvalidSecretException(Reason.INVALID_LENGTH, lastIndex, -1, characters);
  }

  static InvalidSecretException tooShort(int bits) {
    return new InvalidSecretException(Reason.TOO_SHORT, -1, -1, bits);
  }

  static InvalidSecretException tooLong(int index) {
    return new InvalidSecretException(Reason.TOO_LONG, index, -1, 0);
  }

  /**
   * Returns why the text was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the index in the text of the character that made it unreadable, or -1 if the problem is
   * not at one place (no Base32 characters, or a secret too short). Each {@link Reason} says which.
   *
   * @return the zero-based index, or -1
   */
  public int index() {
    return index;
  }

  /**
   * The message with every index passed through {@code where}: a reader that took the Base32 text
   * out of a larger one (an otpauth URI) names positions in the larger text, without rewriting this
   * message.
   */
  String describe(IntUnaryOperator where) {
    return describe(reason, index, paddingIndex, value, where);
  }

  private static String describe(
      Reason reason, int index, int paddingIndex, int value, IntUnaryOperator where) {
    return switch (reason) {
      case NO_DATA -> "secret: no Base32 characters";
      case INVALID_CHARACTER ->
          "secret: invalid Base32 character "
              + Ascii.describe(value)
              + " at index "
              + where.applyAsInt(index);
      case DATA_AFTER_PADDING ->
          "secret: Base32 data at index "
              + where.applyAsInt(index)
              + " after padding '=' at index "
              + where.applyAsInt(paddingIndex);
      case INVALID_LENGTH ->
          "secret: "
              + value
              + " Base32 characters cannot encode whole bytes (a length of 1, 3 or 6 more than a"
              + " multiple of 8 is impossible); last at index "
              + where.applyAsInt(index);
      case TOO_SHORT ->
          "secret must be at least "
              + Secret.MIN_IMPORTED_BYTES * 8
              + " bits ("
              + Secret.MIN_IMPORTED_CHARACTERS
              + " Base32 characters): "
              + value
              + " bits";
      case TOO_LONG ->
          "secret must be at most "
              + Secret.MAX_IMPORTED_BYTES * 8
              + " bits ("
              + Secret.MAX_IMPORTED_CHARACTERS
              + " Base32 characters): one more at index "
              + where.applyAsInt(index);
    };
  }
}
