package dev.twofactor.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.OtpAuthUri;
import dev.twofactor.RecoveryCodePolicy;
import dev.twofactor.qr.QrCode;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the help-desk flow with a simulated agent and with scripted typing at the prompts, and reads
 * its transcript as a person would.
 */
final class HelpDeskFlowTest {
  private static final Instant START = Instant.parse("2026-11-28T09:00:10Z");
  private static final long START_STEP = START.getEpochSecond() / 30;

  /** The demo hashes recovery codes with the default 100,000 iterations; tests need not. */
  private static final RecoveryCodePolicy CHEAP_HASHING =
      RecoveryCodePolicy.builder().iterations(1_000).build();

  private static final Pattern URI = Pattern.compile("It holds the URI (otpauth://\\S+)$");
  private static final Pattern KEY = Pattern.compile("^    ((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4})$");
  private static final Pattern RECOVERY_CODE =
      Pattern.compile("^    ([0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4})");

  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(screen, true, StandardCharsets.UTF_8);
  private final FakeClock clock = FakeClock.at(START);
  private final List<Instant> waits = new ArrayList<>();

  @TempDir Path directory;

  private String screen() {
    return screen.toString(StandardCharsets.UTF_8);
  }

  private HelpDeskFlow flow(Agent agent) {
    return new HelpDeskFlow(
        HelpDeskFlow.service(clock, CHEAP_HASHING), clock, agent, out, directory, false);
  }

  /** A person who types the given lines, one per prompt, then ends the input (Ctrl-D). */
  private TerminalAgent person(List<Supplier<String>> lines) {
    Iterator<Supplier<String>> typing = lines.iterator();
    return new TerminalAgent(
        () -> typing.hasNext() ? typing.next().get() : null,
        out,
        clock,
        instant -> {
          waits.add(instant);
          clock.set(instant);
        });
  }

  /** The phone of the person: it scans the last URI on the screen. */
  private SoftwareAuthenticator phone() {
    String uri = null;
    for (String line : screen().lines().toList()) {
      Matcher m = URI.matcher(line);
      if (m.find()) {
        uri = m.group(1);
      }
    }
    assertTrue(uri != null, "no URI on the screen yet");
    return SoftwareAuthenticator.scan(uri);
  }

  /** A well-formed code that the phone does not show near now. */
  private String wrongCode() {
    Set<String> near = new HashSet<>();
    for (int k = -5; k <= 5; k++) {
      near.add(phone().codeAt(clock.instant().plusSeconds(30L * k)));
    }
    for (int n = 999_999; ; n--) {
      String code = Integer.toString(n);
      if (!near.contains(code)) {
        return code;
      }
    }
  }

  private List<String> recoveryCodesOnScreen() {
    Transcript t = new Transcript(screen());
    t.expect("generateRecoveryCodes(");
    t.expect("-> 10 codes");
    List<String> codes = new ArrayList<>();
    for (String line = t.nextLine(); RECOVERY_CODE.matcher(line).find(); line = t.nextLine()) {
      Matcher code = Pattern.compile("[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}").matcher(line);
      while (code.find()) {
        codes.add(code.group());
      }
    }
    assertEquals(10, codes.size(), screen());
    return codes;
  }

  private static boolean shows(String screen, String code) {
    return Pattern.compile("(?<![0-9])" + code + "(?![0-9])").matcher(screen).find();
  }

