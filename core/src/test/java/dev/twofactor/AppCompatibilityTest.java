package dev.twofactor;

import static dev.twofactor.AppCompatibility.App.AEGIS;
import static dev.twofactor.AppCompatibility.App.AUTHY;
import static dev.twofactor.AppCompatibility.App.DUO;
import static dev.twofactor.AppCompatibility.App.FREEOTP;
import static dev.twofactor.AppCompatibility.App.GOOGLE_AUTHENTICATOR;
import static dev.twofactor.AppCompatibility.App.KEEPASSXC;
import static dev.twofactor.AppCompatibility.App.MICROSOFT_AUTHENTICATOR;
import static dev.twofactor.AppCompatibility.App.ONE_PASSWORD;
import static dev.twofactor.AppCompatibility.App.OTPLIB;
import static dev.twofactor.AppCompatibility.App.PYOTP;
import static dev.twofactor.AppCompatibility.Effect.LOST_ON_TRANSFER;
import static dev.twofactor.AppCompatibility.Effect.NOT_RECORDED;
import static dev.twofactor.AppCompatibility.Effect.REFUSED;
import static dev.twofactor.AppCompatibility.Effect.UNRELIABLE;
import static dev.twofactor.AppCompatibility.Effect.UNSUPPORTED;
import static dev.twofactor.AppCompatibility.Effect.WRONG_CODES;
import static dev.twofactor.AppCompatibility.Setting.ALGORITHM;
import static dev.twofactor.AppCompatibility.Setting.ALL;
import static dev.twofactor.AppCompatibility.Setting.DIGITS;
import static dev.twofactor.AppCompatibility.Setting.NAMES;
import static dev.twofactor.AppCompatibility.Setting.PERIOD;
import static dev.twofactor.AppCompatibility.Setting.SECRET_LENGTH;
import static dev.twofactor.AppCompatibility.Setting.TYPE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.AppCompatibility.App;
import dev.twofactor.AppCompatibility.Effect;
import dev.twofactor.AppCompatibility.Finding;
import dev.twofactor.AppCompatibility.Setting;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class AppCompatibilityTest {
  private static final Secret STRONG = Secret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
  private static final Secret WEAK = Secret.fromBase32("JBSWY3DPEHPK3PXP");
  private static final Finding ONE_PASSWORD_UNRECORDED =
      new Finding(
          ONE_PASSWORD,
          ALL,
          NOT_RECORDED,
          "1Password: nothing is recorded about which settings it honours.");

  private static OtpAuthUri.Builder totp() {
    return OtpAuthUri.totp(STRONG).issuer("ACME").account("alice");
  }

  /** What the libraries observed in 2026-11 say nothing about: KeePassXC, pyotp, otplib. */
  private static List<Finding> unrecordedInTheObserved(Setting setting, String what) {
    return List.of(
        unrecorded(KEEPASSXC, setting, what),
        unrecorded(PYOTP, setting, what),
        unrecorded(OTPLIB, setting, what));
  }

  private static Finding unrecorded(App app, Setting setting, String what) {
    return new Finding(
        app,
        setting,
        NOT_RECORDED,
        app.displayName() + ": nothing is recorded about " + what + ".");
  }

  private static List<Finding> concat(List<Finding> first, List<Finding> second) {
    List<Finding> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static List<Finding> findings(OtpAuthUri.Builder builder) {
    return AppCompatibility.of(builder.build()).findings();
  }

  @Test
  void factsAsOf_isTheDateTheFirstFactsWereRecorded() {
    assertEquals(LocalDate.of(2026, 11, 28), AppCompatibility.FACTS_AS_OF);
  }

  @Test
  void classJavadocExample_collectsTheKnownProblems() {
    OtpAuthUri uri = totp().algorithm(Algorithm.SHA256).build();
    AppCompatibility report = AppCompatibility.of(uri);
    List<String> advice = new ArrayList<>();
    for (AppCompatibility.Finding finding : report.findings()) {
      if (finding.effect().isKnownProblem()) {
        advice.add(finding.message());
      }
    }
    assertEquals(4, advice.size());
  }

  @Test
  void of_defaults_noKnownProblemAnywhereAndNothingRecordedAbout1Password() {
    AppCompatibility report = AppCompatibility.of(totp().build());
    assertEquals(List.of(ONE_PASSWORD_UNRECORDED), report.findings());
    assertEquals(Set.of(), report.appsWithKnownProblems());
    for (App app : App.values()) {
      assertFalse(report.hasKnownProblems(app), app.name());
    }
  }

  @Test
  void of_sha256_googleUnreliableMicrosoftWrongAuthyAndDuoUnsupported() {
    assertEquals(
        concat(
            List.of(
                new Finding(
                    GOOGLE_AUTHENTICATOR,
                    ALGORITHM,
                    UNRELIABLE,
                    "Google Authenticator: older versions ignore the algorithm and silently show SHA1"
                        + " codes; recent versions honour SHA256 written in upper case, as this"
                        + " library writes it."),
                new Finding(
                    MICROSOFT_AUTHENTICATOR,
                    ALGORITHM,
                    WRONG_CODES,
                    "Microsoft Authenticator: honours only totp, SHA1, 6 digits and 30 seconds, and"
                        + " silently shows wrong codes for SHA256."),
                new Finding(
                    AUTHY,
                    ALGORITHM,
                    UNSUPPORTED,
                    "Authy: supports SHA1 only; whether it refuses SHA256 or silently shows SHA1 codes"
                        + " is not recorded."),
                new Finding(
                    DUO,
                    ALGORITHM,
                    UNSUPPORTED,
                    "Duo Mobile: supports SHA1 only; whether it refuses SHA256 or silently shows SHA1"
                        + " codes is not recorded."),
                ONE_PASSWORD_UNRECORDED),
            unrecordedInTheObserved(ALGORITHM, "SHA256")),
        findings(totp().algorithm(Algorithm.SHA256)));
  }

  @Test
  void of_sha512_sameAppsAsSha256() {
    AppCompatibility report = AppCompatibility.of(totp().algorithm(Algorithm.SHA512).build());
    assertEquals(
        Set.of(GOOGLE_AUTHENTICATOR, MICROSOFT_AUTHENTICATOR, AUTHY, DUO),
        report.appsWithKnownProblems());
    assertTrue(report.findings(AUTHY).get(0).message().contains("refuses SHA512"));
  }

  @Test
  void of_eightDigits_googleUnreliableMicrosoftWrongAuthyAndDuoUnrecorded() {
    assertEquals(
        concat(
            List.of(
                new Finding(
                    GOOGLE_AUTHENTICATOR,
                    DIGITS,
                    UNRELIABLE,
                    "Google Authenticator: older versions ignore digits and silently show 6-digit"
                        + " codes; recent versions honour 8 digits."),
                new Finding(
                    MICROSOFT_AUTHENTICATOR,
                    DIGITS,
                    WRONG_CODES,
                    "Microsoft Authenticator: honours only totp, SHA1, 6 digits and 30 seconds, and"
                        + " silently shows wrong codes for 8 digits."),
                new Finding(
                    AUTHY, DIGITS, NOT_RECORDED, "Authy: nothing is recorded about 8 digits."),
                new Finding(
                    DUO, DIGITS, NOT_RECORDED, "Duo Mobile: nothing is recorded about 8 digits."),
                ONE_PASSWORD_UNRECORDED),
            unrecordedInTheObserved(DIGITS, "8 digits")),
        findings(totp().digits(8)));
  }

  @Test
  void of_sevenDigits_googleOnlyHonours8() {
    assertEquals(
        new Finding(
            GOOGLE_AUTHENTICATOR,
            DIGITS,
            UNRELIABLE,
            "Google Authenticator: older versions ignore digits and silently show 6-digit codes;"
                + " recent versions are recorded to honour 8 digits, not 7."),
        AppCompatibility.of(totp().digits(7).build()).findings(GOOGLE_AUTHENTICATOR).get(0));
  }

  @Test
  void of_period60_googleUnreliableAndLostOnTransferMicrosoftWrong() {
    assertEquals(
        concat(
            List.of(
                new Finding(
                    GOOGLE_AUTHENTICATOR,
                    PERIOD,
                    UNRELIABLE,
                    "Google Authenticator: a period other than 30 seconds (here 60) is unreliable;"
                        + " older versions ignore it and silently show 30-second codes."),
                new Finding(
                    GOOGLE_AUTHENTICATOR,
                    PERIOD,
                    LOST_ON_TRANSFER,
                    "Google Authenticator: its export to another phone has no period, so a period of"
                        + " 60 seconds is lost on the way (observed 2026-11 in exports read with the"
                        + " otpauth-migration npm package)."),
                new Finding(
                    MICROSOFT_AUTHENTICATOR,
                    PERIOD,
                    WRONG_CODES,
                    "Microsoft Authenticator: honours only totp, SHA1, 6 digits and 30 seconds, and"
                        + " silently shows wrong codes for a period of 60 seconds."),
                new Finding(
                    AUTHY,
                    PERIOD,
                    NOT_RECORDED,
                    "Authy: nothing is recorded about a period of 60 seconds."),
                new Finding(
                    DUO,
                    PERIOD,
                    NOT_RECORDED,
                    "Duo Mobile: nothing is recorded about a period of 60 seconds."),
                ONE_PASSWORD_UNRECORDED),
            unrecordedInTheObserved(PERIOD, "a period of 60 seconds")),
        findings(totp().period(Duration.ofSeconds(60))));
  }

  @Test
  void of_hotp_microsoftAndKeePassXcWrongOthersUnrecorded() {
    assertEquals(
        List.of(
            new Finding(
                GOOGLE_AUTHENTICATOR,
                TYPE,
                NOT_RECORDED,
                "Google Authenticator: nothing is recorded about hotp URIs."),
            new Finding(
                MICROSOFT_AUTHENTICATOR,
                TYPE,
                WRONG_CODES,
                "Microsoft Authenticator: honours only totp, SHA1, 6 digits and 30 seconds, and"
                    + " silently shows wrong codes for hotp."),
            new Finding(AUTHY, TYPE, NOT_RECORDED, "Authy: nothing is recorded about hotp URIs."),
            new Finding(
                DUO, TYPE, NOT_RECORDED, "Duo Mobile: nothing is recorded about hotp URIs."),
            ONE_PASSWORD_UNRECORDED,
            new Finding(
                KEEPASSXC,
                TYPE,
                WRONG_CODES,
                "KeePassXC: adds an hotp URI as a 30-second totp entry without a word, and shows"
                    + " wrong codes (observed 2026-11 with KeePassXC 2.7.x)."),
            unrecorded(PYOTP, TYPE, "hotp URIs"),
            unrecorded(OTPLIB, TYPE, "hotp URIs")),
        findings(OtpAuthUri.hotp(STRONG, 0).issuer("ACME").account("alice")));
  }

  @Test
  void of_secretUnder128Bits_freeOtpRefusesAegisAccepts() {
    AppCompatibility report =
        AppCompatibility.of(OtpAuthUri.totp(WEAK).issuer("ACME").account("alice").build());
    assertEquals(
        List.of(
            new Finding(
                FREEOTP,
                SECRET_LENGTH,
                REFUSED,
                "FreeOTP: refuses secrets under 128 bits (this one has 80).")),
        report.findings(FREEOTP));
    assertEquals(List.of(), report.findings(AEGIS));
    assertEquals(Set.of(FREEOTP, OTPLIB), report.appsWithKnownProblems());
    assertEquals(
        List.of(
            new Finding(
                OTPLIB,
                SECRET_LENGTH,
                REFUSED,
                "otplib: refuses secrets under 128 bits (this one has 80) (observed 2026-11 with"
                    + " otplib 12.x).")),
        report.findings(OTPLIB));
    for (App app :
        List.of(GOOGLE_AUTHENTICATOR, MICROSOFT_AUTHENTICATOR, AUTHY, DUO, KEEPASSXC, PYOTP)) {
      assertEquals(
          List.of(
              new Finding(
                  app,
                  SECRET_LENGTH,
                  NOT_RECORDED,
                  app.displayName()
                      + ": nothing is recorded about secrets under 128 bits (this one has 80).")),
          report.findings(app));
    }
  }

  @Test
  void of_aegisHonoursEverything() {
    AppCompatibility report =
        AppCompatibility.of(
            OtpAuthUri.hotp(WEAK, 5)
                .issuer("ACME")
                .account("alice")
                .algorithm(Algorithm.SHA512)
                .digits(10)
                .build());
    assertEquals(List.of(), report.findings(AEGIS));
    assertEquals("Aegis: no known problems (facts as of 2026-11-28).", report.summary(AEGIS));
  }

  @Test
  void of_everythingNonDefault_findingsInAppThenSettingOrder() {
    AppCompatibility report =
        AppCompatibility.of(
            OtpAuthUri.totp(WEAK)
                .issuer("ACME")
                .account("alice")
                .algorithm(Algorithm.SHA256)
                .digits(8)
                .period(Duration.ofSeconds(60))
                .build());
    List<Effect> microsoft =
        report.findings(MICROSOFT_AUTHENTICATOR).stream().map(Finding::effect).toList();
    assertEquals(List.of(WRONG_CODES, WRONG_CODES, WRONG_CODES, NOT_RECORDED), microsoft);
    List<App> order = report.findings().stream().map(Finding::app).distinct().toList();
    assertEquals(
        List.of(
            GOOGLE_AUTHENTICATOR,
            MICROSOFT_AUTHENTICATOR,
            AUTHY,
            DUO,
            ONE_PASSWORD,
            FREEOTP,
            KEEPASSXC,
            PYOTP,
            OTPLIB),
        order);
    assertEquals(
        Set.of(GOOGLE_AUTHENTICATOR, MICROSOFT_AUTHENTICATOR, AUTHY, DUO, FREEOTP, OTPLIB),
        report.appsWithKnownProblems());
    for (App app : App.values()) {
      List<Setting> settings = report.findings(app).stream().map(Finding::setting).toList();
      assertEquals(settings.stream().sorted().toList(), settings, app.name());
    }
    assertEquals(
        List.of(ALGORITHM, DIGITS, PERIOD, SECRET_LENGTH),
        report.findings(PYOTP).stream().map(Finding::setting).toList());
  }

  @Test
  void of_judgesAParsedUriAsItWouldBeWritten() {
    OtpAuthUri parsed =
        OtpAuthUri.parse(
            "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME"
                + "&algorithm=sha1&period=30&digits=6");
    assertEquals(List.of(ONE_PASSWORD_UNRECORDED), AppCompatibility.of(parsed).findings());
  }

  @Test
  void summary_saysNoKnownProblemsOnlyWithWhatIsUnrecorded() {
    AppCompatibility report = AppCompatibility.of(totp().digits(8).build());
    assertEquals(
        "1Password: no known problems, but not known to work either (facts as of 2026-11-28)."
            + " 1Password: nothing is recorded about which settings it honours.",
        report.summary(ONE_PASSWORD));
    assertEquals(
        "Authy: no known problems, but not known to work either (facts as of 2026-11-28)."
            + " Authy: nothing is recorded about 8 digits.",
        report.summary(AUTHY));
    assertEquals(
        "Microsoft Authenticator: honours only totp, SHA1, 6 digits and 30 seconds, and silently"
            + " shows wrong codes for 8 digits. (Facts as of 2026-11-28.)",
        report.summary(MICROSOFT_AUTHENTICATOR));
    assertEquals("FreeOTP: no known problems (facts as of 2026-11-28).", report.summary(FREEOTP));
  }

  @Test
  void of_namesThatPyotpDecodesTooEarly_pyotpRefusesAndNoOtherAppIsJudgedOnNames() {
    Map<String, String> troubles =
        Map.of(
            "a+b", "account contains '+'",
            "a&b", "account contains '&'",
            "a#b", "account contains '#'",
            "a?b", "account contains '?'",
            "100%41", "account contains %41, which it reads as an escape",
            "x%2fy", "account contains %2f, which it reads as an escape",
            "x%0a", "account contains %0a, which it reads as an escape",
            "x%a0", "account contains %a0, which it reads as an escape");
    troubles.forEach(
        (account, trouble) -> {
          AppCompatibility report = AppCompatibility.of(totp().account(account).build());
          assertEquals(
              List.of(
                  new Finding(
                      PYOTP,
                      NAMES,
                      REFUSED,
                      "pyotp (GNOME Secrets): refuses the URI, because it decodes the whole URI"
                          + " before splitting it and the "
                          + trouble
                          + " (observed 2026-11 with pyotp 2.9.0).")),
              report.findings(PYOTP),
              account);
          assertEquals(Set.of(PYOTP), report.appsWithKnownProblems(), account);
        });
    AppCompatibility issuer =
        AppCompatibility.of(OtpAuthUri.totp(STRONG).issuer("R&D").account("a?b").build());
    assertEquals(
        "pyotp (GNOME Secrets): refuses the URI, because it decodes the whole URI before splitting"
            + " it and the issuer contains '&' (observed 2026-11 with pyotp 2.9.0).",
        issuer.findings(PYOTP).get(0).message());
    for (String fine : List.of("100%", "a%4", "%zz", "a b@c.d", "x/y;z=1", "Zoë")) {
      assertEquals(
          List.of(), AppCompatibility.of(totp().account(fine).build()).findings(PYOTP), fine);
    }
  }

  @Test
  void of_sevenDigitsOrPeriodOtherThan30_lostOnGoogleAuthenticatorsExport() {
    AppCompatibility seven = AppCompatibility.of(totp().digits(7).build());
    assertEquals(
        new Finding(
            GOOGLE_AUTHENTICATOR,
            DIGITS,
            LOST_ON_TRANSFER,
            "Google Authenticator: its export to another phone has values for 6 and 8 digits only,"
                + " so 7 digits are lost on the way (observed 2026-11 in exports read with the"
                + " otpauth-migration npm package)."),
        seven.findings(GOOGLE_AUTHENTICATOR).get(1));
    assertEquals(2, seven.findings(GOOGLE_AUTHENTICATOR).size());
    for (int digits : List.of(6, 8)) {
      assertTrue(
          AppCompatibility.of(totp().digits(digits).build()).findings(GOOGLE_AUTHENTICATOR).stream()
              .noneMatch(f -> f.effect() == LOST_ON_TRANSFER),
          "digits " + digits);
    }
    assertEquals(
        List.of(DIGITS, DIGITS),
        AppCompatibility.of(totp().digits(10).build()).findings(GOOGLE_AUTHENTICATOR).stream()
            .map(Finding::setting)
            .toList());
  }

  @Test
  void of_parsedAccountWithAColon_isJudgedAsWrittenWithoutPyotpTrouble() {
    OtpAuthUri parsed =
        OtpAuthUri.parse(
            "otpauth://totp/ACME:user%3A42?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME");
    assertEquals(List.of(ONE_PASSWORD_UNRECORDED), AppCompatibility.of(parsed).findings());
  }

  @Test
  void effect_isKnownProblemForAllButNotRecorded() {
    for (Effect effect : Effect.values()) {
      assertEquals(effect != NOT_RECORDED, effect.isKnownProblem(), effect.name());
    }
  }

  @Test
  void app_displayNames() {
    assertEquals(
        List.of(
            "Google Authenticator",
            "Microsoft Authenticator",
            "Authy",
            "Duo Mobile",
            "1Password",
            "Aegis",
            "FreeOTP",
            "KeePassXC",
            "pyotp (GNOME Secrets)",
            "otplib"),
        List.of(App.values()).stream().map(App::displayName).toList());
  }

  @Test
  void findings_areUnmodifiable() {
    AppCompatibility report = AppCompatibility.of(totp().digits(8).build());
    assertThrows(UnsupportedOperationException.class, () -> report.findings().clear());
    assertThrows(UnsupportedOperationException.class, () -> report.findings(AUTHY).clear());
    assertThrows(UnsupportedOperationException.class, () -> report.appsWithKnownProblems().clear());
  }

  @Test
  void toString_listsTheAppsWithKnownProblems() {
    assertEquals(
        "AppCompatibility[known problems: none; facts as of 2026-11-28]",
        AppCompatibility.of(totp().build()).toString());
    assertEquals(
        "AppCompatibility[known problems: GOOGLE_AUTHENTICATOR, MICROSOFT_AUTHENTICATOR;"
            + " facts as of 2026-11-28]",
        AppCompatibility.of(totp().digits(8).build()).toString());
  }

  @Test
  void nulls_areRefused() {
    assertThrows(NullPointerException.class, () -> AppCompatibility.of(null));
    assertThrows(
        NullPointerException.class, () -> AppCompatibility.of(totp().build()).findings(null));
    assertThrows(NullPointerException.class, () -> new Finding(null, ALL, REFUSED, "x"));
    assertThrows(NullPointerException.class, () -> new Finding(AEGIS, null, REFUSED, "x"));
    assertThrows(NullPointerException.class, () -> new Finding(AEGIS, ALL, null, "x"));
    assertThrows(NullPointerException.class, () -> new Finding(AEGIS, ALL, REFUSED, null));
  }
}
