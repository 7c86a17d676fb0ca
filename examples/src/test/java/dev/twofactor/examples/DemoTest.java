package dev.twofactor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link Demo#run} as {@link Demo#main} does, with the default policies. */
final class DemoTest {
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
  private final PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
  private final List<Thread> hooks = new ArrayList<>();

  @TempDir Path directory;

  private int run(boolean terminal, TerminalAgent.Keyboard keyboard, String... args) {
    return Demo.run(List.of(args), terminal, keyboard, out, err, hooks::add);
  }

  private String out() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  private static String noInput() {
    return fail("the simulated demo must not read standard input");
  }

  @Test
  void run_stdinNotATerminal_saysSoAndSimulates() {
    int status = run(false, DemoTest::noInput, "--out", directory.toString());

    assertEquals(0, status, out());
    Transcript t = new Transcript(out());
    t.expect("Standard input or output is not a terminal, so the demo simulates the agent");
    t.expect("Simulated: testkit's SoftwareAuthenticator plays the phone");
    t.expect("[phone] scans the QR code: ACME Help Desk (alice@example.com)");
    t.expect("-> ACCEPTED");
    t.expect("-> REPLAYED");
    t.expect("-> THROTTLED");
    t.expect("-> 10 codes");
    t.expect("-> MISMATCH: refused, a recovery code works once");
    t.expect("A new secret");
    t.expect("Done");
    assertEquals("", err());
    assertTrue(Files.isRegularFile(directory.resolve("enrollment-qr.png")));
    assertTrue(Files.isRegularFile(directory.resolve("enrollment-qr.svg")));
  }

  @Test
  void run_simulateAtATerminal_simulatesWithoutExplaining() {
    int status =
        run(true, DemoTest::noInput, "--simulate", "--light", "--out", directory.toString());

    assertEquals(0, status, out());
    assertFalse(out().contains("not a terminal"), out());
    new Transcript(out()).expect("(drawn for dark text on a light background)");
  }

  @Test
  void run_registersAHookThatReportsAnInterruption() throws InterruptedException {
    int status = run(true, () -> null, "--out", directory.toString());

    assertEquals(HelpDeskFlow.ENDED_EARLY, status);
    assertEquals(1, hooks.size());
    // The input ended first, so a Ctrl-C after that has nothing to add.
    String ended = out();
    hooks.get(0).start(); // as the JVM starts a shutdown hook
    hooks.get(0).join();
    assertEquals(ended, out());
  }

  @Test
  void run_atATerminal_asksForTheFirstCodeAndEndsAtEndOfInput() {
    int status = run(true, () -> null, "--out", directory.toString());

    assertEquals(HelpDeskFlow.ENDED_EARLY, status);
    Transcript t = new Transcript(out());
    t.expect("You play the agent, with your own authenticator app and the real clock.");
    t.expect("Ctrl-C, or Ctrl-D at a prompt, ends the demo.");
    t.expect("Code from your app: ");
    t.expect("End of input: the demo ended in step 2 of 5.");
    assertEquals("", err());
  }

  @Test
  void run_defaultDirectory_isNewAndPrivate() throws IOException {
    run(true, () -> null);

    String png =
        new Transcript(out()).expectMatch(Pattern.compile("^    (/.*enrollment-qr\\.png)$"));
    Path file = Path.of(png);
    Path parent = file.getParent();
    assertTrue(parent.getFileName().toString().startsWith("twofactor-demo-"), png);
    if (parent.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rwx------", permissions(parent));
      assertEquals("rw-------", permissions(file));
    }
    Files.delete(file);
    Files.delete(parent.resolve("enrollment-qr.svg"));
    Files.delete(parent);
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void run_unknownOption_printsUsageAndExits2() {
    int status = run(true, DemoTest::noInput, "--simulated");

    assertEquals(Demo.USAGE_ERROR, status);
    assertEquals("", out());
    assertEquals("demo: unknown option: --simulated\n" + Options.USAGE, err());
    assertTrue(hooks.isEmpty());
  }

  @Test
  void run_help_printsUsage() {
    assertEquals(0, run(true, DemoTest::noInput, "--help"));

    assertEquals(Options.USAGE, out());
    assertEquals("", err());
  }
}
