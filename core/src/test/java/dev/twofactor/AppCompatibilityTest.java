package dev.twofactor;

import static dev.twofactor.AppCompatibility.App.AEGIS;
import static dev.twofactor.AppCompatibility.App.AUTHY;
import static dev.twofactor.AppCompatibility.App.DUO;
import static dev.twofactor.AppCompatibility.App.FREEOTP;
import static dev.twofactor.AppCompatibility.App.GOOGLE_AUTHENTICATOR;
import static dev.twofactor.AppCompatibility.App.MICROSOFT_AUTHENTICATOR;
import static dev.twofactor.AppCompatibility.App.ONE_PASSWORD;
import static dev.twofactor.AppCompatibility.Effect.NOT_RECORDED;
import static dev.twofactor.AppCompatibility.Effect.REFUSED;
import static dev.twofactor.AppCompatibility.Effect.UNRELIABLE;
import static dev.twofactor.AppCompatibility.Effect.UNSUPPORTED;
import static dev.twofactor.AppCompatibility.Effect.WRONG_CODES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.AppCompatibility.App;
import dev.twofactor.AppCompatibility.Effect;
import dev.twofactor.AppCompatibility.Finding;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class AppCompatibilityTest {
  private static final Secret STRONG = Secret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
  private static final Secret WEAK = Secret.fromBase32("JBSWY3DPEHPK3PXP");
  private static final Finding ONE_PASSWORD_UNRECORDED =
      new Finding(
          ONE_PASSWORD,
          NOT_RECORDED,
          "1Password: nothing is recorded about which settings it honours.");

  private static OtpAuthUri.Builder totp() {
    return OtpAuthUri.totp(STRONG).issuer("ACME").account("alice");
  }

  private static List<Finding> findings(OtpAuthUri.Builder builder) {
    return AppCompatibility.of(builder.build()).findings();
  }

  @Test
  void factsAsOf_isTheDateOfReferenceMd() {
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
        List.of(
            new Finding(
                GOOGLE_AUTHENTICATOR,
                UNRELIABLE,
                "Google Authenticator: older versions ignore the algorithm and silently show SHA1"
                    + " codes; recent versions honour SHA256 written in upper case, as this"
                    + " library writes it."),
            new Finding(
                MICROSOFT_AUTHENTICATOR,
                WRONG_CODES,
                "Microsoft Authenticator: honours only totp, SHA1, 6 digits and 30 seconds, and"
                    + " silently shows wrong codes for SHA256."),
            new Finding(
                AUTHY,
                UNSUPPORTED,
                "Authy: supports SHA1 only; whether it refuses SHA256 or silently shows SHA1 codes"
                    + " is not recorded."),
            new Finding(
                DUO,
                UNSUPPORTED,
                "Duo Mobile: supports SHA1 only; whether it refuses SHA256 or silently shows SHA1"
                    + " codes is not recorded."),
            ONE_PASSWORD_UNRECORDED),
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
        List.of(
            new Finding(
                GOOGLE_AUTHENTICATOR,
                UNRELIABLE,
                "Google Authenticator: older versions ignore digits and silently show 6-digit"
                    + " codes; recent versions honour 8 digits."),
            new Finding(
                MICROSOFT_AUTHENTICATOR,
                WRONG_CODES,
                "Microsoft Authenticator: honours only totp, SHA1, 6 digits and 30 seconds, and"
                    + " silently shows wrong codes for 8 digits."),
            new Finding(AUTHY, NOT_RECORDED, "Authy: nothing is recorded about 8 digits."),
            new Finding(DUO, NOT_RECORDED, "Duo Mobile: nothing is recorded about 8 digits."),
            ONE_PASSWORD_UNRECORDED),
        findings(totp().digits(8)));
  }

  @Test
  void of_sevenDigits_googleOnlyHonours8() {
    assertEquals(
        new Finding(
            GOOGLE_AUTHENTICATOR,
            UNRELIABLE,
            "Google Authenticator: older versions ignore digits and silently show 6-digit codes;"
                + " recent versions are recorded to honour 8 digits, not 7."),
        AppCompatibility.of(totp().digits(7).build()).findings(GOOGLE_AUTHENTICATOR).get(0));
  }

  @Test
  void of_period60_googleUnreliableMicrosoftWrong() {
    assertEquals(
        List.of(
            new Finding(
                GOOGLE_AUTHENTICATOR,
                UNRELIABLE,
                "Google Authenticator: a period other than 30 seconds (here 60) is unreliable;"
                    + " older versions ignore it and silently show 30-second codes."),
            new Finding(
                MICROSOFT_AUTHENTICATOR,
                WRONG_CODES,
                "Microsoft Authenticator: honours only totp, SHA1, 6 digits and 30 seconds, and"
                    + " silently shows wrong codes for a period of 60 seconds."),
            new Finding(
                AUTHY, NOT_RECORDED, "Authy: nothing is recorded about a period of 60 seconds."),
            new Finding(
                DUO, NOT_RECORDED, "Duo Mobile: nothing is recorded about a period of 60 seconds."),
            ONE_PASSWORD_UNRECORDED),
        findings(totp().period(Duration.ofSeconds(60))));
  }

  @Test
  void of_hotp_microsoftWrongOthersUnrecorded() {
    assertEquals(
        List.of(
            new Finding(
                GOOGLE_AUTHENTICATOR,
                NOT_RECORDED,
                "Google Authenticator: nothing is recorded about hotp URIs."),
            new Finding(
                MICROSOFT_AUTHENTICATOR,
                WRONG_CODES,
                "Microsoft Authenticator: honours only totp, SHA1, 6 digits and 30 seconds, and"
                    + " silently shows wrong codes for hotp."),
            new Finding(AUTHY, NOT_RECORDED, "Authy: nothing is recorded about hotp URIs."),
            new Finding(DUO, NOT_RECORDED, "Duo Mobile: nothing is recorded about hotp URIs."),
            ONE_PASSWORD_UNRECORDED),
        findings(OtpAuthUri.hotp(STRONG, 0).issuer("ACME").account("alice")));
  }

  @Test
  void of_secretUnder128Bits_freeOtpRefusesAegisAccepts() {
    AppCompatibility report =
        AppCompatibility.of(OtpAuthUri.totp(WEAK).issuer("ACME").account("alice").build());
    assertEquals(
        List.of(
            new Finding(
                FREEOTP, REFUSED, "FreeOTP: refuses secrets under 128 bits (this one has 80).")),
        report.findings(FREEOTP));
    assertEquals(List.of(), report.findings(AEGIS));
    assertEquals(Set.of(FREEOTP), report.appsWithKnownProblems());
    for (App app : List.of(GOOGLE_AUTHENTICATOR, MICROSOFT_AUTHENTICATOR, AUTHY, DUO)) {
      assertEquals(
          List.of(
              new Finding(
                  app,
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
        List.of(GOOGLE_AUTHENTICATOR, MICROSOFT_AUTHENTICATOR, AUTHY, DUO, ONE_PASSWORD, FREEOTP),
        order);
    assertEquals(
        Set.of(GOOGLE_AUTHENTICATOR, MICROSOFT_AUTHENTICATOR, AUTHY, DUO, FREEOTP),
        report.appsWithKnownProblems());
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
            "FreeOTP"),
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
    assertThrows(NullPointerException.class, () -> new Finding(null, REFUSED, "x"));
    assertThrows(NullPointerException.class, () -> new Finding(AEGIS, null, "x"));
    assertThrows(NullPointerException.class, () -> new Finding(AEGIS, REFUSED, null));
  }
}
