package dev.twofactor;

/**
 * Thrown when text cannot be read as an {@code otpauth://} URI, with the reason and the index in
 * the text where the problem is.
 *
 * <p>The message says what is wrong and where, for example {@code "digits must be a number from 6
 * to 10: 12 at index 66"}, but never contains the secret. It quotes no parameter value except a
 * plain decimal number: in a text that lost an {@code &}, a value can run on into the secret
 * ({@code digits=8secret=…}). It may quote the name of a known parameter and, for an invalid
 * secret, the one character that is not Base32; never the name of an unknown one, which a stray
 * {@code &} in a secret makes of the rest of the secret.
 */
public final class InvalidOtpAuthUriException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Why a text is not a usable otpauth:// URI. */
  public enum Reason {
    /**
     * The text is longer than {@link OtpAuthUri#MAX_LENGTH} bytes of UTF-8, more than a QR code
     * holds; nothing else was read. Index of the first character beyond the limit.
     */
    TOO_LONG,
    /** The text does not start with {@code otpauth://}, in any case. Index 0, or of the part. */
    WRONG_SCHEME,
    /** The type is neither {@code totp} nor {@code hotp}, in any case. Index of the type. */
    UNKNOWN_TYPE,
    /**
     * A control character (Unicode category Cc), raw or percent-encoded, or an unpaired surrogate.
     * Index of the character or of its escape.
     */
    INVALID_CHARACTER,
    /** A {@code %} not followed by two hexadecimal digits. Index of the {@code %}. */
    INVALID_ESCAPE,
    /**
     * Percent-escapes that are not well-formed UTF-8 (a stray continuation byte, a truncated or
     * overlong sequence, an encoded surrogate, a code point above U+10FFFF). Index of the escape
     * that starts the bad sequence.
     */
    INVALID_UTF8,
    /** The label names no account. Index where the account should start. */
    EMPTY_ACCOUNT,
    /**
     * A colon in the {@code issuer} parameter, which could not be told from the label's separator.
     * (A further colon in the label belongs to the account.) Index of that colon.
     */
    COLON_IN_NAME,
    /** A parameter given twice. Index of the second one's name. */
    DUPLICATE_PARAMETER,
    /** No {@code secret} parameter. Index of the end of the query. */
    MISSING_SECRET,
    /** A {@code secret} parameter without Base32 characters. Index of its value. */
    EMPTY_SECRET,
    /**
     * The secret is not Base32: a character outside the alphabet, data after padding, or a length
     * no byte string encodes to. Index of the offending character.
     */
    INVALID_SECRET,
    /** The secret has fewer than 80 bits. Index of its value. */
    SECRET_TOO_SHORT,
    /**
     * The secret has more than 1024 bits (205 Base32 characters). Index of its first Base32
     * character beyond the limit.
     */
    SECRET_TOO_LONG,
    /** The {@code algorithm} is none of SHA1, SHA256, SHA512. Index of its value. */
    UNKNOWN_ALGORITHM,
    /** {@code digits} is not a number from 6 to 10. Index of its value. */
    INVALID_DIGITS,
    /** {@code period} is not a number of seconds from 1 to 86400. Index of its value. */
    INVALID_PERIOD,
    /**
     * The HOTP {@code counter} is negative, not a decimal number, or above {@link Long#MAX_VALUE}.
     * Index of its value.
     */
    INVALID_COUNTER
  }

  /** Why the text was refused. */
  private final Reason reason;

  /** The index in the text of the problem. */
  private final int index;

  InvalidOtpAuthUriException(Reason reason, String message, int index) {
    super(message);
    this.reason = reason;
    this.index = index;
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
   * Returns the index in the text of the problem: of the offending character, of the value that is
   * wrong, or, for a missing parameter, of the end of the query. Each {@link Reason} says which.
   *
   * @return a zero-based index from 0 to the length of the text
   */
  public int index() {
    return index;
  }
}
