package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.testkit.RfcVectors;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The builder, the writer and the accessors of {@link OtpAuthUri}; parsing is in its own test. */
final class OtpAuthUriTest {
  private static final Secret SECRET = Secret.fromBase32("JBSWY3DPEHPK3PXP");

  private static OtpAuthUri.Builder acme() {
    return OtpAuthUri.totp(SECRET).issuer("ACME Co").account("alice@example.com");
  }

  @Test
  void classJavadocExample_writesWhatItSays() {
    Secret secret = SECRET;
    OtpAuthUri uri = OtpAuthUri.totp(secret).issuer("ACME Co").account("alice@example.com").build();
    String text = uri.toUriString();
    assertEquals(
        "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co",
        text);
  }

  @Test
  void packageJavadocExample_readsBackWhatItWrote() {
    Secret secret = Secret.generate();
    OtpAuthUri uri = OtpAuthUri.totp(secret).issuer("ACME Co").account("alice@example.com").build();
    String qrText = uri.toUriString();
    OtpAuthUri read = OtpAuthUri.parse(qrText);
    assertEquals(uri, read);
    assertEquals(secret, read.secret());
  }

  @Test
  void toUriString_writesNonDefaultSettingsInFixedOrder() {
    OtpAuthUri uri =
        acme().algorithm(Algorithm.SHA256).digits(8).period(Duration.ofSeconds(60)).build();
    assertEquals(
        "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co"
            + "&algorithm=SHA256&digits=8&period=60",
        uri.toUriString());
  }

  @Test
  void toUriString_leavesOutDefaultsEvenWhenSetExplicitly() {
    OtpAuthUri uri =
        acme().algorithm(Algorithm.SHA1).digits(6).period(Duration.ofSeconds(30)).build();
    assertEquals(acme().build().toUriString(), uri.toUriString());
    assertEquals(acme().build(), uri);
  }

  @Test
  void toUriString_writesSha512AndTenDigits() {
    OtpAuthUri uri = acme().algorithm(Algorithm.SHA512).digits(10).build();
    assertTrue(uri.toUriString().endsWith("&issuer=ACME%20Co&algorithm=SHA512&digits=10"));
  }

  @Test
  void toUriString_hotpAlwaysWritesCounterAndNeverPeriod() {
    OtpAuthUri uri = OtpAuthUri.hotp(SECRET, 0).issuer("ACME").account("bob").build();
    assertEquals(
        "otpauth://hotp/ACME:bob?secret=JBSWY3DPEHPK3PXP&issuer=ACME&counter=0", uri.toUriString());
    OtpAuthUri big =
        OtpAuthUri.hotp(SECRET, Long.MAX_VALUE).issuer("ACME").account("bob").digits(8).build();
    assertEquals(
        "otpauth://hotp/ACME:bob?secret=JBSWY3DPEHPK3PXP&issuer=ACME&digits=8"
            + "&counter=9223372036854775807",
        big.toUriString());
  }

  @Test
  void toUriString_percentEncodesEverythingButUnreservedCharacters() {
    OtpAuthUri uri =
        OtpAuthUri.totp(SECRET)
            .issuer("a-b.c_d~e")
            .account("x @&=%#?+/;,!$'()*[]\"<>\\^`{|}")
            .build();
    assertEquals(
        "otpauth://totp/a-b.c_d~e:x%20%40%26%3D%25%23%3F%2B%2F%3B%2C%21%24%27%28%29%2A%5B%5D%22"
            + "%3C%3E%5C%5E%60%7B%7C%7D?secret=JBSWY3DPEHPK3PXP&issuer=a-b.c_d~e",
        uri.toUriString());
  }

  @Test
  void toUriString_writesUtf8OfNonAsciiLettersAndEmojiInUpperCaseHex() {
    OtpAuthUri uri = OtpAuthUri.totp(SECRET).issuer("Zoë Ğ").account("😀 日本").build();
    assertEquals(
        "otpauth://totp/Zo%C3%AB%20%C4%9E:%F0%9F%98%80%20%E6%97%A5%E6%9C%AC"
            + "?secret=JBSWY3DPEHPK3PXP&issuer=Zo%C3%AB%20%C4%9E",
        uri.toUriString());
  }

