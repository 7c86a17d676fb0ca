package dev.twofactor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the demo in a JVM of its own, as {@code ./demo} does, and ends it at the first prompt by a
 * signal or by the end of its input: it must say so, and never print a stack trace.
 */
@Timeout(60)
final class DemoProcessTest {
  private static final String PROMPT = "Code from your app: ";

  @TempDir Path directory;

  private Process process;

  private Process start() throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    String modulePath = System.getProperty("jdk.module.path");
    assertTrue(modulePath != null, "tests run on the module path");
    process =
        new ProcessBuilder(
                java,
                "-p",
                modulePath,
                "-m",
                "dev.twofactor.examples/dev.twofactor.examples.Demo",
                "--interactive",
                "--out",
                directory.toString())
            .start();
    return process;
  }

  @AfterEach
  void stop() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  /** Reads standard output until the prompt; blocking reads, no sleeping. */
  private static String untilPrompt(InputStream stdout) throws IOException {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    int b;
    while ((b = stdout.read()) >= 0) {
      read.write(b);
      if (read.toString(StandardCharsets.UTF_8).endsWith(PROMPT)) {
        return read.toString(StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("the demo ended before its prompt:\n" + read);
  }

  private static String rest(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void terminated_atAPrompt_saysSoWithoutAStackTrace() throws Exception {
    Process demo = start();
    untilPrompt(demo.getInputStream());

    // SIGTERM, through the handle: Process.destroy() would also close our ends of the pipes.
    // Ctrl-C's SIGINT runs the same shutdown hook.
    assertTrue(demo.toHandle().destroy());

    assertTrue(demo.waitFor(30, TimeUnit.SECONDS));
    assertEquals(
        """


        Interrupted: the demo ended in step 2 of 5.
        Nothing was saved: the credentials lived in this process's memory only.
        If you added "ACME Help Desk (alice@example.com)" to your authenticator app,
        delete it: its secret is gone.
        """,
        rest(demo.getInputStream()));
    assertEquals("", rest(demo.getErrorStream()));
    assertEquals(128 + 15, demo.exitValue()); // killed by SIGTERM, after the hooks ran
  }

  @Test
  void endOfInput_atAPrompt_saysSoWithoutAStackTrace() throws Exception {
    Process demo = start();
    untilPrompt(demo.getInputStream());

    demo.getOutputStream().close(); // Ctrl-D

    assertTrue(demo.waitFor(30, TimeUnit.SECONDS));
    assertEquals(
        """


        End of input: the demo ended in step 2 of 5.
        Nothing was saved: the credentials lived in this process's memory only.
        If you added "ACME Help Desk (alice@example.com)" to your authenticator app,
        delete it: its secret is gone.
        """,
        rest(demo.getInputStream()));
    assertEquals("", rest(demo.getErrorStream()));
    assertEquals(HelpDeskFlow.ENDED_EARLY, demo.exitValue());
  }
}
