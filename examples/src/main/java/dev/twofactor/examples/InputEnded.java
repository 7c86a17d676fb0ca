package dev.twofactor.examples;

/**
 * Standard input ended (Ctrl-D at a terminal) or failed while the demo waited for the agent to
 * type.
 */
final class InputEnded extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, for example {@code "end of input"}
   */
  InputEnded(String message) {
    super(message, null, false, false);
  }
}