  @Test
  void toUriString_writesTheSecretUpperCaseAndUnpadded() {
    // 19 bytes: Base32 with one '=' of padding, written without it.
    Secret padded = Secret.fromBase32("jbswy3dpehpk3pxpjbswy3dpehpk3py=");
    OtpAuthUri uri = OtpAuthUri.totp(padded).issuer("I").account("a").build();
    assertEquals(
        "otpauth://totp/I:a?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PY&issuer=I", uri.toUriString());
  }

  @Test
  void toUriString_writesExtraParametersLastInTheOrderFirstSet() {
    OtpAuthUri uri =
        acme()
            .digits(8)
            .parameter("image", "https://example.com/logo.png?size=64")
            .parameter("color", "#FF0000")
            .parameter("image", "https://example.com/a b.png")
            .build();
    assertEquals(
        "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co"
            + "&digits=8&image=https%3A%2F%2Fexample.com%2Fa%20b.png&color=%23FF0000",
        uri.toUriString());
    assertEquals(
        Map.of("image", "https://example.com/a b.png", "color", "#FF0000"), uri.extraParameters());
    assertEquals(List.of("image", "color"), List.copyOf(uri.extraParameters().keySet()));
  }

  @Test
  void toUriString_encodesExtraParameterNamesAndEmptyValues() {
    OtpAuthUri uri = acme().parameter("a b=c", "").build();
    assertTrue(uri.toUriString().endsWith("&a%20b%3Dc="));
  }

  @Test
  void accessors_returnWhatWasBuilt() {
    OtpAuthUri uri =
        acme().algorithm(Algorithm.SHA512).digits(8).period(Duration.ofSeconds(60)).build();
    assertEquals(OtpAuthUri.Type.TOTP, uri.type());
    assertEquals(SECRET, uri.secret());
    assertEquals(Optional.of("ACME Co"), uri.issuer());
    assertEquals(Optional.of("ACME Co"), uri.labelPrefix());
    assertEquals("alice@example.com", uri.account());
    assertEquals(Algorithm.SHA512, uri.algorithm());
    assertEquals(8, uri.digits());
    assertEquals(Duration.ofSeconds(60), uri.period());
    assertEquals(Map.of(), uri.extraParameters());
    assertEquals(List.of(), uri.warnings());
  }

  @Test
  void accessors_hotpHasCounterAndNoPeriod() {
    OtpAuthUri uri = OtpAuthUri.hotp(SECRET, 42).issuer("ACME").account("bob").build();
    assertEquals(OtpAuthUri.Type.HOTP, uri.type());
    assertEquals(42, uri.counter());
    IllegalStateException e = assertThrows(IllegalStateException.class, uri::period);
    assertEquals("period() needs a totp URI: this one is hotp", e.getMessage());
  }

  @Test
  void counter_throwsForTotp() {
    IllegalStateException e = assertThrows(IllegalStateException.class, acme().build()::counter);
    assertEquals("counter() needs a hotp URI: this one is totp", e.getMessage());
  }

  @Test
  void uriName_ofTypes() {
    assertEquals("totp", OtpAuthUri.Type.TOTP.uriName());
    assertEquals("hotp", OtpAuthUri.Type.HOTP.uriName());
  }

  @Test
  void extraParameters_areUnmodifiable() {
    OtpAuthUri uri = acme().parameter("image", "x").build();
    assertThrows(
        UnsupportedOperationException.class, () -> uri.extraParameters().put("image", "y"));
    assertThrows(UnsupportedOperationException.class, () -> uri.warnings().clear());
  }

  @Test
  void toTotp_usesTheUrisAlgorithmDigitsAndPeriodWithTheDefaultWindow() {
    RfcVectors.TotpVector vector =
        RfcVectors.TOTP.stream()
            .filter(v -> v.algorithm().equals("SHA256") && v.unixTime() == 59)
            .findFirst()
            .orElseThrow();
    Secret secret = Secret.fromBytes(vector.key());
    OtpAuthUri uri =
        OtpAuthUri.totp(secret)
            .issuer("RFC")
            .account("6238")
            .algorithm(Algorithm.SHA256)
            .digits(8)
            .build();
    Totp totp = uri.toTotp();
    assertEquals(Totp.builder().algorithm(Algorithm.SHA256).digits(8).build(), totp);
    assertEquals(vector.code(), totp.generate(secret, vector.instant()));

    Totp slow = acme().period(Duration.ofSeconds(60)).build().toTotp();
    assertEquals(Duration.ofSeconds(60), slow.period());
    assertEquals(Totp.defaults().windowBehind(), slow.windowBehind());
    assertEquals(Totp.defaults().windowAhead(), slow.windowAhead());
  }

