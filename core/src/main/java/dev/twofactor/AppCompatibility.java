package dev.twofactor;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which authenticator apps are known to refuse an {@link OtpAuthUri} or to show wrong codes for it:
 * advice for choosing settings, not a gate. Nothing is refused here.
 *
 * <pre>{@code
 * AppCompatibility report = AppCompatibility.of(uri);
 * List<String> advice = new ArrayList<>();
 * for (AppCompatibility.Finding finding : report.findings()) {
 *   if (finding.effect().isKnownProblem()) {
 *     advice.add(finding.message());
 *   }
 * }
 * }</pre>
 *
 * <p>The report is built from the facts the project recorded on 2026-11-28 ({@link #FACTS_AS_OF});
 * apps change, so a report can be out of date in both directions. The facts:
 *
 * <ul>
 *   <li>Google Authenticator historically ignored algorithm, digits and period, giving silently
 *       wrong codes; recent versions honour SHA256 and SHA512 (in upper case, as {@link
 *       OtpAuthUri#toUriString()} writes them) and 8 digits; a period other than 30 seconds is
 *       still unreliable.
 *   <li>Microsoft Authenticator honours TOTP, SHA1, 6 digits and 30 seconds only; anything else
 *       gives silently wrong codes.
 *   <li>Authy and Duo support SHA1 only (whether they refuse another algorithm or silently compute
 *       SHA-1 codes is not recorded).
 *   <li>Aegis and FreeOTP honour everything, but FreeOTP refuses secrets under 128 bits.
 *   <li>Nothing is recorded about 1Password.
 * </ul>
 *
 * <p>Where the facts say nothing about a setting of this URI that differs from the defaults (TOTP,
 * SHA1, 6 digits, 30 seconds, a secret of at least 128 bits), the report says so with a {@link
 * Effect#NOT_RECORDED} finding instead of claiming that the app works; for 1Password there is
 * always one. The URI is judged as {@link OtpAuthUri#toUriString()} writes it, not as a parsed text
 * happened to spell it.
 *
 * <p><b>Security note:</b> the only reliable way to catch a silent mismatch between server and app
 * is to make a credential active only after the user has typed one correct code from the app. A
 * report without known problems does not replace that check.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AppCompatibility {
  /** The date of the facts this report is built from: 2026-11-28. */
  public static final LocalDate FACTS_AS_OF = LocalDate.of(2026, 11, 28);

  /** The authenticator apps the report knows about. */
  public enum App {
    /** Google Authenticator (Android, iOS). */
    GOOGLE_AUTHENTICATOR("Google Authenticator"),
    /** Microsoft Authenticator (Android, iOS). */
    MICROSOFT_AUTHENTICATOR("Microsoft Authenticator"),
    /** Twilio Authy. */
    AUTHY("Authy"),
    /** Duo Mobile. */
    DUO("Duo Mobile"),
    /** The 1Password password manager. */
    ONE_PASSWORD("1Password"),
    /** Aegis Authenticator (Android). */
    AEGIS("Aegis"),
    /** FreeOTP (Android, iOS). */
    FREEOTP("FreeOTP");

    private final String displayName;

    App(String displayName) {
      this.displayName = displayName;
    }

    /**
     * Returns the name of the app as users know it.
     *
     * @return for example {@code "Google Authenticator"}
     */
    public String displayName() {
      return displayName;
    }
  }

  /** What goes wrong in an app, or that nothing is known. */
  public enum Effect {
    /** The app refuses the URI: the user cannot add the credential. */
    REFUSED,
    /** The app adds the credential and shows codes that the server will not accept. */
    WRONG_CODES,
    /**
     * The app does not support the setting; whether it refuses the URI or shows wrong codes is not
     * recorded.
     */
    UNSUPPORTED,
    /**
     * Some versions of the app honour the setting and others (older ones) silently show wrong
     * codes, or the app is known to handle it unreliably.
     */
    UNRELIABLE,
    /** Nothing is recorded about how the app handles the setting: no known problem, no promise. */
    NOT_RECORDED;

    /**
     * Tells whether this effect is a known problem, that is anything but {@link #NOT_RECORDED}.
     *
     * @return {@code true} for {@link #REFUSED}, {@link #WRONG_CODES}, {@link #UNSUPPORTED} and
     *     {@link #UNRELIABLE}
     */
    public boolean isKnownProblem() {
      return this != NOT_RECORDED;
    }
  }

  /**
   * One thing known, or known to be unknown, about one app and one setting of the URI.
   *
   * @param app the app
   * @param effect what goes wrong, or {@link Effect#NOT_RECORDED}
   * @param message one English sentence that names the app and the setting
   */
  public record Finding(App app, Effect effect, String message) {
    /**
     * Creates a finding.
     *
     * @param app the app
     * @param effect what goes wrong, or {@link Effect#NOT_RECORDED}
     * @param message one English sentence that names the app and the setting
     */
    public Finding {
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(effect, "effect");
      Objects.requireNonNull(message, "message");
    }
  }

  private final List<Finding> findings;

  private AppCompatibility(List<Finding> findings) {
    this.findings = List.copyOf(findings);
  }

  /**
   * Reports what is known about the apps and the settings of a URI: its type, algorithm, digits,
   * period and secret length.
   *
   * @param uri the URI, built or parsed
   * @return the report
   */
  public static AppCompatibility of(OtpAuthUri uri) {
    Objects.requireNonNull(uri, "uri");
    Settings settings = new Settings(uri);
    List<Finding> findings = new ArrayList<>();
    for (App app : App.values()) {
      switch (app) {
        case GOOGLE_AUTHENTICATOR -> google(settings, findings);
        case MICROSOFT_AUTHENTICATOR -> microsoft(settings, findings);
        case AUTHY, DUO -> sha1Only(app, settings, findings);
        case ONE_PASSWORD ->
            findings.add(
                new Finding(
                    app,
                    Effect.NOT_RECORDED,
                    "1Password: nothing is recorded about which settings it honours."));
        case AEGIS -> {
          // Aegis honours every setting a URI can carry.
        }
        case FREEOTP -> {
          if (settings.weak) {
            findings.add(
                new Finding(
                    app,
                    Effect.REFUSED,
                    "FreeOTP: refuses secrets under 128 bits (this one has "
                        + settings.bits
                        + ")."));
          }
        }
      }
    }
    return new AppCompatibility(findings);
  }

  /** The settings of a URI that the facts are about. */
  private static final class Settings {
    final boolean hotp;
    final Algorithm algorithm;
    final int digits;
    final long periodSeconds;
    final int bits;
    final boolean weak;

    Settings(OtpAuthUri uri) {
      hotp = uri.type() == OtpAuthUri.Type.HOTP;
      algorithm = uri.algorithm();
      digits = uri.digits();
      periodSeconds = hotp ? OtpAuthUri.DEFAULT_PERIOD_SECONDS : uri.period().toSeconds();
      bits = uri.secret().byteLength() * 8;
      weak = uri.secret().isWeak();
    }
  }

  private static void google(Settings s, List<Finding> out) {
    App app = App.GOOGLE_AUTHENTICATOR;
    String name = app.displayName();
    if (s.hotp) {
      out.add(notRecorded(app, "hotp URIs"));
    }
    if (s.algorithm != Algorithm.SHA1) {
      out.add(
          new Finding(
              app,
              Effect.UNRELIABLE,
              name
                  + ": older versions ignore the algorithm and silently show SHA1 codes; recent"
                  + " versions honour "
                  + s.algorithm.uriName()
                  + " written in upper case, as this library writes it."));
    }
    if (s.digits == 8) {
      out.add(
          new Finding(
              app,
              Effect.UNRELIABLE,
              name
                  + ": older versions ignore digits and silently show 6-digit codes; recent"
                  + " versions honour 8 digits."));
    } else if (s.digits != OtpAuthUri.DEFAULT_DIGITS) {
      out.add(
          new Finding(
              app,
              Effect.UNRELIABLE,
              name
                  + ": older versions ignore digits and silently show 6-digit codes; recent"
                  + " versions are recorded to honour 8 digits, not "
                  + s.digits
                  + "."));
    }
    if (s.periodSeconds != OtpAuthUri.DEFAULT_PERIOD_SECONDS) {
      out.add(
          new Finding(
              app,
              Effect.UNRELIABLE,
              name
                  + ": a period other than 30 seconds (here "
                  + s.periodSeconds
                  + ") is"
                  + " unreliable; older versions ignore it and silently show 30-second codes."));
    }
    if (s.weak) {
      out.add(notRecorded(app, "secrets under 128 bits (this one has " + s.bits + ")"));
    }
  }

  private static void microsoft(Settings s, List<Finding> out) {
    App app = App.MICROSOFT_AUTHENTICATOR;
    String only =
        app.displayName()
            + ": honours only totp, SHA1, 6 digits and 30 seconds, and silently"
            + " shows wrong codes for ";
    if (s.hotp) {
      out.add(new Finding(app, Effect.WRONG_CODES, only + "hotp."));
    }
    if (s.algorithm != Algorithm.SHA1) {
      out.add(new Finding(app, Effect.WRONG_CODES, only + s.algorithm.uriName() + "."));
    }
    if (s.digits != OtpAuthUri.DEFAULT_DIGITS) {
      out.add(new Finding(app, Effect.WRONG_CODES, only + s.digits + " digits."));
    }
    if (s.periodSeconds != OtpAuthUri.DEFAULT_PERIOD_SECONDS) {
      out.add(
          new Finding(
              app, Effect.WRONG_CODES, only + "a period of " + s.periodSeconds + " seconds."));
    }
    if (s.weak) {
      out.add(notRecorded(app, "secrets under 128 bits (this one has " + s.bits + ")"));
    }
  }

  /** Authy and Duo: only the algorithm is recorded. */
  private static void sha1Only(App app, Settings s, List<Finding> out) {
    if (s.hotp) {
      out.add(notRecorded(app, "hotp URIs"));
    }
    if (s.algorithm != Algorithm.SHA1) {
      out.add(
          new Finding(
              app,
              Effect.UNSUPPORTED,
              app.displayName()
                  + ": supports SHA1 only; whether it refuses "
                  + s.algorithm.uriName()
                  + " or silently shows SHA1 codes is not recorded."));
    }
    if (s.digits != OtpAuthUri.DEFAULT_DIGITS) {
      out.add(notRecorded(app, s.digits + " digits"));
    }
    if (s.periodSeconds != OtpAuthUri.DEFAULT_PERIOD_SECONDS) {
      out.add(notRecorded(app, "a period of " + s.periodSeconds + " seconds"));
    }
    if (s.weak) {
      out.add(notRecorded(app, "secrets under 128 bits (this one has " + s.bits + ")"));
    }
  }

  private static Finding notRecorded(App app, String what) {
    return new Finding(
        app, Effect.NOT_RECORDED, app.displayName() + ": nothing is recorded about " + what + ".");
  }

  /**
   * Returns every finding, grouped by app in the order of {@link App}, then by setting: type,
   * algorithm, digits, period, secret length.
   *
   * @return an unmodifiable list, empty only if no app has anything to report
   */
  public List<Finding> findings() {
    return findings;
  }

  /**
   * Returns the findings about one app.
   *
   * @param app the app
   * @return an unmodifiable list, empty if nothing is known to go wrong and nothing is unrecorded
   */
  public List<Finding> findings(App app) {
    Objects.requireNonNull(app, "app");
    return findings.stream().filter(f -> f.app() == app).collect(Collectors.toUnmodifiableList());
  }

  /**
   * Tells whether an app is known to refuse the URI, show wrong codes, not support a setting or
   * handle it unreliably.
   *
   * @param app the app
   * @return {@code true} if some finding about the app is a known problem
   */
  public boolean hasKnownProblems(App app) {
    return findings(app).stream().anyMatch(f -> f.effect().isKnownProblem());
  }

  /**
   * Returns the apps with known problems.
   *
   * @return an unmodifiable set, in the order of {@link App}
   */
  public Set<App> appsWithKnownProblems() {
    Set<App> apps = EnumSet.noneOf(App.class);
    for (Finding finding : findings) {
      if (finding.effect().isKnownProblem()) {
        apps.add(finding.app());
      }
    }
    return Collections.unmodifiableSet(apps);
  }

  /**
   * Sums up one app in English, for a settings page or a log.
   *
   * @param app the app
   * @return for example {@code "Aegis: no known problems (facts as of 2026-11-28)."}, or the
   *     sentences of the findings, with the date
   */
  public String summary(App app) {
    List<Finding> about = findings(app);
    String sentences = about.stream().map(Finding::message).collect(Collectors.joining(" "));
    if (about.isEmpty()) {
      return app.displayName() + ": no known problems (facts as of " + FACTS_AS_OF + ").";
    }
    if (!hasKnownProblems(app)) {
      return app.displayName()
          + ": no known problems, but not known to work either (facts as of "
          + FACTS_AS_OF
          + "). "
          + sentences;
    }
    return sentences + " (Facts as of " + FACTS_AS_OF + ".)";
  }

  /**
   * Lists the apps with known problems.
   *
   * @return for example {@code "AppCompatibility[known problems: FREEOTP; facts as of 2026-11-28]"}
   */
  @Override
  public String toString() {
    return "AppCompatibility[known problems: "
        + (appsWithKnownProblems().isEmpty()
            ? "none"
            : appsWithKnownProblems().stream().map(App::name).collect(Collectors.joining(", ")))
        + "; facts as of "
        + FACTS_AS_OF
        + "]";
  }
}
