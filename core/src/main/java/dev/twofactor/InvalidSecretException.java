package dev.twofactor;

/**
 * Thrown when text that should hold a Base32 secret cannot be read as one.
 *
 * <p>The message names the problem and where it is ({@code "secret: invalid Base32 character '1' at
 * index 7"}) but never contains the secret or any of its valid characters.
 */
public final class InvalidSecretException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The index of the offending character in the text, or -1. */
  private final int index;

  InvalidSecretException(String message, int index) {
    super(message);
    this.index = index;
  }

  /**
   * Returns the index in the text of the character that made it unreadable, or -1 if the problem is
   * not at one place (an empty or too short secret).
   *
   * @return the zero-based index, or -1
   */
  public int index() {
    return index;
  }
}