  @Test
  void toHotp_usesTheUrisAlgorithmAndDigitsWithTheDefaultLookAhead() {
    RfcVectors.HotpVector vector = RfcVectors.HOTP.get(1);
    Secret secret = Secret.fromBytes(vector.key());
    OtpAuthUri uri =
        OtpAuthUri.hotp(secret, vector.counter()).issuer("RFC").account("4226").build();
    Hotp hotp = uri.toHotp();
    assertEquals(Hotp.defaults(), hotp);
    assertEquals(vector.code(), hotp.generate(secret, uri.counter()));
    assertEquals(
        Hotp.builder().digits(8).algorithm(Algorithm.SHA256).build(),
        OtpAuthUri.hotp(secret, 0)
            .issuer("RFC")
            .account("4226")
            .digits(8)
            .algorithm(Algorithm.SHA256)
            .build()
            .toHotp());
  }

  @Test
  void toTotp_throwsForHotpAndToHotpForTotp() {
    OtpAuthUri hotp = OtpAuthUri.hotp(SECRET, 0).issuer("ACME").account("bob").build();
    IllegalStateException e = assertThrows(IllegalStateException.class, hotp::toTotp);
    assertEquals("toTotp() needs a totp URI: this one is hotp", e.getMessage());
    e = assertThrows(IllegalStateException.class, acme().build()::toHotp);
    assertEquals("toHotp() needs a hotp URI: this one is totp", e.getMessage());
  }

  @Test
  void equals_comparesEverythingTheUriSays() {
    OtpAuthUri uri = acme().build();
    assertEquals(uri, acme().build());
    assertEquals(uri.hashCode(), acme().build().hashCode());
    assertNotEquals(uri, acme().issuer("ACME").build());
    assertNotEquals(uri, acme().account("bob").build());
    assertNotEquals(uri, acme().algorithm(Algorithm.SHA256).build());
    assertNotEquals(uri, acme().digits(8).build());
    assertNotEquals(uri, acme().period(Duration.ofSeconds(60)).build());
    assertNotEquals(uri, acme().parameter("image", "x").build());
    assertNotEquals(
        uri,
        OtpAuthUri.totp(Secret.generate()).issuer("ACME Co").account("alice@example.com").build());
    assertNotEquals(
        uri, OtpAuthUri.hotp(SECRET, 0).issuer("ACME Co").account("alice@example.com").build());
    assertNotEquals(
        OtpAuthUri.hotp(SECRET, 0).issuer("I").account("a").build(),
        OtpAuthUri.hotp(SECRET, 1).issuer("I").account("a").build());
    assertNotEquals(uri, uri.toUriString());
    assertNotEquals(uri.hashCode(), acme().account("bob").build().hashCode());
    assertNotEquals(uri.hashCode(), acme().digits(8).build().hashCode());
  }

  @Test
  void warning_isAValueOfItsKindIndexCountAndMessage() {
    OtpAuthUri.Warning warning =
        OtpAuthUri.parse("otpauth://totp/a?secret=" + SECRET.toBase32() + "&&").warnings().stream()
            .filter(w -> w.kind() == OtpAuthUri.Warning.Kind.EMPTY_PARAMETER)
            .findFirst()
            .orElseThrow();
    OtpAuthUri.Warning same =
        new OtpAuthUri.Warning(warning.kind(), warning.index(), warning.count(), warning.message());
    assertEquals(warning, same);
    assertEquals(warning.hashCode(), same.hashCode());
    OtpAuthUri.Warning other =
        new OtpAuthUri.Warning(
            warning.kind(), warning.index() + 1, warning.count(), warning.message());
    assertNotEquals(warning, other);
    assertNotEquals(warning.hashCode(), other.hashCode());
  }