  @Test
  void simulated_walksTheFiveStepsAsAPersonWouldSeeThem() throws IOException {
    HelpDeskFlow flow = flow(new SimulatedAgent(out, clock));

    assertEquals(0, flow.run());

    Transcript t = new Transcript(screen());
    // 1. Enroll: QR code, files, manual key, app advice.
    t.expect("Step 1 of 5: enroll");
    t.expect("twoFactor.enroll(\"agent-42\", \"alice@example.com\")");
    assertEquals("    -> a pending enrollment, to confirm before 09:10:10 UTC", t.nextLine());
    String uriText = t.expectMatch(URI);
    OtpAuthUri uri = OtpAuthUri.parse(uriText);
    assertEquals("ACME Help Desk", uri.issuer().orElseThrow());
    assertEquals("alice@example.com", uri.account());
    QrCode qr = QrCode.of(uri);
    assertTrue(screen().contains("\n\n" + qr.toTerminalString() + "\n"), "QR code on the screen");
    Path png = directory.resolve("enrollment-qr.png").toAbsolutePath();
    Path svg = directory.resolve("enrollment-qr.svg").toAbsolutePath();
    assertEquals("    " + png, t.expect(png.toString()));
    assertEquals("    " + svg, t.nextLine());
    assertArrayEquals(qr.toPng(), Files.readAllBytes(png));
    assertEquals(qr.toSvg(), Files.readString(svg, StandardCharsets.UTF_8));
    String firstKey = t.expectMatch(KEY);
    assertEquals(uri.secret().toGroupedBase32(), firstKey);
    t.expect("AppCompatibility.of(uri)");
    assertEquals(
        "    -> no app is known to mishandle totp, SHA1, 6 digits, 30 s, a 160-bit secret",
        t.nextLine());
    t.expect("1Password: nothing is recorded");

    // 2. The phone scans the URI and its first code confirms the enrollment.
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(uriText);
    String first = phone.codeAt(START);
    t.expect("Step 2 of 5: confirm");
    assertEquals("  [phone] shows " + first + " at 09:00:10 UTC", t.expect("[phone] shows"));
    assertEquals("  Code from your app: " + first, t.nextLine());
    assertEquals("  twoFactor.confirm(\"agent-42\", code)", t.nextLine());
    assertEquals("    -> ACCEPTED (step " + START_STEP + ", drift 0)", t.nextLine());
    t.expect("-> ACTIVE: the authenticator is set up");

    // 3. Log in with the next code: accepted, replayed, then guesses throttled.
    String login = phone.codeAt(Instant.parse("2026-11-28T09:00:30Z"));
    t.expect("Step 3 of 5: log in");
    t.expect("[clock] 20 s later, 09:00:30 UTC: the phone shows a new code");
    assertEquals("  Code from your app: " + login, t.expect("Code from your app:"));
    t.expect("twoFactor.verify(\"agent-42\", code)");
    assertEquals("    -> ACCEPTED (step " + (START_STEP + 1) + ", drift 0)", t.nextLine());
    t.expect("Logged in.");
    t.expect("twoFactor.verify(\"agent-42\", code)");
    assertEquals("    -> REPLAYED: refused, a code works once", t.nextLine());
    for (int failure = 1; failure <= 3; failure++) {
      t.expect("twoFactor.verify(\"agent-42\", \"");
      assertEquals("    -> MISMATCH, failure " + failure + " (3 are free)", t.nextLine());
    }
    t.expect("twoFactor.verify(\"agent-42\", \"");
    assertEquals("    -> MISMATCH, failure 4: locked until 09:01:00 UTC, for 30 s", t.nextLine());
    t.expect("twoFactor.verify(\"agent-42\", \"");
    assertEquals(
        "    -> THROTTLED until 09:01:00 UTC, in 30 s: not even checked, and not counted",
        t.nextLine());

    // 4. Recovery codes, with the login's proof: the lock of step 3 does not hold them back, and
    // one code logs in once.
    List<String> recovery = recoveryCodesOnScreen();
    t.expect("Step 4 of 5: recovery codes");
    assertEquals(
        "  twoFactor.generateRecoveryCodes(\"agent-42\", Proof.token(login.proof()))",
        t.expect("generateRecoveryCodes("));
    t.expect("-> 10 codes, shown once: only their keyed hashes are stored");
    t.expect("lock the codes, not the recovery codes");
    assertEquals("  Recovery code: " + recovery.get(0), t.expect("Recovery code:"));
    assertEquals("  twoFactor.redeemRecoveryCode(\"agent-42\", code)", t.nextLine());
    assertEquals("    -> ACCEPTED (step " + (START_STEP + 1) + ", drift 0)", t.nextLine());
    t.expect("which ended the lock");
    t.expect("twoFactor.redeemRecoveryCode(\"agent-42\", code)");
    assertEquals("    -> MISMATCH: refused, a recovery code works once", t.nextLine());
    t.expect("twoFactor.status(\"agent-42\")");
    assertEquals("    -> ACTIVE, 9 recovery codes left", t.nextLine());

    // 5. Reset: nothing left, and a new enrollment has a new secret.
    t.expect("Step 5 of 5: reset");
    t.expect("twoFactor.reset(\"agent-42\", \"admin\")");
    assertEquals(
        "    -> true: secret, replay guard, throttle state and recovery codes deleted, audited",
        t.nextLine());
    assertEquals("    -> NONE", t.expect("-> NONE"));
    assertEquals(
        "    -> NOT_ENROLLED: the code of step 3, or any other, has nothing left to match",
        t.expect("-> NOT_ENROLLED"));
    t.expect("-> a new enrollment, to confirm before 09:10:30 UTC; its key:");
    String secondKey = t.expectMatch(KEY);
    assertNotEquals(firstKey, secondKey);
    t.expect("A new secret: the one of step 1 is gone");
    t.expect("Done: that was the whole flow");

    // The secret is shown where an enrollment screen shows it, and nowhere else.
    assertEquals(1, t.count(uri.secret().toBase32()), "secret only in the URI");
    assertEquals(1, t.count(firstKey), "manual key once");
    assertEquals(1, t.count(secondKey), "new manual key once");
  }

