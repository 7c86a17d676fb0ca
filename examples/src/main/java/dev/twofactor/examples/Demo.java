package dev.twofactor.examples;

import dev.twofactor.RecoveryCodePolicy;
import dev.twofactor.testkit.FakeClock;
import java.io.BufferedReader;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

/**
 * The help-desk demo: an agent enrolls an authenticator app with a QR code, confirms the first
 * code, logs in, uses a recovery code, and an administrator resets the second factor, with {@link
 * dev.twofactor.TwoFactor} over an {@link dev.twofactor.InMemoryCredentialRepository}.
 *
 * <p>At a terminal the person running it plays the agent with their own phone and the real clock.
 * With {@code --simulate}, or when standard input or output is not a terminal, testkit's {@link
 * dev.twofactor.testkit.SoftwareAuthenticator} plays the phone and a {@link FakeClock} the clock.
 * Run {@code ./demo --help} for the options.
 *
 * <p>Exit status: 0 when every step ran; 1 when the input ended (Ctrl-D), the enrollment expired or
 * the files could not be written; 2 for a wrong command line; 130 at Ctrl-C. None of them prints a
 * stack trace.
 */
public final class Demo {
  /** Exit status for a wrong command line. */
  static final int USAGE_ERROR = 2;

  private static final Charset UTF_8 = StandardCharsets.UTF_8;

  private Demo() {}

  /**
   * Runs the demo.
   *
   * @param args the command line: {@code [--simulate | --interactive] [--light] [--out DIR]}
   */
  // Terminal.isTerminal asks Console.isTerminal() where the JDK has it (22+), where a console is
  // no longer null when the streams are redirected; here null only picks a charset.
  @SuppressWarnings("SystemConsoleNull")
  public static void main(String[] args) {
    // UTF-8 whatever the locale says: the QR code is drawn with Unicode half blocks, which a
    // terminal left at the C locale (the usual case in containers) still shows when it is UTF-8.
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, UTF_8);
    Console console = System.console();
    Charset input = console == null ? Charset.defaultCharset() : console.charset();
    BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, input));
    int status =
        run(
            List.of(args),
            Terminal.isTerminal(console),
            keyboard::readLine,
            out,
            err,
            Runtime.getRuntime()::addShutdownHook);
    out.flush();
    System.exit(status);
  }

  /**
   * Runs the demo with the given streams; {@link #main} passes the process's own.
   *
   * @param args the command line
   * @param terminal whether standard input and output are a terminal
   * @param keyboard where typed lines come from in interactive mode
   * @param out standard output
   * @param err standard error
   * @param shutdownHooks registers the hook that reports an interruption (Ctrl-C)
   * @return the exit status
   */
  static int run(
      List<String> args,
      boolean terminal,
      TerminalAgent.Keyboard keyboard,
      PrintStream out,
      PrintStream err,
      Consumer<Thread> shutdownHooks) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("demo: " + e.getMessage());
      err.print(Options.USAGE);
      return USAGE_ERROR;
    }
    if (options.help()) {
      out.print(Options.USAGE);
      return 0;
    }
    Path directory;
    try {
      Path chosen = options.directory();
      // A temporary directory is created readable by its owner only: the files hold the secret.
      directory = chosen != null ? chosen : Files.createTempDirectory("twofactor-demo-");
    } catch (IOException e) {
      err.println("demo: cannot create a directory for the QR code files: " + e);
      return HelpDeskFlow.ENDED_EARLY;
    }
    HelpDeskFlow flow;
    if (options.simulated(terminal)) {
      FakeClock clock = FakeClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
      flow =
          new HelpDeskFlow(
              HelpDeskFlow.service(clock, RecoveryCodePolicy.defaults()),
              clock,
              new SimulatedAgent(out, clock),
              out,
              directory,
              options.lightTerminal());
      intro(out);
      if (!options.simulate()) {
        // Java tells only whether both are a terminal (System.console(), Console.isTerminal()).
        out.println("Standard input or output is not a terminal, so the demo simulates the agent");
        out.println("and the phone (as with --simulate). Run ./demo at a terminal to use your own");
        out.println("app, or add --interactive to type codes anyway.");
      }
      out.println("Simulated: testkit's SoftwareAuthenticator plays the phone, scanning the URI");
      out.println("of the QR code, and a FakeClock the clock, which jumps where a person would");
      out.println("wait. The secrets are throwaway; the codes the phone shows are printed.");
    } else {
      Clock clock = Clock.systemUTC();
      flow =
          new HelpDeskFlow(
              HelpDeskFlow.service(clock, RecoveryCodePolicy.defaults()),
              clock,
              new TerminalAgent(keyboard, out, clock, Pause.sleeping(clock)),
              out,
              directory,
              options.lightTerminal());
      intro(out);
      out.println("You play the agent, with your own authenticator app and the real clock.");
      out.println("Ctrl-C, or Ctrl-D at a prompt, ends the demo.");
    }
    shutdownHooks.accept(new Thread(flow::interrupted, "twofactor-demo-interrupted"));
    return flow.run();
  }

  private static void intro(PrintStream out) {
    out.println("twofactor demo: the help-desk flow, from \"Set up Authenticator\" to a reset.");
    out.println(
        "TwoFactor of issuer \""
            + HelpDeskFlow.ISSUER
            + "\" over an InMemoryCredentialRepository;"
            + " the agent is");
    out.println("account \"" + HelpDeskFlow.ACCOUNT_ID + "\" (" + HelpDeskFlow.ACCOUNT_NAME + ").");
  }
}
