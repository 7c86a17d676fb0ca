package dev.twofactor.examples;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The command line of the demo.
 *
 * @param simulate {@code --simulate}: testkit plays the phone and the clock
 * @param interactive {@code --interactive}: read codes from standard input even if it or standard
 *     output is not a terminal
 * @param lightTerminal {@code --light}: draw the QR code for dark text on a light background
 * @param directory {@code --out DIR}: where the QR code files go, or {@code null} for a new
 *     temporary directory
 * @param help {@code --help} or {@code -h}
 */
record Options(
    boolean simulate,
    boolean interactive,
    boolean lightTerminal,
    @Nullable Path directory,
    boolean help) {

  static final String USAGE =
      """
      Usage: ./demo [--simulate | --interactive] [--light] [--out DIR]

      Walks the help-desk flow of twofactor: enroll an authenticator app with a QR code,
      confirm its first code, log in (a replayed code, throttled guesses), recovery codes,
      and an administrator's reset.

        --simulate     testkit's SoftwareAuthenticator plays the phone and a FakeClock the
                       clock; the default when standard input or output is not a terminal
        --interactive  read codes typed at the prompts even if standard input or output is
                       not a terminal (at a terminal this is the default)
        --light        draw the QR code for a terminal with dark text on a light background
        --out DIR      write the QR code as PNG and SVG files into DIR (default: a new
                       temporary directory, readable by you only)
        --help, -h     show this text
      """;

  /**
   * Reads the command line.
   *
   * @param args the arguments
   * @return the options
   * @throws IllegalArgumentException if an argument is unknown, {@code --out} has no directory, or
   *     both {@code --simulate} and {@code --interactive} are given
   */
  static Options parse(List<String> args) {
    boolean simulate = false;
    boolean interactive = false;
    boolean light = false;
    Path directory = null;
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--simulate" -> simulate = true;
        case "--interactive" -> interactive = true;
        case "--light" -> light = true;
        case "--help", "-h" -> help = true;
        case "--out" -> {
          if (i + 1 == args.size() || args.get(i + 1).isEmpty()) {
            throw new IllegalArgumentException("--out must be followed by a directory");
          }
          directory = Path.of(args.get(++i));
        }
        default -> throw new IllegalArgumentException("unknown option: " + arg);
      }
    }
    if (simulate && interactive) {
      throw new IllegalArgumentException("choose one of --simulate and --interactive");
    }
    return new Options(simulate, interactive, light, directory, help);
  }

  /**
   * Decides whether testkit plays the agent.
   *
   * @param terminal whether standard input and output are a terminal
   * @return {@code true} to simulate
   */
  boolean simulated(boolean terminal) {
    return simulate || (!interactive && !terminal);
  }
}