  @Test
  void interactive_malformedWrongAndReplayedCodesAreExplainedAndAskedAgain() {
    HelpDeskFlow flow =
        flow(
            person(
                List.of(
                    () -> "12 34 5x",
                    this::wrongCode,
                    () -> {
                      String code = phone().code(clock);
                      return " " + code.substring(0, 3) + " " + code.substring(3) + " ";
                    },
                    () -> phone().code(clock), // the code of step 2 again
                    () -> {
                      clock.advance(Duration.ofSeconds(30)); // the person waits for a new code
                      return phone().code(clock);
                    },
                    () -> "not a code",
                    () -> recoveryCodesOnScreen().get(3).toUpperCase(Locale.ROOT))));

    assertEquals(0, flow.run());

    Transcript t = new Transcript(screen());
    t.expect("Step 2 of 5");
    t.expect("Add the account to your authenticator app");
    t.expect("Code from your app: ");
    assertEquals("    -> MALFORMED", t.nextLine());
    assertEquals(
        "That is not a code: type the 6 digits 0-9 that your app shows (spaces are fine). It"
            + " was not checked and does not count as a failure. Try again.",
        t.warning());
    assertTrue(t.nextLine().startsWith("  Code from your app:   twoFactor.confirm("));
    assertEquals("    -> MISMATCH", t.nextLine());
    assertEquals(
        "A code, but not the one your app shows now for ACME Help Desk (alice@example.com):"
            + " check the entry, and that the phone's clock is right (a code may be 30 s early or"
            + " late). Wrong codes count: 1 in a row so far, 3 are free.",
        t.warning());
    t.nextLine();
    assertEquals("    -> ACCEPTED (step " + START_STEP + ", drift 0)", t.nextLine());

    t.expect("Step 3 of 5");
    t.expect("Code from your app:   twoFactor.verify(\"agent-42\", code)");
    assertEquals("    -> REPLAYED", t.nextLine());
    assertEquals(
        "That code was already used: a code works once, and so does every older one. Wait"
            + " until your app shows a new code, then type it.",
        t.warning());
    t.nextLine();
    assertEquals("    -> ACCEPTED (step " + (START_STEP + 1) + ", drift 0)", t.nextLine());
    t.expect("-> REPLAYED: refused, a code works once");
    // The wrong code of step 2 and the four of step 3 spend the daily budget of 5: the lock
    // lasts until one failure is given back, 24 h / 5 after the first.
    t.expect("-> MISMATCH, failure 4: locked until 13:48:10 UTC, for 4 h 48 min");
    t.expect("-> THROTTLED until 13:48:10 UTC, in 4 h 48 min");

    t.expect("Step 4 of 5");
    t.expect("lock the codes, not the recovery codes");
    assertEquals(List.of(), waits, "recovery codes do not wait for the lock of the codes");
    t.expect("Log in with one of the recovery codes above");
    t.nextLine();
    assertEquals("    -> MALFORMED", t.nextLine());
    assertEquals(
        "That is not a recovery code: 12 letters and digits, like 7kq2-m9xa-b3rt (case,"
            + " spaces and hyphens do not matter). It was not checked and does not count as a"
            + " failure. Type it again.",
        t.warning());
    t.nextLine();
    assertEquals("    -> ACCEPTED (step " + (START_STEP + 1) + ", drift 0)", t.nextLine());
    t.expect("-> MISMATCH: refused, a recovery code works once");
    t.expect("Done");
    t.expect("If you added \"ACME Help Desk (alice@example.com)\" to your authenticator app");
  }