  @Test
  void toString_showsALabelPrefixThatDiffersFromTheIssuer() {
    OtpAuthUri uri =
        OtpAuthUri.parse(
            "otpauth://totp/CompanyName:alice?secret=" + SECRET.toBase32() + "&issuer=Microsoft");
    assertEquals(
        "OtpAuthUri[totp, issuer=\"Microsoft\", label prefix=\"CompanyName\", account=\"alice\","
            + " SHA1, 6 digits, period 30 s, secret 80 bits]",
        uri.toString());
  }

  @Test
  void toUriString_keepsAnAccountThatStartsWithAColonWithoutAnIssuer() {
    OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/:%3Ax?secret=" + SECRET.toBase32());
    assertEquals(":x", uri.account());
    assertEquals(Optional.empty(), uri.issuer());
    String written = uri.toUriString();
    assertEquals("otpauth://totp/:%3Ax?secret=" + SECRET.toBase32(), written);
    assertEquals(":x", OtpAuthUri.parse(written).account());
  }

  @Test
  void toString_describesTheUriWithoutTheSecret() {
    OtpAuthUri uri = acme().parameter("image", "https://example.com/logo.png").build();
    assertEquals(
        "OtpAuthUri[totp, issuer=\"ACME Co\", account=\"alice@example.com\", SHA1, 6 digits,"
            + " period 30 s, secret 80 bits, 1 extra parameter]",
        uri.toString());
    OtpAuthUri hotp = OtpAuthUri.hotp(SECRET, 7).issuer("ACME").account("bob").build();
    assertEquals(
        "OtpAuthUri[hotp, issuer=\"ACME\", account=\"bob\", SHA1, 6 digits, counter 7,"
            + " secret 80 bits]",
        hotp.toString());
    assertFalse(uri.toString().contains(SECRET.toBase32()));
  }

  @Test
  void build_requiresIssuerAndAccount() {
    assertMessage(
        IllegalStateException.class,
        "issuer must be set",
        () -> OtpAuthUri.totp(SECRET).account("a").build());
    assertMessage(
        IllegalStateException.class,
        "account must be set",
        () -> OtpAuthUri.totp(SECRET).issuer("I").build());
  }

  @Test
  void build_refusesEmptyNames() {
    assertIllegal("account must not be empty", () -> acme().account("").build());
    assertIllegal("issuer must not be empty", () -> acme().issuer("").build());
  }

  @Test
  void build_refusesColonInIssuerOrAccount() {
    assertIllegal(
        "issuer must not contain ':', which separates issuer and account in the label:"
            + " \"ACME:Corp\" has one at index 4",
        () -> acme().issuer("ACME:Corp").build());
    assertIllegal(
        "account must not contain ':', which separates issuer and account in the label:"
            + " \"alice:work\" has one at index 5",
        () -> acme().account("alice:work").build());
    assertIllegal(
        "issuer must not contain ':', which separates issuer and account in the label:"
            + " \":ACME\" has one at index 0",
        () -> acme().issuer(":ACME").build());
  }

  @Test
  void build_refusesControlCharacters() {
    assertIllegal(
        "account must not contain control characters: U+000A at index 5",
        () -> acme().account("alice\nbob").build());
    assertIllegal(
        "issuer must not contain control characters: U+0000 at index 0",
        () -> acme().issuer("\0ACME").build());
    assertIllegal(
        "issuer must not contain control characters: U+0085 at index 1",
        () -> acme().issuer("A\u0085B").build());
    assertIllegal(
        "account must not contain control characters: U+007F at index 1",
        () -> acme().account("a\u007f").build());
  }

  @Test
  void build_refusesUnpairedSurrogates() {
    assertIllegal(
        "account must not contain unpaired surrogates: U+D83D at index 1",
        () -> acme().account("a\ud83d").build());
    assertIllegal(
        "issuer must not contain unpaired surrogates: U+DE00 at index 0",
        () -> acme().issuer("\ude00x").build());
  }

