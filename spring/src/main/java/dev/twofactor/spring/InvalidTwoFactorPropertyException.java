package dev.twofactor.spring;

/**
 * A {@code twofactor.*} property is missing or wrong: start-up stops, and {@link
 * TwoFactorFailureAnalyzer} names the property to set. The message never contains a key.
 */
final class InvalidTwoFactorPropertyException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String property;
  private final String action;

  InvalidTwoFactorPropertyException(String property, String problem, String action) {
    super(property + ": " + problem);
    this.property = property;
    this.action = action;
  }

  /** The property to set, for example {@code twofactor.issuer}. */
  String property() {
    return property;
  }

  /** What to do about it, in a sentence. */
  String action() {
    return action;
  }
}
