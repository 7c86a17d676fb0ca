package dev.twofactor.examples;

import dev.twofactor.Enrollment;
import dev.twofactor.RecoveryCodes;
import java.time.Instant;

/**
 * The help-desk agent at the keyboard, with an authenticator app: a person at a terminal with a
 * real phone ({@link TerminalAgent}), or testkit's software authenticator and fake clock ({@link
 * SimulatedAgent}).
 */
sealed interface Agent permits TerminalAgent, SimulatedAgent {
  /**
   * Tells whether the agent is simulated.
   *
   * @return {@code true} if codes come from a simulated phone and time from a fake clock
   */
  boolean isSimulated();

  /**
   * Sees an enrollment on the screen: a simulated phone scans its QR code; a person does that with
   * their own phone.
   *
   * @param enrollment the enrollment shown
   */
  void sees(Enrollment enrollment);

  /**
   * Types the code the app shows after a prompt.
   *
   * @param prompt the prompt, without a line end
   * @return the text typed, as it was typed
   * @throws InputEnded if standard input ended
   */
  String typeCode(String prompt) throws InputEnded;

  /**
   * Types one of the recovery codes after a prompt.
   *
   * @param prompt the prompt, without a line end
   * @param codes the codes shown on the screen
   * @return the text typed, as it was typed
   * @throws InputEnded if standard input ended
   */
  String typeRecoveryCode(String prompt, RecoveryCodes codes) throws InputEnded;

  /**
   * Waits until the app shows the code of the next time step: a code works only once. A person does
   * that by looking at the phone; the simulated clock moves on to the next step.
   */
  void waitForNextCode();

  /**
   * Waits until an instant, for example the end of a throttling wait.
   *
   * @param instant when to go on
   * @throws InterruptedException if the wait was interrupted
   */
  void waitUntil(Instant instant) throws InterruptedException;
}