  @Test
  void interactive_typedCodesAreNotPrinted() {
    List<String> typed = new ArrayList<>();
    HelpDeskFlow flow =
        flow(
            person(
                List.of(
                    () -> {
                      typed.add(phone().code(clock));
                      return typed.get(0);
                    },
                    () -> {
                      clock.advance(Duration.ofSeconds(30));
                      typed.add(phone().code(clock));
                      return typed.get(1);
                    })));

    assertEquals(HelpDeskFlow.ENDED_EARLY, flow.run());

    assertEquals(2, typed.size());
    for (String code : typed) {
      assertFalse(shows(screen(), code), "the screen shows a typed code");
    }
  }

  @Test
  void interactive_tooManyWrongCodesAtAPrompt_waitsAndAsksAgain() {
    HelpDeskFlow flow =
        flow(
            person(
                List.of(
                    this::wrongCode,
                    this::wrongCode,
                    this::wrongCode,
                    this::wrongCode,
                    () -> phone().code(clock))));

    assertEquals(HelpDeskFlow.ENDED_EARLY, flow.run());

    Transcript t = new Transcript(screen());
    t.expect("Code from your app:   twoFactor.confirm");
    t.expect("Code from your app:   twoFactor.confirm");
    t.expect("Code from your app:   twoFactor.confirm");
    t.expect("Code from your app:   twoFactor.confirm");
    assertEquals("    -> MISMATCH", t.nextLine());
    assertTrue(t.warning().endsWith("Wrong codes count: 4 in a row so far, 3 are free."), t.text());
    assertEquals("That was one too many: no code is checked until 09:00:40 UTC.", t.warning());
    assertEquals("  Waiting 30 s, until 09:00:40 UTC (Ctrl-C ends the demo)...", t.nextLine());
    t.expect("...go on.");
    t.nextLine();
    assertEquals("    -> ACCEPTED (step " + (START_STEP + 1) + ", drift 0)", t.nextLine());
    t.expect("Step 3 of 5");
    t.expect("Code from your app: ");
    assertEquals("", t.nextLine());
    assertEquals("End of input: the demo ended in step 3 of 5.", t.nextLine());
    assertEquals(
        "Nothing was saved: the credentials lived in this process's memory only.", t.nextLine());
    assertEquals(
        "If you added \"ACME Help Desk (alice@example.com)\" to your authenticator app,",
        t.nextLine());
    assertEquals("delete it: its secret is gone.", t.nextLine());
  }

  @Test
  void interactive_codeTypedWhileThrottled_isExplainedAndWaitedFor() {
    // A pause that returns early (it never does in the demo) lets a code reach the lock.
    Iterator<Supplier<String>> typing =
        List.<Supplier<String>>of(
                this::wrongCode,
                this::wrongCode,
                this::wrongCode,
                this::wrongCode,
                () -> phone().code(clock),
                () -> phone().code(clock))
            .iterator();
    HelpDeskFlow flow =
        flow(
            new TerminalAgent(
                () -> typing.hasNext() ? typing.next().get() : null,
                out,
                clock,
                instant -> clock.advance(Duration.ofSeconds(20))));

    assertEquals(HelpDeskFlow.ENDED_EARLY, flow.run());

    Transcript t = new Transcript(screen());
    t.expect("-> THROTTLED until 09:00:40 UTC, in 10 s");
    assertEquals("Too many wrong codes: no code is checked until 09:00:40 UTC.", t.warning());
    assertEquals("  Waiting 10 s, until 09:00:40 UTC (Ctrl-C ends the demo)...", t.nextLine());
    t.expect("-> ACCEPTED");
  }

