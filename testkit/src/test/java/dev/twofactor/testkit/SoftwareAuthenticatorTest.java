package dev.twofactor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.testkit.RfcVectors.HotpVector;
import dev.twofactor.testkit.RfcVectors.TotpVector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class SoftwareAuthenticatorTest {
  private static final String SECRET = "JBSWY3DPEHPK3PXP";

  /** 2009-02-13T23:31:30Z, where {@link #SECRET} shows 742275 (RfcVectors.TOTP_EXTRA). */
  private static final Instant T1234567890 = Instant.ofEpochSecond(1234567890);

  // ---------------------------------------------------------------- the Javadoc example

  @Test
  void classJavadocExample_showsTheDocumentedCode() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co");
    FakeClock clock = FakeClock.at(Instant.parse("2009-02-13T23:31:30Z"));
    String code = phone.code(clock);
    assertEquals("742275", code);
  }

  // ---------------------------------------------------------------- RFC vectors

  static Stream<HotpVector> hotpVectors() {
    return Stream.of(RfcVectors.HOTP, RfcVectors.HOTP_DIGITS, RfcVectors.HOTP_EXTRA)
        .flatMap(List::stream);
  }

  @ParameterizedTest
  @MethodSource("hotpVectors")
  void nextCode_producesEveryHotpVector(HotpVector v) {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://hotp/test?secret="
                + v.secretBase32()
                + "&counter="
                + v.counter()
                + "&digits="
                + v.digits());
    assertEquals(v.counter(), phone.counter());
    assertEquals(v.code(), phone.nextCode());
    assertEquals(v.counter() + 1, phone.counter());
  }

  @ParameterizedTest
  @MethodSource("hotpVectors")
  void codeAtCounter_producesEveryHotpVectorWithoutMovingTheCounter(HotpVector v) {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://hotp/test?secret=" + v.secretBase32() + "&counter=7&digits=" + v.digits());
    assertEquals(v.code(), phone.codeAtCounter(v.counter()));
    assertEquals(7, phone.counter());
  }

  @Test
  void nextCode_walksThroughRfc4226AppendixD() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://hotp/test?secret=" + RfcVectors.HOTP.get(0).secretBase32() + "&counter=0");
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < RfcVectors.HOTP.size(); i++) {
      codes.add(phone.nextCode());
    }
    assertEquals(RfcVectors.HOTP.stream().map(HotpVector::code).toList(), codes);
  }

  static Stream<TotpVector> totpVectors() {
    return Stream.of(RfcVectors.TOTP, RfcVectors.TOTP_EXTRA).flatMap(List::stream);
  }

  /** The secret as written in the vector, percent-encoded: TOTP_EXTRA's spaces become %20. */
  private static String totpUri(TotpVector v) {
    return "otpauth://totp/test?secret="
        + encode(v.secretBase32())
        + "&algorithm="
        + v.algorithm()
        + "&digits="
        + v.digits()
        + "&period="
        + TotpVector.PERIOD_SECONDS;
  }

  @ParameterizedTest
  @MethodSource("totpVectors")
  void codeAt_producesEveryTotpVectorWithItsOwnSeed(TotpVector v) {
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(totpUri(v));
    assertEquals(v.algorithm(), phone.algorithm());
    assertEquals(v.code(), phone.codeAt(v.instant()));
    assertEquals(v.code(), phone.code(FakeClock.at(v.instant())));
  }

  @Test
  void codeAt_readsTheLowerCaseSpacedSecretOfTotpExtraAsWritten() {
    TotpVector v = RfcVectors.TOTP_EXTRA.get(2);
    assertEquals("wrn3 pqx5 uqxq vnqr", v.secretBase32());
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan("otpauth://totp/test?secret=wrn3%20pqx5%20uqxq%20vnqr");
    assertEquals("102705", phone.codeAt(v.instant()));
  }

  @ParameterizedTest
  @MethodSource("wrongSeedVectors")
  void codeAt_neverProducesTheCodesOfTheWrongSeed(TotpVector v) {
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(totpUri(v));
    assertNotEquals(v.code(), phone.codeAt(v.instant()));
  }

  static Stream<TotpVector> wrongSeedVectors() {
    return RfcVectors.TOTP_WRONG_SEED.stream();
  }

  @Test
  void codeAt_usesTheWholeStepAndThePeriod() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan("otpauth://totp/test?secret=" + SECRET + "&period=60");
    SoftwareAuthenticator thirty =
        SoftwareAuthenticator.scan("otpauth://totp/test?secret=" + SECRET);
    // 1234567890 / 60 = 20576131, the step of second 617283930 with 30-second steps.
    assertEquals(thirty.codeAt(Instant.ofEpochSecond(617283930)), phone.codeAt(T1234567890));
    assertEquals(phone.codeAt(Instant.ofEpochSecond(1234567860)), phone.codeAt(T1234567890));
    assertEquals(
        phone.codeAt(Instant.ofEpochSecond(1234567860)),
        phone.codeAt(Instant.ofEpochSecond(1234567919, 999_999_999)));
  }

  @Test
  void codeAt_worksAtTheUnixEpochAndFarBeyond2106() {
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan("otpauth://totp/t?secret=" + SECRET);
    assertEquals(6, phone.codeAt(Instant.EPOCH).length());
    assertEquals(6, phone.codeAt(Instant.MAX).length());
  }

  @Test
  void codeAt_rejectsAnInstantBeforeTheEpoch() {
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan("otpauth://totp/t?secret=" + SECRET);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> phone.codeAt(Instant.ofEpochSecond(-1)));
    assertEquals("instant must not be before the Unix epoch: 1969-12-31T23:59:59Z", e.getMessage());
  }

  @Test
  void codeAt_rejectsNull() {
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan("otpauth://totp/t?secret=" + SECRET);
    assertEquals(
        "instant", assertThrows(NullPointerException.class, () -> phone.codeAt(null)).getMessage());
    assertEquals(
        "clock", assertThrows(NullPointerException.class, () -> phone.code(null)).getMessage());
  }

  // ---------------------------------------------------------------- URIs seen in the wild

  @Test
  void scan_bigCorporationWithEscapedColonAndSpace() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://totp/Big%20Corporation%3A%20alice%40bigco.com?secret=JBSWY3DPEHPK3PXP");
    assertEquals(Optional.of("Big Corporation"), phone.issuer());
    assertEquals("alice@bigco.com", phone.account());
    assertEquals("742275", phone.codeAt(T1234567890));
  }

  @Test
  void scan_acmeWithEscapedColonAndIssuerParameter() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://totp/ACME%20Co%3Aalice%40example.com?secret="
                + SECRET
                + "&issuer=ACME%20Co");
    assertEquals(Optional.of("ACME Co"), phone.issuer());
    assertEquals("alice@example.com", phone.account());
  }

  @Test
  void scan_readsPlusAsAPlusSignInLabelAndIssuer() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://totp/ACME+Co:alice?secret=" + SECRET + "&issuer=ACME+Co");
    assertEquals(Optional.of("ACME+Co"), phone.issuer());
    assertEquals("alice", phone.account());

    SoftwareAuthenticator noParameter =
        SoftwareAuthenticator.scan("otpauth://totp/ACME+Co:alice+bob?secret=" + SECRET);
    assertEquals(Optional.of("ACME+Co"), noParameter.issuer());
    assertEquals("alice+bob", noParameter.account());
  }

  @Test
  void scan_issuerParameterWinsOverADisagreeingPrefix() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://totp/CompanyName%3Auser%40x.onmicrosoft.com?secret="
                + SECRET
                + "&issuer=Microsoft");
    assertEquals(Optional.of("Microsoft"), phone.issuer());
    assertEquals("user@x.onmicrosoft.com", phone.account());
  }

  @Test
  void scan_readsALowerCaseAlgorithm() {
    TotpVector v = RfcVectors.TOTP.get(1);
    assertEquals("SHA256", v.algorithm());
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://totp/t?secret=" + v.secretBase32() + "&algorithm=sha256&digits=8");
    assertEquals("SHA256", phone.algorithm());
    assertEquals(v.code(), phone.codeAt(v.instant()));
    assertEquals(
        "SHA512",
        SoftwareAuthenticator.scan("otpauth://totp/t?secret=" + SECRET + "&algorithm=Sha512")
            .algorithm());
  }

  @Test
  void scan_refusesADashedAlgorithmName() {
    assertRefused(
        "otpauth://totp/t?secret=" + SECRET + "&algorithm=SHA-1",
        "algorithm must be SHA1, SHA256 or SHA512 (in any case): \"SHA-1\"");
  }

  @Test
  void scan_readsAPaddedSecretWithAnEscapedEqualsSign() {
    // 19 bytes: 31 Base32 characters and one '='; code computed with Python's hmac module.
    String padded = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PY";
    SoftwareAuthenticator escaped =
        SoftwareAuthenticator.scan("otpauth://totp/t?secret=" + padded + "%3D");
    assertEquals("613129", escaped.codeAt(T1234567890));
    assertEquals(
        "613129",
        SoftwareAuthenticator.scan("otpauth://totp/t?secret=" + padded + "=").codeAt(T1234567890));
    assertEquals(
        "613129",
        SoftwareAuthenticator.scan("otpauth://totp/t?secret=" + padded).codeAt(T1234567890));
    assertEquals(
        "SoftwareAuthenticator[totp, account=\"t\", SHA1, 6 digits, 30 s, 152-bit secret]",
        escaped.toString());
  }

  @Test
  void scan_refusesHotpWithoutCounter() {
    assertRefused("otpauth://hotp/x?secret=" + SECRET, "counter is missing (required for hotp)");
  }

  @Test
  void scan_ignoresFreeOtpImageParameter() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://totp/ACME:alice?secret="
                + SECRET
                + "&image=https%3A%2F%2Fexample.com%2Flogo.png&issuer=ACME");
    assertEquals(Optional.of("ACME"), phone.issuer());
    assertEquals("742275", phone.codeAt(T1234567890));
  }

  // ---------------------------------------------------------------- other readings

  @Test
  void scan_readsSchemeAndTypeInAnyCase() {
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan("OTPAUTH://TOTP/t?secret=" + SECRET);
    assertEquals("totp", phone.type());
    SoftwareAuthenticator hotp =
        SoftwareAuthenticator.scan("OtpAuth://HoTp/t?secret=" + SECRET + "&counter=1");
    assertEquals("hotp", hotp.type());
  }

  @Test
  void scan_readsTheDocumentedDefaults() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan("otpauth://totp/alice?secret=" + SECRET);
    assertEquals("totp", phone.type());
    assertEquals(Optional.empty(), phone.issuer());
    assertEquals("alice", phone.account());
    assertEquals("SHA1", phone.algorithm());
    assertEquals(6, phone.digits());
    assertEquals(Duration.ofSeconds(30), phone.period());
  }

  @Test
  void scan_readsEverySetting() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://totp/A:b?secret=" + SECRET + "&algorithm=SHA512&digits=10&period=90");
    assertEquals("SHA512", phone.algorithm());
    assertEquals(10, phone.digits());
    assertEquals(Duration.ofSeconds(90), phone.period());
    SoftwareAuthenticator hotp =
        SoftwareAuthenticator.scan(
            "otpauth://hotp/A:b?counter=9223372036854775807&secret=" + SECRET + "&digits=8");
    assertEquals(Long.MAX_VALUE, hotp.counter());
    assertEquals(8, hotp.digits());
  }

  @Test
  void scan_decodesUtf8InLabelAndIssuer() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://totp/M%C3%BCller%20GmbH%3a%20%20j%C3%BCrgen%F0%9F%94%91?secret="
                + SECRET
                + "&issuer=M%C3%BCller%20%26%20S%C3%B6hne");
    assertEquals(Optional.of("Müller & Söhne"), phone.issuer());
    assertEquals("jürgen\uD83D\uDD11", phone.account());
  }

  @Test
  void scan_takesRawNonAsciiCharactersAsTheyAre() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan("otpauth://totp/Müller:jürgen?secret=" + SECRET);
    assertEquals(Optional.of("Müller"), phone.issuer());
    assertEquals("jürgen", phone.account());
  }

  @Test
  void scan_splitsTheLabelAtTheFirstColonOnly() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan("otpauth://totp/a:b%3Ac/d?secret=" + SECRET);
    assertEquals(Optional.of("a"), phone.issuer());
    assertEquals("b:c/d", phone.account());
  }

  @Test
  void scan_usesThePrefixWhenTheIssuerParameterIsEmpty() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan("otpauth://totp/ACME:alice?issuer=&secret=" + SECRET);
    assertEquals(Optional.of("ACME"), phone.issuer());
    SoftwareAuthenticator none =
        SoftwareAuthenticator.scan("otpauth://totp/:alice?secret=" + SECRET);
    assertEquals(Optional.empty(), none.issuer());
    assertEquals("alice", none.account());
  }

  @Test
  void scan_ignoresTheFragmentAndEmptyParameters() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan("otpauth://totp/t?&&secret=" + SECRET + "&&#&digits=8");
    assertEquals(6, phone.digits());
    assertEquals("742275", phone.codeAt(T1234567890));
  }

  @Test
  void scan_readsGroupedHyphenatedAndLowerCaseSecrets() {
    for (String secret :
        List.of("jbswy3dpehpk3pxp", "JBSW-Y3DP-EHPK-3PXP", "JBSW%20Y3DP%20EHPK%203PXP")) {
      assertEquals(
          "742275",
          SoftwareAuthenticator.scan("otpauth://totp/t?secret=" + secret).codeAt(T1234567890));
    }
  }

  @Test
  void scan_refusesAPlusInTheSecretBecauseItIsNotASpace() {
    assertRefused(
        "otpauth://totp/t?secret=JBSW+Y3DP+EHPK+3PXP",
        "secret: invalid Base32 character '+' at index 4");
  }

  @Test
  void scan_ignoresSettingsThatDoNotApplyToTheType() {
    SoftwareAuthenticator totp =
        SoftwareAuthenticator.scan("otpauth://totp/t?secret=" + SECRET + "&counter=x&counter=y");
    assertEquals(Duration.ofSeconds(30), totp.period());
    SoftwareAuthenticator hotp =
        SoftwareAuthenticator.scan("otpauth://hotp/t?secret=" + SECRET + "&counter=3&period=x");
    assertEquals(3, hotp.counter());
  }

  // ---------------------------------------------------------------- refusals

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("https://totp/t?secret=" + SECRET, "uri must start with otpauth://"),
        Arguments.of("otpauth:/totp/t?secret=" + SECRET, "uri must start with otpauth://"),
        Arguments.of("otp", "uri must start with otpauth://"),
        Arguments.of("", "uri must start with otpauth://"),
        Arguments.of("otpauth://motp/t?secret=" + SECRET, "type must be totp or hotp: \"motp\""),
        Arguments.of("otpauth:///t?secret=" + SECRET, "type must be totp or hotp: \"\""),
        Arguments.of(
            "otpauth://totp?secret=" + SECRET, "label is missing: expected otpauth://totp/<label>"),
        Arguments.of("otpauth://totp", "label is missing: expected otpauth://totp/<label>"),
        Arguments.of("otpauth://totp/?secret=" + SECRET, "account is empty"),
        Arguments.of("otpauth://totp/ACME:?secret=" + SECRET, "account is empty"),
        Arguments.of("otpauth://totp/ACME%3A%20?secret=" + SECRET, "account is empty"),
        Arguments.of("otpauth://totp/alice", "secret is missing"),
        Arguments.of("otpauth://totp/alice?issuer=ACME", "secret is missing"),
        Arguments.of("otpauth://totp/alice?SECRET=" + SECRET, "secret is missing"),
        Arguments.of("otpauth://totp/alice?secret=", "secret is empty"),
        Arguments.of("otpauth://totp/alice?secret", "secret is empty"),
        Arguments.of("otpauth://totp/alice?secret=%20-=", "secret has no Base32 characters"),
        Arguments.of(
            "otpauth://totp/alice?secret=JBSWY3DPEHPK3PX1",
            "secret: invalid Base32 character '1' at index 15"),
        Arguments.of(
            "otpauth://totp/alice?secret=JBSWY3DPEHPK3PX%D9%A1",
            "secret: invalid Base32 character U+0661 at index 15"),
        Arguments.of(
            "otpauth://totp/alice?secret=JBSWY3DP=EHPK3PXP",
            "secret: Base32 data at index 9 after padding at index 8"),
        Arguments.of(
            "otpauth://totp/alice?secret=JBSWY3DPE",
            "secret: 9 Base32 characters cannot encode whole bytes"),
        Arguments.of(
            "otpauth://totp/alice?secret=" + SECRET + "&secret=" + SECRET,
            "parameter secret appears more than once"),
        Arguments.of(
            "otpauth://totp/alice?secret=" + SECRET + "&issuer=a&issuer=a",
            "parameter issuer appears more than once"),
        Arguments.of(
            "otpauth://totp/alice?secret=" + SECRET + "&algorithm=MD5",
            "algorithm must be SHA1, SHA256 or SHA512 (in any case): \"MD5\""),
        Arguments.of(
            "otpauth://totp/alice?secret=" + SECRET + "&algorithm=",
            "algorithm must be SHA1, SHA256 or SHA512 (in any case): \"\""),
        Arguments.of(
            "otpauth://totp/alice?secret=" + SECRET + "&digits=5",
            "digits must be between 6 and 10: \"5\""),
        Arguments.of(
            "otpauth://totp/alice?secret=" + SECRET + "&digits=11",
            "digits must be between 6 and 10: \"11\""),
        Arguments.of(
            "otpauth://totp/alice?secret=" + SECRET + "&digits=+8",
            "digits must be between 6 and 10: \"+8\""),
        Arguments.of(
            "otpauth://totp/alice?secret=" + SECRET + "&digits=%D9%A8",
            "digits must be between 6 and 10: \"\u0668\""),
        Arguments.of(
            "otpauth://totp/alice?secret=" + SECRET + "&period=0",
            "period must be a positive whole number of seconds: \"0\""),
        Arguments.of(
            "otpauth://totp/alice?secret=" + SECRET + "&period=30s",
            "period must be a positive whole number of seconds: \"30s\""),
        Arguments.of(
            "otpauth://hotp/alice?secret=" + SECRET + "&counter=-1",
            "counter must be a whole number from 0 to 9223372036854775807: \"-1\""),
        Arguments.of(
            "otpauth://hotp/alice?secret=" + SECRET + "&counter=9223372036854775808",
            "counter must be a whole number from 0 to 9223372036854775807: "
                + "\"9223372036854775808\""),
        Arguments.of(
            "otpauth://hotp/alice?secret=" + SECRET + "&counter=",
            "counter must be a whole number from 0 to 9223372036854775807: \"\""),
        Arguments.of(
            "otpauth://totp/a%2?secret=" + SECRET, "label: broken percent escape at index 16"),
        Arguments.of(
            "otpauth://totp/a%?secret=" + SECRET, "label: broken percent escape at index 16"),
        Arguments.of(
            "otpauth://totp/a%G0?secret=" + SECRET, "label: broken percent escape at index 16"),
        Arguments.of(
            "otpauth://totp/a%C3?secret=" + SECRET,
            "label: percent escapes at index 16 are not UTF-8"),
        Arguments.of(
            "otpauth://totp/a%C3x%A9?secret=" + SECRET,
            "label: percent escapes at index 16 are not UTF-8"),
        Arguments.of(
            "otpauth://totp/a?secret=JBSWY3DPEHPK3PX%",
            "secret: broken percent escape at index 39"),
        Arguments.of(
            "otpauth://totp/a?secret=JBSWY3DPEHPK3PX%FF",
            "secret: percent escapes at index 39 are not UTF-8"),
        Arguments.of(
            "otpauth://totp/a?secret=" + SECRET + "&issuer=%ZZ",
            "issuer: broken percent escape at index 48"),
        Arguments.of(
            "otpauth://totp/a?secret=" + SECRET + "&im%age=x",
            "parameter name: broken percent escape at index 43"));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void scan_refusesWithAnExactMessageThatNeverShowsTheSecret(String uri, String message) {
    assertRefused(uri, message);
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void scanIgnoringAlgorithmDigitsAndPeriod_refusesAlikeUnlessItIgnoresTheParameter(
      String uri, String message) {
    if (message.startsWith("algorithm")
        || message.startsWith("digits")
        || message.startsWith("period")) {
      assertEquals(
          "SHA1", SoftwareAuthenticator.scanIgnoringAlgorithmDigitsAndPeriod(uri).algorithm());
    } else {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> SoftwareAuthenticator.scanIgnoringAlgorithmDigitsAndPeriod(uri));
      assertEquals(message, e.getMessage());
    }
  }

  @Test
  void scan_refusesNull() {
    assertEquals(
        "uri",
        assertThrows(NullPointerException.class, () -> SoftwareAuthenticator.scan(null))
            .getMessage());
    assertEquals(
        "uri",
        assertThrows(
                NullPointerException.class,
                () -> SoftwareAuthenticator.scanIgnoringAlgorithmDigitsAndPeriod(null))
            .getMessage());
  }

  static Stream<Arguments> keysWithAnInvalidCharacter() {
    return Seeded.cases(
        100,
        random ->
            Arguments.of(
                Seeded.bytes(random, 10, 64),
                Seeded.oneOf(random, INVALID_BASE32),
                Seeded.between(random, 0, 200)));
  }

  @Seeded.Property
  @MethodSource("keysWithAnInvalidCharacter")
  void scan_refusesAnInvalidSecretCharacterWithoutShowingTheSecret(
      byte[] key, String invalid, int position) {
    String secret = Hex.toBase32(HexFormat.of().formatHex(key)).replace("=", "");
    int at = position % (secret.length() + 1);
    String broken = secret.substring(0, at) + invalid + secret.substring(at);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SoftwareAuthenticator.scan("otpauth://totp/t?secret=" + encode(broken)));
    assertTrue(
        e.getMessage().startsWith("secret: invalid Base32 character ")
            && e.getMessage().endsWith(" at index " + at),
        e.getMessage());
    assertFalse(e.getMessage().contains(secret.substring(0, 8)), e.getMessage());
    assertFalse(e.getMessage().contains(secret.substring(secret.length() - 8)), e.getMessage());
  }

  private static final List<String> INVALID_BASE32 =
      List.of("0", "1", "8", "9", "+", "_", "/", ".", "\u00e9", "\u0661", "\uff21");

  private static void assertRefused(String uri, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SoftwareAuthenticator.scan(uri));
    assertEquals(message, e.getMessage());
    assertFalse(e.getMessage().contains("JBSWY3DP"), e.getMessage());
  }

  // ---------------------------------------------------------------- ignoring settings

  @Test
  void scanIgnoringAlgorithmDigitsAndPeriod_showsSha1SixDigitThirtySecondCodes() {
    String uri =
        "otpauth://totp/ACME:alice?secret="
            + SECRET
            + "&issuer=ACME&algorithm=SHA256&digits=8&period=60";
    SoftwareAuthenticator careful = SoftwareAuthenticator.scan(uri);
    SoftwareAuthenticator basic = SoftwareAuthenticator.scanIgnoringAlgorithmDigitsAndPeriod(uri);
    // Both computed with Python's hmac module from the same secret.
    assertEquals("45806924", careful.codeAt(T1234567890));
    assertEquals("742275", basic.codeAt(T1234567890));
    assertEquals("SHA1", basic.algorithm());
    assertEquals(6, basic.digits());
    assertEquals(Duration.ofSeconds(30), basic.period());
    assertEquals(Optional.of("ACME"), basic.issuer());
    assertEquals("alice", basic.account());
    assertEquals(
        "SoftwareAuthenticator[totp, issuer=\"ACME\", account=\"alice\", SHA1, 6 digits, 30 s,"
            + " 80-bit secret]",
        basic.toString());
  }

  @Test
  void scanIgnoringAlgorithmDigitsAndPeriod_doesNotEvenCheckTheIgnoredParameters() {
    SoftwareAuthenticator basic =
        SoftwareAuthenticator.scanIgnoringAlgorithmDigitsAndPeriod(
            "otpauth://totp/t?secret="
                + SECRET
                + "&algorithm=MD5&digits=x&digits=y&period=0&period=%ZZ");
    assertEquals("742275", basic.codeAt(T1234567890));
  }

  @Test
  void scanIgnoringAlgorithmDigitsAndPeriod_readsHotpCountersAsUsual() {
    HotpVector v = RfcVectors.HOTP.get(3);
    SoftwareAuthenticator basic =
        SoftwareAuthenticator.scanIgnoringAlgorithmDigitsAndPeriod(
            "otpauth://hotp/t?secret=" + v.secretBase32() + "&counter=3&digits=8&algorithm=SHA512");
    assertEquals(v.code(), basic.nextCode());
    assertEquals(4, basic.counter());
  }

  // ---------------------------------------------------------------- type-specific methods

  @Test
  void totpAuthenticator_refusesCounterMethods() {
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan("otpauth://totp/t?secret=" + SECRET);
    String message = "a totp authenticator has no counter; use codeAt(Instant) or code(Clock)";
    assertEquals(message, assertThrows(IllegalStateException.class, phone::nextCode).getMessage());
    assertEquals(message, assertThrows(IllegalStateException.class, phone::counter).getMessage());
    assertEquals(
        message,
        assertThrows(IllegalStateException.class, () -> phone.codeAtCounter(0)).getMessage());
  }

  @Test
  void hotpAuthenticator_refusesTimeMethods() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan("otpauth://hotp/t?secret=" + SECRET + "&counter=0");
    String message = "a hotp authenticator has no time-based code; use nextCode()";
    assertEquals(
        message,
        assertThrows(IllegalStateException.class, () -> phone.codeAt(Instant.EPOCH)).getMessage());
    assertEquals(
        message,
        assertThrows(IllegalStateException.class, () -> phone.code(FakeClock.at(Instant.EPOCH)))
            .getMessage());
    assertEquals(
        "a hotp authenticator has no period",
        assertThrows(IllegalStateException.class, phone::period).getMessage());
  }

  @Test
  void codeAtCounter_rejectsANegativeCounter() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan("otpauth://hotp/t?secret=" + SECRET + "&counter=0");
    assertEquals(
        "counter must not be negative: -1",
        assertThrows(IllegalArgumentException.class, () -> phone.codeAtCounter(-1)).getMessage());
  }

  @Test
  void nextCode_usesTheLastCounterOnceAndThenRefuses() {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://hotp/t?secret=" + SECRET + "&counter=" + (Long.MAX_VALUE - 1));
    assertEquals(phone.codeAtCounter(Long.MAX_VALUE - 1), phone.nextCode());
    assertEquals(Long.MAX_VALUE, phone.counter());
    assertEquals(phone.codeAtCounter(Long.MAX_VALUE), phone.nextCode());
    String message = "counter is exhausted: 9223372036854775807 was used";
    assertEquals(message, assertThrows(IllegalStateException.class, phone::nextCode).getMessage());
    assertEquals(message, assertThrows(IllegalStateException.class, phone::counter).getMessage());
    assertEquals(
        "SoftwareAuthenticator[hotp, account=\"t\", SHA1, 6 digits, counter exhausted,"
            + " 80-bit secret]",
        phone.toString());
  }

  @Test
  void nextCode_racingThreadsUseEveryCounterExactlyOnce() throws Exception {
    int threads = 8;
    int perThread = 250;
    int total = threads * perThread;
    long start = 1_000_000;
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://hotp/t?secret=" + SECRET + "&digits=10&counter=" + start);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  List<String> codes = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    codes.add(phone.nextCode());
                  }
                  return codes;
                }));
      }
      ready.await();
      go.countDown();
      List<String> returned = new ArrayList<>();
      for (Future<List<String>> result : results) {
        returned.addAll(result.get(1, TimeUnit.MINUTES));
      }
      // Each counter's code once: what is left after removing the codes returned must be nothing.
      Map<String, Integer> unaccounted = new HashMap<>();
      for (long c = start; c < start + total; c++) {
        unaccounted.merge(phone.codeAtCounter(c), 1, Integer::sum);
      }
      for (String code : returned) {
        unaccounted.merge(code, -1, Integer::sum);
      }
      unaccounted.values().removeIf(count -> count == 0);
      assertEquals(Map.of(), unaccounted, "code -> times expected minus times returned");
      assertEquals(total, returned.size());
      assertEquals(start + total, phone.counter());
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- toString and secrecy

  @Test
  void toString_describesWhatWasReadWithoutTheSecret() {
    SoftwareAuthenticator totp =
        SoftwareAuthenticator.scan(
            "otpauth://totp/ACME%20Co:alice%40example.com?secret="
                + SECRET
                + "&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60");
    assertEquals(
        "SoftwareAuthenticator[totp, issuer=\"ACME Co\", account=\"alice@example.com\", SHA256,"
            + " 8 digits, 60 s, 80-bit secret]",
        totp.toString());
    SoftwareAuthenticator hotp =
        SoftwareAuthenticator.scan("otpauth://hotp/bob?secret=" + SECRET + "&counter=41");
    hotp.nextCode();
    assertEquals(
        "SoftwareAuthenticator[hotp, account=\"bob\", SHA1, 6 digits, counter 42, 80-bit secret]",
        hotp.toString());
  }

  static Stream<Arguments> keysOf10To64Bytes() {
    return Seeded.cases(50, random -> Arguments.of(Seeded.bytes(random, 10, 64)));
  }

  @Seeded.Property
  @MethodSource("keysOf10To64Bytes")
  void toString_neverContainsTheSecret(byte[] key) {
    String secret = Hex.toBase32(HexFormat.of().formatHex(key));
    String unpadded = secret.replace("=", "");
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://totp/a:b?secret=" + unpadded.toLowerCase(Locale.ROOT));
    String text = phone.toString();
    assertFalse(text.contains(unpadded), text);
    assertFalse(text.toUpperCase(Locale.ROOT).contains(unpadded), text);
  }

  // ---------------------------------------------------------------- properties

  static Stream<Arguments> totpSettingsAndTimes() {
    return Seeded.cases(
        200,
        random ->
            Arguments.of(
                Seeded.bytes(random, 1, 80),
                Seeded.oneOf(random, ALGORITHMS),
                Seeded.between(random, 6, 10),
                Seeded.between(random, 1, 600),
                Seeded.between(random, 0L, 31556889864403199L)));
  }

  @Seeded.Property
  @MethodSource("totpSettingsAndTimes")
  void codeAt_isAlwaysExactlyDigitsAsciiDigits(
      byte[] key, String algorithm, int digits, int period, long unixTime) {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://totp/t?secret="
                + Hex.toBase32(HexFormat.of().formatHex(key))
                + "&algorithm="
                + algorithm
                + "&digits="
                + digits
                + "&period="
                + period);
    assertAsciiDigits(digits, phone.codeAt(Instant.ofEpochSecond(unixTime)));
  }

  static Stream<Arguments> hotpSettingsAndCounters() {
    return Seeded.cases(
        200,
        random ->
            Arguments.of(
                Seeded.bytes(random, 1, 80),
                Seeded.oneOf(random, ALGORITHMS),
                Seeded.between(random, 6, 10),
                Seeded.between(random, 0L, Long.MAX_VALUE)));
  }

  @Seeded.Property
  @MethodSource("hotpSettingsAndCounters")
  void codeAtCounter_isAlwaysExactlyDigitsAsciiDigits(
      byte[] key, String algorithm, int digits, long counter) {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://hotp/t?secret="
                + Hex.toBase32(HexFormat.of().formatHex(key))
                + "&algorithm="
                + algorithm
                + "&digits="
                + digits
                + "&counter="
                + counter);
    assertAsciiDigits(digits, phone.codeAtCounter(counter));
    assertAsciiDigits(digits, phone.nextCode());
  }

  private static final List<String> ALGORITHMS =
      List.of("SHA1", "SHA256", "SHA512", "sha1", "sha256", "sha512");

  private static void assertAsciiDigits(int digits, String code) {
    assertEquals(digits, code.length(), code);
    assertTrue(code.chars().allMatch(c -> c >= '0' && c <= '9'), code);
  }

  static Stream<Arguments> issuersAndAccounts() {
    return Seeded.cases(100, random -> Arguments.of(labelText(random), labelText(random)));
  }

  @Seeded.Property
  @MethodSource("issuersAndAccounts")
  void scan_readsBackWhatATestEncodes(String issuer, String account) {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(
            "otpauth://totp/"
                + encode(issuer)
                + ":"
                + encode(account)
                + "?secret="
                + SECRET
                + "&issuer="
                + encode(issuer));
    assertEquals(Optional.of(issuer), phone.issuer());
    assertEquals(account, phone.account());
  }

  /** Text without a colon that does not start with a space: spaces after the colon are dropped. */
  private static String labelText(SplittableRandom random) {
    StringBuilder text = new StringBuilder();
    if (random.nextBoolean()) {
      text.append(ALPHA.charAt(random.nextInt(ALPHA.length())));
    } else {
      text.append(Seeded.oneOf(random, List.of("\uD83D\uDD11", "\uD83D\uDE00")));
    }
    for (int n = Seeded.between(random, 0, 40); n > 0; n--) {
      switch (random.nextInt(4)) {
        case 0 -> text.append(ALPHA.charAt(random.nextInt(ALPHA.length())));
        case 1 -> text.append(Seeded.oneOf(random, SPECIAL));
        case 2 -> text.append((char) Seeded.between(random, 0x100, 0xD7FF));
        default -> text.append((char) Seeded.between(random, 0xE000, 0xFFFD));
      }
    }
    return text.toString();
  }

  private static final String ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private static final List<Character> SPECIAL =
      List.of(' ', '@', '&', '=', '%', '#', '?', '+', '/', 'é');

  /** RFC 3986 percent-encoding of UTF-8: every byte outside the unreserved set is escaped. */
  private static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    return out.toString();
  }
}
