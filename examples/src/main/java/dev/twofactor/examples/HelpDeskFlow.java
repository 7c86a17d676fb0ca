package dev.twofactor.examples;

import dev.twofactor.AppCompatibility;
import dev.twofactor.CredentialStatus;
import dev.twofactor.Enrollment;
import dev.twofactor.InMemoryCredentialRepository;
import dev.twofactor.OtpAuthUri;
import dev.twofactor.Proof;
import dev.twofactor.RecoveryCodePolicy;
import dev.twofactor.RecoveryCodes;
import dev.twofactor.ThrottlePolicy;
import dev.twofactor.Totp;
import dev.twofactor.TwoFactor;
import dev.twofactor.Verification;
import dev.twofactor.qr.QrCode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The help-desk flow in five steps, each one call of {@link TwoFactor}: enroll, confirm, log in,
 * recovery codes, reset.
 *
 * <p>What the agent types comes from an {@link Agent}: a person at a terminal, or testkit's
 * software authenticator. Everything else, the service, the QR code and the files, is the same in
 * both cases. The flow prints what a help-desk screen would show, with the call behind each line;
 * it prints no secret beyond what a real enrollment screen shows (the QR code, the URI it holds and
 * the manual key) and the recovery codes, which a real screen shows once too.
 *
 * <p>Not thread-safe, except {@link #interrupted()}, which a shutdown hook calls.
 */
final class HelpDeskFlow {
  static final String ISSUER = "ACME Help Desk";
  static final String ACCOUNT_ID = "agent-42";
  static final String ACCOUNT_NAME = "alice@example.com";
  static final String PNG_FILE = "enrollment-qr.png";
  static final String SVG_FILE = "enrollment-qr.svg";
  static final int STEPS = 5;

  /** Exit status of a demo that ended early: end of input, an expired enrollment, a failure. */
  static final int ENDED_EARLY = 1;

  /** Exit status after an interruption, as a shell reports one by SIGINT (128 + 2). */
  static final int INTERRUPTED = 130;

  private static final String CALL = "twoFactor.";

  /** The width of explanations, which fit an 80-column terminal with room to spare. */
  private static final int WIDTH = 78;

  private static final String ID = "\"" + ACCOUNT_ID + "\"";

  private final TwoFactor twoFactor;
  private final Clock clock;
  private final Agent agent;
  private final PrintStream out;
  private final Path directory;
  private final boolean lightTerminal;
  private final ThrottlePolicy throttle = ThrottlePolicy.defaults();
  private final AtomicBoolean finished = new AtomicBoolean();
  private @Nullable Verification lastAccepted;
  private volatile int step;

  /**
   * Prepares the flow.
   *
   * @param twoFactor the service, as built by {@link #service}
   * @param clock the clock of the service
   * @param agent who types the codes
   * @param out the screen
   * @param directory where the QR code files go; created if missing
   * @param lightTerminal whether the terminal shows dark text on a light background
   */
  HelpDeskFlow(
      TwoFactor twoFactor,
      Clock clock,
      Agent agent,
      PrintStream out,
      Path directory,
      boolean lightTerminal) {
    this.twoFactor = Objects.requireNonNull(twoFactor, "twoFactor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.agent = Objects.requireNonNull(agent, "agent");
    this.out = Objects.requireNonNull(out, "out");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.lightTerminal = lightTerminal;
  }

  /**
   * Builds the service of the demo: the help desk's issuer, an in-memory repository, the default
   * code, throttle and enrollment policies.
   *
   * @param clock the clock
   * @param recoveryCodes the recovery code policy: the default in the demo, cheaper hashing in
   *     tests
   * @return the service
   */
  static TwoFactor service(Clock clock, RecoveryCodePolicy recoveryCodes) {
    return TwoFactor.builder()
        .issuer(ISSUER)
        .repository(new InMemoryCredentialRepository())
        .clock(clock)
        .recoveryCodes(recoveryCodes)
        .build();
  }

  /**
   * Runs the five steps, or until the input ends or the demo cannot go on.
   *
   * @return 0 when every step ran, {@link #ENDED_EARLY} or {@link #INTERRUPTED} otherwise
   */
  int run() {
    try {
      Enrollment first = enroll();
      confirm();
      String loginCode = logIn(first);
      recoveryCodes();
      reset(first, loginCode);
      if (finished.compareAndSet(false, true)) {
        out.println();
        out.println("Done: that was the whole flow, each step one call of TwoFactor.");
        out.println("README.md, \"What you just saw\", names the call behind each step.");
        goodbye();
      }
      return 0;
    } catch (InputEnded e) {
      return end(capitalized(Objects.requireNonNull(e.getMessage())), ENDED_EARLY);
    } catch (Stopped e) {
      return end(Objects.requireNonNull(e.getMessage()), ENDED_EARLY);
    } catch (IOException e) {
      return end("Could not write the QR code files: " + e, ENDED_EARLY);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return end("Interrupted", INTERRUPTED);
    }
  }

  /**
   * Says that the demo was interrupted, unless it has already finished or said why it ended. For
   * the shutdown hook that runs at Ctrl-C (SIGINT) or SIGTERM: the JVM then stops the main thread
   * where it is, without an exception, so this is the only message.
   */
  void interrupted() {
    end("Interrupted", INTERRUPTED);
  }

  private int end(String why, int status) {
    if (finished.compareAndSet(false, true)) {
      out.println();
      out.println();
      out.println(
          why
              + (step == 0
                  ? ": the demo ended before it began."
                  : ": the demo ended in step " + step + " of " + STEPS + "."));
      goodbye();
      out.flush();
    }
    return status;
  }

  private void goodbye() {
    out.println("Nothing was saved: the credentials lived in this process's memory only.");
    if (!agent.isSimulated() && step >= 1) {
      out.println(
          "If you added \"" + ISSUER + " (" + ACCOUNT_NAME + ")\" to your authenticator app,");
      out.println("delete it: its secret is gone.");
    }
    out.flush();
  }

  // Step 1 -----------------------------------------------------------------------------------

  private Enrollment enroll() throws IOException {
    step(1, "enroll (the agent's profile, \"Set up Authenticator\")");
    Enrollment enrollment = twoFactor.enroll(ACCOUNT_ID, ACCOUNT_NAME);
    call(
        CALL + "enroll(" + ID + ", \"" + ACCOUNT_NAME + "\")",
        "a pending enrollment, to confirm before " + Texts.time(enrollment.expiresAt()));
    OtpAuthUri uri = enrollment.uri();
    QrCode qr = QrCode.of(uri);
    say("Scan this QR code with your authenticator app:");
    say(
        lightTerminal
            ? "(drawn for dark text on a light background)"
            : "(drawn for light text on a dark background; --light for the opposite)");
    out.println();
    out.print(qr.withInvertedTerminal(lightTerminal).toTerminalString());
    out.println();
    say("It holds the URI " + uri.toUriString());
    Files.createDirectories(directory);
    Path png = directory.resolve(PNG_FILE).toAbsolutePath();
    Path svg = directory.resolve(SVG_FILE).toAbsolutePath();
    writeOwnerOnly(png, qr.toPng());
    writeOwnerOnly(svg, qr.toSvg().getBytes(StandardCharsets.UTF_8));
    say("The same QR code as image files, from qr.toPng() and qr.toSvg():");
    say("  " + png);
    say("  " + svg);
    say("  (They hold the secret, as the code on the screen does: delete them when done.)");
    say("Cannot scan? Add the account by hand: issuer \"" + ISSUER + "\",");
    say("account \"" + ACCOUNT_NAME + "\", time-based, key");
    say("  " + enrollment.manualKey());
    advice(uri);
    agent.sees(enrollment);
    return enrollment;
  }

  /** Writes a file that only its owner can read, where the file system has POSIX permissions. */
  private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.deleteIfExists(file);
      Files.createFile(
          file,
          PosixFilePermissions.asFileAttribute(
              EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
    }
    Files.write(file, content);
  }

  private void advice(OtpAuthUri uri) {
    AppCompatibility report = AppCompatibility.of(uri);
    String settings =
        uri.type().uriName()
            + ", "
            + uri.algorithm().uriName()
            + ", "
            + uri.digits()
            + " digits, "
            + uri.period().toSeconds()
            + " s, a "
            + uri.secret().byteLength() * 8
            + "-bit secret";
    Set<AppCompatibility.App> problems = report.appsWithKnownProblems();
    call(
        "AppCompatibility.of(uri)",
        problems.isEmpty()
            ? "no app is known to mishandle " + settings
            : "known problems with "
                + settings
                + " in "
                + problems.stream()
                    .map(AppCompatibility.App::displayName)
                    .collect(Collectors.joining(", ")));
    for (AppCompatibility.Finding finding : report.findings()) {
      say("  " + finding.message());
    }
    say(
        "  (Facts as of "
            + AppCompatibility.FACTS_AS_OF
            + ". Only a correct first code proves"
            + " that an app works: step 2.)");
  }

  // Step 2 -----------------------------------------------------------------------------------

  private void confirm() throws InputEnded, InterruptedException, Stopped {
    step(2, "confirm the first code from the app");
    say("The enrollment cannot log in until one correct code confirms it: that catches an app");
    say("that read the QR code wrong.");
    if (!agent.isSimulated()) {
      say("Add the account to your authenticator app (Google Authenticator, Microsoft");
      say("Authenticator, Aegis, FreeOTP, 1Password...): scan the QR code or type the key. Then");
      say("type the 6-digit code it shows for " + ISSUER + " (" + ACCOUNT_NAME + ").");
    }
    untilAccepted(
        "  Code from your app: ",
        code -> twoFactor.confirm(ACCOUNT_ID, code),
        CALL + "confirm(" + ID + ", code)",
        null);
    CredentialStatus status = twoFactor.status(ACCOUNT_ID);
    call(CALL + "status(" + ID + ")", status.state() + ": the authenticator is set up");
  }

  // Step 3 -----------------------------------------------------------------------------------

  private String logIn(Enrollment enrollment) throws InputEnded, InterruptedException, Stopped {
    step(3, "log in (the code after the password)");
    say("A code works once, and the one of step 2 is used: wait until your app shows a new");
    say("code (every 30 s), then type it.");
    agent.waitForNextCode();
    String code =
        untilAccepted(
            "  Code from your app: ",
            typed -> twoFactor.verify(ACCOUNT_ID, typed),
            CALL + "verify(" + ID + ", code)",
            null);
    say("Logged in.");

    say("");
    say("The same code again, as someone who saw it over the agent's shoulder would try it:");
    call(
        CALL + "verify(" + ID + ", code)",
        describe(twoFactor.verify(ACCOUNT_ID, code)) + ": refused, a code works once");

    say("");
    int free = throttle.freeFailures();
    List<String> wrong = wrongCodes(enrollment, free + 2);
    say(
        "Someone guessing codes"
            + (agent.isSimulated() ? ":" : " (the demo types them, so that you need not):"));
    for (int i = 0; i <= free; i++) {
      Verification v = twoFactor.verify(ACCOUNT_ID, wrong.get(i));
      CredentialStatus status = twoFactor.status(ACCOUNT_ID);
      Optional<Instant> locked = status.lockedUntil();
      call(
          CALL + "verify(" + ID + ", \"" + wrong.get(i) + "\")",
          describe(v)
              + ", failure "
              + status.failures()
              + (locked.isPresent()
                  ? ": locked until "
                      + Texts.time(locked.get())
                      + ", for "
                      + Texts.seconds(clock.instant(), locked.get())
                  : " (" + free + " are free)"));
    }
    Verification throttled = twoFactor.verify(ACCOUNT_ID, wrong.get(free + 1));
    call(
        CALL + "verify(" + ID + ", \"" + wrong.get(free + 1) + "\")",
        describe(throttled) + ": not even checked, and not counted");
    say("Each further failure doubles the wait (1 min, 2 min, 4 min...) up to 24 hours for");
    say("that address. At most 5 failures a day and 10 in 30 days count, whatever the address,");
    say("and a login does not give them back: guessing between the agent's logins gets about");
    say("131 guesses a year, a 0.04 % chance. Everything is stored with the credential.");
    return code;
  }

  /**
   * Returns wrong codes: none is the code of a step near now, so each is a {@code MISMATCH}, never
   * by chance right or an old code ({@code REPLAYED}).
   */
  private List<String> wrongCodes(Enrollment enrollment, int count) {
    Totp totp = enrollment.uri().toTotp();
    Instant now = clock.instant();
    Set<String> near = new HashSet<>();
    for (int k = -5; k <= 5; k++) {
      near.add(totp.generate(enrollment.uri().secret(), now.plus(totp.period().multipliedBy(k))));
    }
    List<String> codes = new ArrayList<>();
    for (long n = 0; codes.size() < count; n++) {
      String digits = Long.toString(n);
      String code = "0".repeat(totp.digits() - digits.length()) + digits;
      if (!near.contains(code)) {
        codes.add(code);
      }
    }
    return codes;
  }

  // Step 4 -----------------------------------------------------------------------------------

  private void recoveryCodes() throws InputEnded, InterruptedException, Stopped {
    step(4, "recovery codes (for the day the phone is lost)");
    String proof = Objects.requireNonNull(lastAccepted, "the login of step 3").proof();
    RecoveryCodes codes = twoFactor.generateRecoveryCodes(ACCOUNT_ID, Proof.token(proof));
    call(
        CALL + "generateRecoveryCodes(" + ID + ", Proof.token(login.proof()))",
        codes.codes().size() + " codes, shown once: only their keyed hashes are stored");
    List<String> list = codes.codes();
    for (int i = 0; i < list.size(); i += 2) {
      say("  " + list.get(i) + (i + 1 < list.size() ? "    " + list.get(i + 1) : ""));
    }
    say("New codes need proof of the current factor (the login of step 3 gave one, good for");
    say("5 minutes): a stolen session alone cannot replace them.");
    if (twoFactor.status(ACCOUNT_ID).lockedUntil().isPresent()) {
      say("The wrong codes of step 3 lock the codes, not the recovery codes: those have a limit");
      say("of their own, so that nobody can lock the agent out of recovery.");
    }
    if (!agent.isSimulated()) {
      say("Log in with one of the recovery codes above, as an agent without a phone would.");
    }
    String code =
        untilAccepted(
            "  Recovery code: ",
            typed -> twoFactor.redeemRecoveryCode(ACCOUNT_ID, typed),
            CALL + "redeemRecoveryCode(" + ID + ", code)",
            codes);
    say("Logged in with a recovery code, which is now used up, and which ended the lock.");
    say("");
    say("The same recovery code again:");
    call(
        CALL + "redeemRecoveryCode(" + ID + ", code)",
        describe(twoFactor.redeemRecoveryCode(ACCOUNT_ID, code))
            + ": refused, a recovery code works once");
    CredentialStatus status = twoFactor.status(ACCOUNT_ID);
    call(
        CALL + "status(" + ID + ")",
        status.state() + ", " + status.recoveryCodesLeft() + " recovery codes left");
  }

  // Step 5 -----------------------------------------------------------------------------------

  private void reset(Enrollment first, String loginCode) {
    step(5, "reset (an administrator resets the second factor of an agent who lost the phone)");
    call(
        CALL + "reset(" + ID + ", \"admin\")",
        twoFactor.reset(ACCOUNT_ID, "admin")
            + ": secret, replay guard, throttle state and recovery codes deleted, audited");
    call(CALL + "status(" + ID + ")", twoFactor.status(ACCOUNT_ID).state().toString());
    call(
        CALL + "verify(" + ID + ", code)",
        describe(twoFactor.verify(ACCOUNT_ID, loginCode))
            + ": the code of step 3, or any other, has nothing left to match");
    Enrollment again = twoFactor.enroll(ACCOUNT_ID, ACCOUNT_NAME);
    call(
        CALL + "enroll(" + ID + ", \"" + ACCOUNT_NAME + "\")",
        "a new enrollment, to confirm before " + Texts.time(again.expiresAt()) + "; its key:");
    say("  " + again.manualKey());
    if (again.uri().secret().equals(first.uri().secret())) {
      say("The SAME secret as in step 1: a reset must never keep the old secret.");
    } else {
      say("A new secret: the one of step 1 is gone, and codes of an app that still has it can");
      say("never log in again.");
    }
  }

  // Prompts ----------------------------------------------------------------------------------

  /**
   * Asks for a code until the service accepts it; a person is told why a code was refused and asked
   * again.
   *
   * @param recoveryCodes the recovery codes on the screen, or {@code null} for a code of the app
   * @return the accepted code, as typed
   */
  private String untilAccepted(
      String prompt,
      Function<String, Verification> service,
      String call,
      @Nullable RecoveryCodes recoveryCodes)
      throws InputEnded, InterruptedException, Stopped {
    while (true) {
      String typed =
          recoveryCodes == null
              ? agent.typeCode(prompt)
              : agent.typeRecoveryCode(prompt, recoveryCodes);
      Verification v = service.apply(typed);
      call(call, describe(v));
      if (v.isAccepted()) {
        lastAccepted = v;
        return typed;
      }
      if (agent.isSimulated()) {
        throw new Stopped("The simulated agent's code was refused (" + v.reason() + "): a bug");
      }
      explain(v, recoveryCodes != null);
    }
  }

  /** Tells a person why a code was refused, and waits if the account is locked. */
  private void explain(Verification v, boolean recovery) throws InterruptedException, Stopped {
    switch (v.reason()) {
      case MALFORMED ->
          warn(
              recovery
                  ? "That is not a recovery code: 12 letters and digits, like 7kq2-m9xa-b3rt (case,"
                      + " spaces and hyphens do not matter). It was not checked and does not"
                      + " count as a failure. Type it again."
                  : "That is not a code: type the 6 digits 0-9 that your app shows (spaces are"
                      + " fine). It was not checked and does not count as a failure. Try again.");
      case MISMATCH -> {
        CredentialStatus status = twoFactor.status(ACCOUNT_ID);
        warn(
            (recovery
                    ? "Not one of the recovery codes above, or one already used."
                    : "A code, but not the one your app shows now for "
                        + ISSUER
                        + " ("
                        + ACCOUNT_NAME
                        + "): check the entry, and that the phone's clock is right"
                        + " (a code may be 30 s early or late).")
                + " Wrong codes count: "
                + status.failures()
                + " in a row so far, "
                + throttle.freeFailures()
                + " are free.");
        Optional<Instant> locked = status.lockedUntil();
        if (locked.isPresent()) {
          warn("That was one too many: no code is checked until " + Texts.time(locked.get()) + ".");
          agent.waitUntil(locked.get());
        }
      }
      case REPLAYED ->
          warn(
              "That code was already used: a code works once, and so does every older one. Wait"
                  + " until your app shows a new code, then type it.");
      case THROTTLED -> {
        warn("Too many wrong codes: no code is checked until " + Texts.time(v.retryAfter()) + ".");
        agent.waitUntil(v.retryAfter());
      }
      case EXPIRED ->
          throw new Stopped(
              "The enrollment expired: it waits 10 minutes for its first code. Run the demo"
                  + " again");
      case NOT_ENROLLED ->
          throw new Stopped("There is nothing to check the code against (NOT_ENROLLED)");
      case ACCEPTED -> {
        // Nothing to explain.
      }
    }
  }

  private String describe(Verification v) {
    return switch (v.reason()) {
      case ACCEPTED -> "ACCEPTED (step " + v.step() + ", drift " + v.drift() + ")";
      case THROTTLED ->
          "THROTTLED until "
              + Texts.time(v.retryAfter())
              + ", in "
              + Texts.seconds(clock.instant(), v.retryAfter());
      default -> v.reason().name();
    };
  }

  // Output -----------------------------------------------------------------------------------

  private void step(int number, String title) {
    step = number;
    out.println();
    out.println("Step " + number + " of " + STEPS + ": " + title);
  }

  private void call(String call, String result) {
    out.println("  " + call);
    out.println("    -> " + result);
  }

  private void say(String line) {
    out.println(line.isEmpty() ? "" : "  " + line);
  }

  private void warn(String message) {
    out.print(Texts.wrap(message, WIDTH, "  ! ", "    "));
  }

  private static String capitalized(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /** The demo cannot go on, for a reason that its message tells the user. */
  static final class Stopped extends Exception {
    private static final long serialVersionUID = 1L;

    Stopped(String message) {
      super(message, null, false, false);
    }
  }
}