  @Test
  void build_refusesWhitespaceAtEitherEnd() {
    assertIllegal(
        "account must not start or end with whitespace: \" alice\"",
        () -> acme().account(" alice").build());
    assertIllegal(
        "issuer must not start or end with whitespace: \"ACME\u00a0\"",
        () -> acme().issuer("ACME\u00a0").build());
    assertIllegal(
        "issuer must not start or end with whitespace: \"ACME\u3000\"",
        () -> acme().issuer("ACME\u3000").build());
  }

  @Test
  void build_refusesDigitsOutsideSixToTen() {
    assertIllegal("digits must be between 6 and 10: 5", () -> acme().digits(5).build());
    assertIllegal("digits must be between 6 and 10: 11", () -> acme().digits(11).build());
  }

  @Test
  void build_refusesPeriodsOutsideOneSecondToOneDayOrWithFractions() {
    assertIllegal(
        "period must be a whole number of seconds from 1 to 86400: PT0S",
        () -> acme().period(Duration.ZERO).build());
    assertIllegal(
        "period must be a whole number of seconds from 1 to 86400: PT24H0.001S",
        () -> acme().period(Duration.ofMillis(86_400_001)).build());
    assertIllegal(
        "period must be a whole number of seconds from 1 to 86400: PT24H1S",
        () -> acme().period(Duration.ofSeconds(86_401)).build());
    assertIllegal(
        "period must be a whole number of seconds from 1 to 86400: PT-30S",
        () -> acme().period(Duration.ofSeconds(-30)).build());
    assertIllegal(
        "period must be a whole number of seconds from 1 to 86400: PT1.5S",
        () -> acme().period(Duration.ofMillis(1500)).build());
    assertEquals(Duration.ofSeconds(1), acme().period(Duration.ofSeconds(1)).build().period());
    assertEquals(86_400, acme().period(Duration.ofDays(1)).build().period().toSeconds());
  }

  @Test
  void build_refusesPeriodForHotp() {
    assertMessage(
        IllegalStateException.class,
        "period is only for totp URIs: PT30S",
        () ->
            OtpAuthUri.hotp(SECRET, 0)
                .issuer("I")
                .account("a")
                .period(Duration.ofSeconds(30))
                .build());
  }

  @Test
  void build_refusesNegativeCounter() {
    assertIllegal(
        "counter must not be negative: -1",
        () -> OtpAuthUri.hotp(SECRET, -1).issuer("I").account("a").build());
  }

  @Test
  void build_refusesExtraParametersThatClashOrCannotBeWritten() {
    assertIllegal(
        "parameter name must not be one of secret, issuer, algorithm, digits, period, counter"
            + " (use the builder's own method): \"Digits\"",
        () -> acme().parameter("Digits", "8").build());
    assertIllegal(
        "parameter name must not be one of secret, issuer, algorithm, digits, period, counter"
            + " (use the builder's own method): \"secret\"",
        () -> acme().parameter("secret", "AAAA").build());
    assertIllegal("parameter name must not be empty", () -> acme().parameter("", "x").build());
    assertIllegal(
        "parameter name must not contain control characters: U+0009 at index 1",
        () -> acme().parameter("a\tb", "x").build());
    assertIllegal(
        "parameter \"image\" must not contain control characters: U+000D at index 3",
        () -> acme().parameter("image", "abc\r").build());
  }

  @Test
  void builder_refusesNullsAtOnce() {
    assertThrows(NullPointerException.class, () -> OtpAuthUri.totp(null));
    assertThrows(NullPointerException.class, () -> OtpAuthUri.hotp(null, 0));
    assertThrows(NullPointerException.class, () -> acme().issuer(null));
    assertThrows(NullPointerException.class, () -> acme().account(null));
    assertThrows(NullPointerException.class, () -> acme().algorithm(null));
    assertThrows(NullPointerException.class, () -> acme().period(null));
    assertThrows(NullPointerException.class, () -> acme().parameter(null, "x"));
    assertThrows(NullPointerException.class, () -> acme().parameter("x", null));
  }

  private static void assertIllegal(String message, Executable executable) {
    assertMessage(IllegalArgumentException.class, message, executable);
  }

  private static void assertMessage(
      Class<? extends RuntimeException> type, String message, Executable executable) {
    RuntimeException e = assertThrows(type, executable);
    assertEquals(message, e.getMessage());
  }
}
