package dev.twofactor;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

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
 * <p>Each {@link Finding} names the app, the {@link Setting} it is about and the {@link Effect}, so
 * that a program need not read the English message. The report is built from facts recorded in
 * November 2026; apps change, so a report can be out of date in both directions. The facts, and
 * where each comes from:
 *
 * <ul>
 *   <li>Recorded on 2026-11-28 ({@link #FACTS_AS_OF}), from the apps' documentation and reports of
 *       their users, not from a test of a particular version:
 *       <ul>
 *         <li>Google Authenticator historically ignored algorithm, digits and period, giving
 *             silently wrong codes; recent versions honour SHA256 and SHA512 (in upper case, as
 *             {@link OtpAuthUri#toUriString()} writes them) and 8 digits; a period other than 30
 *             seconds is still unreliable.
 *         <li>Microsoft Authenticator honours TOTP, SHA1, 6 digits and 30 seconds only; anything
 *             else gives silently wrong codes.
 *         <li>Authy and Duo support SHA1 only (whether they refuse another algorithm or silently
 *             compute SHA-1 codes is not recorded).
 *         <li>Aegis and FreeOTP honour everything, but FreeOTP refuses secrets under 128 bits.
 *         <li>Nothing is recorded about 1Password.
 *       </ul>
 *   <li>Observed in November 2026 by running the library's URIs through the clients themselves. The
 *       versions named are the ones the observations were made with; other versions may behave
 *       differently:
 *       <ul>
 *         <li>pyotp 2.9.0, on which GNOME Secrets and other apps are built, decodes the whole URI
 *             before splitting it into label and parameters, and so refuses a URI whose issuer or
 *             account contains {@code + & # ?} or text that looks like a percent-escape ({@code
 *             %41}).
 *         <li>KeePassXC 2.7.x adds an hotp URI as a 30-second TOTP entry, without a word, and shows
 *             wrong codes.
 *         <li>otplib 12.x, on which many JavaScript apps are built, refuses secrets under 128 bits.
 *         <li>Google Authenticator's export to another phone (its {@code otpauth-migration} format,
 *             read with the npm package of that name) has values for 6 and 8 digits only and no
 *             period: 7, 9 or 10 digits and a period other than 30 seconds are lost on the way.
 *       </ul>
 * </ul>
 *
 * <p>Where the facts say nothing about a setting of this URI that differs from the defaults (TOTP,
 * SHA1, 6 digits, 30 seconds, a secret of at least 128 bits), the report says so with a {@link
 * Effect#NOT_RECORDED} finding instead of claiming that the app works; for 1Password there is
 * always one. Names are judged only where a reader is known to mishandle them (pyotp). The URI is
 * judged as {@link OtpAuthUri#toUriString()} writes it, not as a parsed text happened to spell it.
 *
 * <p><b>Security note:</b> the only reliable way to catch a silent mismatch between server and app
 * is to make a credential active only after the user has typed one correct code from the app. A
 * report without known problems does not replace that check.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AppCompatibility {
  /** The date the first facts were recorded: 2026-11-28. The observed ones are of 2026-11 too. */
  public static final LocalDate FACTS_AS_OF = LocalDate.of(2026, 11, 28);

  /** The characters in a name that pyotp 2.9.0 mishandles; see the class description. */
  private static final String PYOTP_BREAKERS = "+&#?";

  /** The authenticator apps, and the libraries apps are built on, that the report knows about. */
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
    FREEOTP("FreeOTP"),
    /** The KeePassXC password manager (observed: 2.7.x). */
    KEEPASSXC("KeePassXC"),
    /** Apps built on the Python library pyotp, such as GNOME Secrets (observed: pyotp 2.9.0). */
    PYOTP("pyotp (GNOME Secrets)"),
    /** Apps built on the JavaScript library otplib (observed: otplib 12.x). */
    OTPLIB("otplib");

    private final String displayName;

    App(String displayName) {
      this.displayName = displayName;
    }

    /**
     * Returns the name of the app as users know it, or of the library with an app built on it.
     *
     * @return for example {@code "Google Authenticator"} or {@code "pyotp (GNOME Secrets)"}
     */
    public String displayName() {
      return displayName;
    }
  }

  /**
   * What part of the URI a finding is about. A public type so that a host can, for example, offer
   * other settings when only {@link #ALGORITHM} is a problem, without reading the message.
   */
  public enum Setting {
    /** Every setting: nothing is recorded about which ones the app honours. */
    ALL,
    /** The type: {@code hotp} rather than {@code totp}. */
    TYPE,
    /** The HMAC algorithm. */
    ALGORITHM,
    /** The number of digits. */
    DIGITS,
    /** The TOTP period. */
    PERIOD,
    /** The length of the secret. */
    SECRET_LENGTH,
    /** The characters of the issuer or the account name. */
    NAMES
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
    /**
     * The app honours the setting, but its transfer to another device loses it: after a transfer,
     * the other device shows codes that the server will not accept.
     */
    LOST_ON_TRANSFER,
    /** Nothing is recorded about how the app handles the setting: no known problem, no promise. */
    NOT_RECORDED;

    /**
     * Tells whether this effect is a known problem, that is anything but {@link #NOT_RECORDED}.
     *
     * @return {@code true} for {@link #REFUSED}, {@link #WRONG_CODES}, {@link #UNSUPPORTED}, {@link
     *     #UNRELIABLE} and {@link #LOST_ON_TRANSFER}
     */
    public boolean isKnownProblem() {
      return this != NOT_RECORDED;
    }
  }

  /**
   * One thing known, or known to be unknown, about one app and one setting of the URI.
   *
   * @param app the app
   * @param setting what part of the URI the finding is about
   * @param effect what goes wrong, or {@link Effect#NOT_RECORDED}
   * @param message one English sentence that names the app and the setting
   */
  public record Finding(App app, Setting setting, Effect effect, String message) {
    /**
     * Creates a finding.
     *
     * @param app the app
     * @param setting what part of the URI the finding is about
     * @param effect what goes wrong, or {@link Effect#NOT_RECORDED}
     * @param message one English sentence that names the app and the setting
     */
    public Finding {
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(setting, "setting");
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
   * period, secret length, and for pyotp the characters of its names.
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
                    Setting.ALL,
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
                    Setting.SECRET_LENGTH,
                    Effect.REFUSED,
                    "FreeOTP: refuses secrets under 128 bits (this one has "
                        + settings.bits
                        + ")."));
          }
        }
        case KEEPASSXC -> keePassXc(settings, findings);
        case PYOTP -> pyotp(settings, findings);
        case OTPLIB -> otplib(settings, findings);
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
    final String issuer;
    final String account;

    Settings(OtpAuthUri uri) {
      hotp = uri.type() == OtpAuthUri.Type.HOTP;
      algorithm = uri.algorithm();
      digits = uri.digits();
      periodSeconds = hotp ? OtpAuthUri.DEFAULT_PERIOD_SECONDS : uri.period().toSeconds();
      bits = uri.secret().byteLength() * 8;
      weak = uri.secret().isWeak();
      issuer = uri.issuer().orElse("");
      account = uri.account();
    }
  }

  private static void google(Settings s, List<Finding> out) {
    App app = App.GOOGLE_AUTHENTICATOR;
    String name = app.displayName();
    if (s.hotp) {
      out.add(notRecorded(app, Setting.TYPE, "hotp URIs"));
    }
    if (s.algorithm != Algorithm.SHA1) {
      out.add(
          new Finding(
              app,
              Setting.ALGORITHM,
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
              Setting.DIGITS,
              Effect.UNRELIABLE,
              name
                  + ": older versions ignore digits and silently show 6-digit codes; recent"
                  + " versions honour 8 digits."));
    } else if (s.digits != OtpAuthUri.DEFAULT_DIGITS) {
      out.add(
          new Finding(
              app,
              Setting.DIGITS,
              Effect.UNRELIABLE,
              name
                  + ": older versions ignore digits and silently show 6-digit codes; recent"
                  + " versions are recorded to honour 8 digits, not "
                  + s.digits
                  + "."));
      out.add(
          new Finding(
              app,
              Setting.DIGITS,
              Effect.LOST_ON_TRANSFER,
              name
                  + ": its export to another phone has values for 6 and 8 digits only, so "
                  + s.digits
                  + " digits are lost on the way (observed 2026-11 in exports read with the"
                  + " otpauth-migration npm package)."));
    }
    if (s.periodSeconds != OtpAuthUri.DEFAULT_PERIOD_SECONDS) {
      out.add(
          new Finding(
              app,
              Setting.PERIOD,
              Effect.UNRELIABLE,
              name
                  + ": a period other than 30 seconds (here "
                  + s.periodSeconds
                  + ") is"
                  + " unreliable; older versions ignore it and silently show 30-second codes."));
      out.add(
          new Finding(
              app,
              Setting.PERIOD,
              Effect.LOST_ON_TRANSFER,
              name
                  + ": its export to another phone has no period, so a period of "
                  + s.periodSeconds
                  + " seconds is lost on the way (observed 2026-11 in exports read with the"
                  + " otpauth-migration npm package)."));
    }
    if (s.weak) {
      out.add(notRecorded(app, Setting.SECRET_LENGTH, weakSecret(s)));
    }
  }

  private static void microsoft(Settings s, List<Finding> out) {
    App app = App.MICROSOFT_AUTHENTICATOR;
    String only =
        app.displayName()
            + ": honours only totp, SHA1, 6 digits and 30 seconds, and silently"
            + " shows wrong codes for ";
    if (s.hotp) {
      out.add(new Finding(app, Setting.TYPE, Effect.WRONG_CODES, only + "hotp."));
    }
    if (s.algorithm != Algorithm.SHA1) {
      out.add(
          new Finding(
              app, Setting.ALGORITHM, Effect.WRONG_CODES, only + s.algorithm.uriName() + "."));
    }
    if (s.digits != OtpAuthUri.DEFAULT_DIGITS) {
      out.add(new Finding(app, Setting.DIGITS, Effect.WRONG_CODES, only + s.digits + " digits."));
    }
    if (s.periodSeconds != OtpAuthUri.DEFAULT_PERIOD_SECONDS) {
      out.add(
          new Finding(
              app,
              Setting.PERIOD,
              Effect.WRONG_CODES,
              only + "a period of " + s.periodSeconds + " seconds."));
    }
    if (s.weak) {
      out.add(notRecorded(app, Setting.SECRET_LENGTH, weakSecret(s)));
    }
  }

  /** Authy and Duo: only the algorithm is recorded. */
  private static void sha1Only(App app, Settings s, List<Finding> out) {
    if (s.hotp) {
      out.add(notRecorded(app, Setting.TYPE, "hotp URIs"));
    }
    if (s.algorithm != Algorithm.SHA1) {
      out.add(
          new Finding(
              app,
              Setting.ALGORITHM,
              Effect.UNSUPPORTED,
              app.displayName()
                  + ": supports SHA1 only; whether it refuses "
                  + s.algorithm.uriName()
                  + " or silently shows SHA1 codes is not recorded."));
    }
    notRecordedDigitsAndPeriod(app, s, out);
    if (s.weak) {
      out.add(notRecorded(app, Setting.SECRET_LENGTH, weakSecret(s)));
    }
  }

  private static void keePassXc(Settings s, List<Finding> out) {
    App app = App.KEEPASSXC;
    if (s.hotp) {
      out.add(
          new Finding(
              app,
              Setting.TYPE,
              Effect.WRONG_CODES,
              "KeePassXC: adds an hotp URI as a 30-second totp entry without a word, and shows"
                  + " wrong codes (observed 2026-11 with KeePassXC 2.7.x)."));
    }
    notRecordedAlgorithm(app, s, out);
    notRecordedDigitsAndPeriod(app, s, out);
    if (s.weak) {
      out.add(notRecorded(app, Setting.SECRET_LENGTH, weakSecret(s)));
    }
  }

  private static void pyotp(Settings s, List<Finding> out) {
    App app = App.PYOTP;
    if (s.hotp) {
      out.add(notRecorded(app, Setting.TYPE, "hotp URIs"));
    }
    notRecordedAlgorithm(app, s, out);
    notRecordedDigitsAndPeriod(app, s, out);
    if (s.weak) {
      out.add(notRecorded(app, Setting.SECRET_LENGTH, weakSecret(s)));
    }
    String trouble = pyotpTrouble("issuer", s.issuer);
    if (trouble == null) {
      trouble = pyotpTrouble("account", s.account);
    }
    if (trouble != null) {
      out.add(
          new Finding(
              app,
              Setting.NAMES,
              Effect.REFUSED,
              "pyotp (GNOME Secrets): refuses the URI, because it decodes the whole URI before"
                  + " splitting it and the "
                  + trouble
                  + " (observed 2026-11 with pyotp 2.9.0)."));
    }
  }

  /**
   * Describes what in a name pyotp 2.9.0 mishandles: one of {@code + & # ?}, or a {@code %}
   * followed by two hexadecimal digits; {@code null} if nothing.
   */
  private static @Nullable String pyotpTrouble(String what, String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (PYOTP_BREAKERS.indexOf(c) >= 0) {
        return what + " contains '" + c + "'";
      }
      if (c == '%'
          && i + 2 < name.length()
          && PercentEncoding.hexValue(name.charAt(i + 1)) >= 0
          && PercentEncoding.hexValue(name.charAt(i + 2)) >= 0) {
        return what + " contains " + name.substring(i, i + 3) + ", which it reads as an escape";
      }
    }
    return null;
  }

  private static void otplib(Settings s, List<Finding> out) {
    App app = App.OTPLIB;
    if (s.hotp) {
      out.add(notRecorded(app, Setting.TYPE, "hotp URIs"));
    }
    notRecordedAlgorithm(app, s, out);
    notRecordedDigitsAndPeriod(app, s, out);
    if (s.weak) {
      out.add(
          new Finding(
              app,
              Setting.SECRET_LENGTH,
              Effect.REFUSED,
              "otplib: refuses secrets under 128 bits (this one has "
                  + s.bits
                  + ") (observed 2026-11 with otplib 12.x)."));
    }
  }

  private static void notRecordedAlgorithm(App app, Settings s, List<Finding> out) {
    if (s.algorithm != Algorithm.SHA1) {
      out.add(notRecorded(app, Setting.ALGORITHM, s.algorithm.uriName()));
    }
  }

  private static void notRecordedDigitsAndPeriod(App app, Settings s, List<Finding> out) {
    if (s.digits != OtpAuthUri.DEFAULT_DIGITS) {
      out.add(notRecorded(app, Setting.DIGITS, s.digits + " digits"));
    }
    if (s.periodSeconds != OtpAuthUri.DEFAULT_PERIOD_SECONDS) {
      out.add(notRecorded(app, Setting.PERIOD, "a period of " + s.periodSeconds + " seconds"));
    }
  }

  private static String weakSecret(Settings s) {
    return "secrets under 128 bits (this one has " + s.bits + ")";
  }

  private static Finding notRecorded(App app, Setting setting, String what) {
    return new Finding(
        app,
        setting,
        Effect.NOT_RECORDED,
        app.displayName() + ": nothing is recorded about " + what + ".");
  }

  /**
   * Returns every finding, grouped by app in the order of {@link App}, then by setting in the order
   * of {@link Setting}.
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