  @Test
  void interactive_expiredEnrollment_endsWithAMessage() {
    HelpDeskFlow flow =
        flow(
            person(
                List.of(
                    () -> {
                      clock.advance(Duration.ofMinutes(11)); // the person went for a coffee
                      return phone().code(clock);
                    })));

    assertEquals(HelpDeskFlow.ENDED_EARLY, flow.run());

    Transcript t = new Transcript(screen());
    t.expect("-> EXPIRED");
    t.expect(
        "The enrollment expired: it waits 10 minutes for its first code. Run the demo again: the"
            + " demo ended in step 2 of 5.");
  }

  @Test
  void interactive_endOfInputAtTheFirstPrompt_endsWithAMessage() {
    HelpDeskFlow flow = flow(person(List.of()));

    assertEquals(HelpDeskFlow.ENDED_EARLY, flow.run());

    assertTrue(
        screen()
            .endsWith(
                "  Code from your app: \n\nEnd of input: the demo ended in step 2 of 5.\n"
                    + "Nothing was saved: the credentials lived in this process's memory only.\n"
                    + "If you added \"ACME Help Desk (alice@example.com)\" to your authenticator"
                    + " app,\ndelete it: its secret is gone.\n"),
        screen());
  }

  @Test
  void interactive_inputFails_endsWithAMessage() {
    HelpDeskFlow flow =
        flow(
            new TerminalAgent(
                () -> {
                  throw new IOException("Input/output error");
                },
                out,
                clock,
                clock::set));

    assertEquals(HelpDeskFlow.ENDED_EARLY, flow.run());

    new Transcript(screen())
        .expect("Standard input failed: Input/output error: the demo ended in step 2 of 5.");
  }

  @Test
  void filesCannotBeWritten_endsWithAMessage() throws IOException {
    Path notADirectory = Files.createFile(directory.resolve("a file"));
    HelpDeskFlow flow =
        new HelpDeskFlow(
            HelpDeskFlow.service(clock, CHEAP_HASHING),
            clock,
            new SimulatedAgent(out, clock),
            out,
            notADirectory,
            false);

    assertEquals(HelpDeskFlow.ENDED_EARLY, flow.run());

    new Transcript(screen())
        .expect(
            "Could not write the QR code files: java.nio.file.FileAlreadyExistsException: "
                + notADirectory
                + ": the demo ended in step 1 of 5.");
  }

  @Test
  void interrupted_atAPrompt_saysSoOnce() {
    AtomicReference<HelpDeskFlow> flow = new AtomicReference<>();
    flow.set(
        flow(
            person(
                List.of(
                    () -> {
                      // Ctrl-C while the demo waits for a code: the JVM runs the shutdown hook,
                      // then stops; here the input ends instead of the JVM.
                      flow.get().interrupted();
                      return null;
                    }))));

    assertEquals(HelpDeskFlow.ENDED_EARLY, flow.get().run());

    Transcript t = new Transcript(screen());
    t.expect("Interrupted: the demo ended in step 2 of 5.");
    t.expect("Nothing was saved");
    t.expect("If you added \"ACME Help Desk (alice@example.com)\" to your authenticator app");
    assertEquals(1, t.count("the demo ended"), screen());
    assertFalse(screen().contains("End of input"), screen());
  }

  @Test
  void interrupted_afterTheLastStep_saysNothing() {
    HelpDeskFlow flow = flow(new SimulatedAgent(out, clock));
    assertEquals(0, flow.run());
    String done = screen();

    flow.interrupted();

    assertEquals(done, screen());
    assertFalse(done.contains("If you added"), "a simulated phone needs no clean-up");
  }

  @Test
  void interrupted_beforeTheFirstStep_saysSo() {
    flow(new SimulatedAgent(out, clock)).interrupted();

    assertEquals(
        """


        Interrupted: the demo ended before it began.
        Nothing was saved: the credentials lived in this process's memory only.
        """,
        screen());
  }
}
