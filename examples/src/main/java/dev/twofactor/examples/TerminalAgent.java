package dev.twofactor.examples;

import dev.twofactor.Enrollment;
import dev.twofactor.RecoveryCodes;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A person at a terminal, with their own phone: codes are typed at prompts, time is real. */
final class TerminalAgent implements Agent {
  /** Where typed lines come from: standard input in the demo, a script in tests. */
  @FunctionalInterface
  interface Keyboard {
    /**
     * Reads one line.
     *
     * @return the line without its end, or {@code null} at the end of input
     * @throws IOException if reading fails
     */
    @Nullable String readLine() throws IOException;
  }

  private final Keyboard keyboard;
  private final PrintStream out;
  private final Clock clock;
  private final Pause pause;

  /**
   * Creates the agent.
   *
   * @param keyboard where typed lines come from
   * @param out where prompts go
   * @param clock the clock of the service, for "in 30 s"
   * @param pause how to wait
   */
  TerminalAgent(Keyboard keyboard, PrintStream out, Clock clock, Pause pause) {
    this.keyboard = Objects.requireNonNull(keyboard, "keyboard");
    this.out = Objects.requireNonNull(out, "out");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pause = Objects.requireNonNull(pause, "pause");
  }

  @Override
  public boolean isSimulated() {
    return false;
  }

  @Override
  public void sees(Enrollment enrollment) {
    // The person scans the QR code with their own phone.
  }

  @Override
  public String typeCode(String prompt) throws InputEnded {
    return read(prompt);
  }

  @Override
  public String typeRecoveryCode(String prompt, RecoveryCodes codes) throws InputEnded {
    return read(prompt);
  }

  @Override
  public void waitForNextCode() {
    // The prompt asks the person to wait for a new code; a used one is explained and asked again.
  }

  @Override
  public void waitUntil(Instant instant) throws InterruptedException {
    out.println(
        "  Waiting "
            + Texts.seconds(clock.instant(), instant)
            + ", until "
            + Texts.time(instant)
            + " (Ctrl-C ends the demo)...");
    pause.until(instant);
    out.println("  ...go on.");
  }

  private String read(String prompt) throws InputEnded {
    out.print(prompt);
    out.flush();
    String line;
    try {
      line = keyboard.readLine();
    } catch (IOException e) {
      throw new InputEnded("standard input failed: " + e.getMessage());
    }
    if (line == null) {
      throw new InputEnded("end of input");
    }
    return line;
  }
}
