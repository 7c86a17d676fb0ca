package dev.twofactor.examples;

import dev.twofactor.Enrollment;
import dev.twofactor.RecoveryCodes;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An agent played by testkit: a {@link SoftwareAuthenticator} scans the enrollment URI, as a phone
 * scans the QR code, and shows codes at the time of a {@link FakeClock}, which jumps where a person
 * would wait. Everything it types is printed, as a person would see it on the screen.
 */
final class SimulatedAgent implements Agent {
  private final PrintStream out;
  private final FakeClock clock;
  private @Nullable SoftwareAuthenticator phone;

  /**
   * Creates the agent.
   *
   * @param out where what the agent types and sees is printed
   * @param clock the clock of the service and of the phone
   */
  SimulatedAgent(PrintStream out, FakeClock clock) {
    this.out = Objects.requireNonNull(out, "out");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public boolean isSimulated() {
    return true;
  }

  @Override
  public void sees(Enrollment enrollment) {
    SoftwareAuthenticator scanned = SoftwareAuthenticator.scan(enrollment.uri().toUriString());
    phone = scanned;
    // SoftwareAuthenticator.toString() names issuer, account and settings, never the secret.
    out.println(
        "  [phone] scans the QR code: "
            + scanned.issuer().orElse("")
            + " ("
            + scanned.account()
            + ")");
    out.println("    " + scanned);
  }

  @Override
  public String typeCode(String prompt) {
    String code = phone().code(clock);
    out.println("  [phone] shows " + code + " at " + Texts.time(clock.instant()));
    out.println(prompt + code);
    return code;
  }

  @Override
  public String typeRecoveryCode(String prompt, RecoveryCodes codes) {
    String code = codes.codes().get(0);
    out.println("  [agent] types the first recovery code of the list");
    out.println(prompt + code);
    return code;
  }

  @Override
  public void waitForNextCode() {
    long period = phone().period().toSeconds();
    Instant next = Instant.ofEpochSecond((clock.instant().getEpochSecond() / period + 1) * period);
    out.println(
        "  [clock] "
            + Texts.seconds(clock.instant(), next)
            + " later, "
            + Texts.time(next)
            + ": the phone shows a new code");
    clock.set(next);
  }

  @Override
  public void waitUntil(Instant instant) {
    out.println(
        "  [clock] "
            + Texts.seconds(clock.instant(), instant)
            + " later, "
            + Texts.time(instant)
            + " (a person would wait that long)");
    clock.set(instant);
  }

  private SoftwareAuthenticator phone() {
    SoftwareAuthenticator scanned = phone;
    if (scanned == null) {
      throw new IllegalStateException("the phone must scan an enrollment first");
    }
    return scanned;
  }
}
