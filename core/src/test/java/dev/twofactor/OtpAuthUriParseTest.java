package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twofactor.InvalidOtpAuthUriException.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link OtpAuthUri#parse(String)}: the URIs seen in the wild, every tolerance, every refusal. */
final class OtpAuthUriParseTest {
  /** 160 bits, so that no test but the weak-secret ones gets a weak-secret warning. */
  private static final String KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

  private static final Secret SECRET = Secret.fromBase32(KEY);
  private static final String WEAK_KEY = "JBSWY3DPEHPK3PXP";
  private static final String WEAK_WARNING =
      "secret: 80 bits, under the 128 bits that RFC 4226 requires; FreeOTP refuses such a secret";

  // ---------------------------------------------------------------------------------------------
  // URIs seen in the wild, each with its documented reading.

  @Test
  void parse_bigCorporationWithEncodedColonAndSpaceAndNoIssuerParameter() {
    OtpAuthUri uri =
        OtpAuthUri.parse(
            "otpauth://totp/Big%20Corporation%3A%20alice%40bigco.com?secret=JBSWY3DPEHPK3PXP");
    assertEquals(OtpAuthUri.Type.TOTP, uri.type());
    assertEquals(Optional.of("Big Corporation"), uri.issuer());
    assertEquals(Optional.of("Big Corporation"), uri.labelPrefix());
    assertEquals("alice@bigco.com", uri.account());
    assertEquals(Secret.fromBase32(WEAK_KEY), uri.secret());
    assertEquals(Algorithm.SHA1, uri.algorithm());
    assertEquals(6, uri.digits());
    assertEquals(Duration.ofSeconds(30), uri.period());
    assertEquals(
        List.of(
            WEAK_WARNING,
            "issuer: no issuer parameter; the label prefix \"Big Corporation\" is used"),
        messages(uri));
  }

  @Test
  void parse_acmeCoWithEncodedColonAndMatchingIssuerParameter() {
    OtpAuthUri uri =
        OtpAuthUri.parse(
            "otpauth://totp/ACME%20Co%3Aalice%40example.com?secret=" + KEY + "&issuer=ACME%20Co");
    assertEquals(Optional.of("ACME Co"), uri.issuer());
    assertEquals(Optional.of("ACME Co"), uri.labelPrefix());
    assertEquals("alice@example.com", uri.account());
    assertEquals(List.of(), messages(uri));
    assertEquals(
        OtpAuthUri.totp(SECRET).issuer("ACME Co").account("alice@example.com").build(), uri);
  }

  @Test
  void parse_plusInLabelIsAPlusAndInIssuerParameterASpace() {
    String text = "otpauth://totp/ACME+Co:alice?secret=" + KEY + "&issuer=ACME+Co";
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(Optional.of("ACME Co"), uri.issuer());
    assertEquals(Optional.of("ACME+Co"), uri.labelPrefix());
    assertEquals("alice", uri.account());
    int labelPlus = text.indexOf('+');
    int issuerPlus = text.lastIndexOf('+');
    assertEquals(
        List.of(
            "label: '+' at index "
                + labelPlus
                + " kept as a plus sign, as RFC 3986 reads it; a"
                + " writer that meant a space should have written %20",
            "issuer: '+' at index "
                + issuerPlus
                + " read as a space (form encoding); RFC 3986"
                + " writers use %20",
            "issuer: the label prefix \"ACME+Co\" differs from the issuer parameter \"ACME Co\";"
                + " the parameter wins"),
        messages(uri));
    assertEquals(
        "otpauth://totp/ACME%20Co:alice?secret=" + KEY + "&issuer=ACME%20Co", uri.toUriString());
  }

  @Test
  void parse_microsoftIssuerParameterWinsOverDifferentLabelPrefix() {
    OtpAuthUri uri =
        OtpAuthUri.parse(
            "otpauth://totp/CompanyName%3Auser%40x.onmicrosoft.com?secret="
                + KEY
                + "&issuer=Microsoft");
    assertEquals(Optional.of("Microsoft"), uri.issuer());
    assertEquals(Optional.of("CompanyName"), uri.labelPrefix());
    assertEquals("user@x.onmicrosoft.com", uri.account());
    assertEquals(
        List.of(
            "issuer: the label prefix \"CompanyName\" differs from the issuer parameter"
                + " \"Microsoft\"; the parameter wins"),
        messages(uri));
    assertEquals(
        "otpauth://totp/Microsoft:user%40x.onmicrosoft.com?secret=" + KEY + "&issuer=Microsoft",
        uri.toUriString());
  }

  @Test
  void parse_lowerCaseAlgorithmName() {
    String text = "otpauth://totp/ACME:alice?secret=" + KEY + "&issuer=ACME&algorithm=sha256";
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(Algorithm.SHA256, uri.algorithm());
    assertEquals(
        List.of(
            "algorithm: \"sha256\" at index "
                + text.indexOf("sha256")
                + " read as SHA256;"
                + " Google Authenticator honours only the upper-case name"),
        messages(uri));
  }

  @Test
  void parse_dashedAlgorithmName() {
    String text = "otpauth://totp/ACME:alice?secret=" + KEY + "&issuer=ACME&algorithm=SHA-1";
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(Algorithm.SHA1, uri.algorithm());
    assertEquals(
        List.of(
            "algorithm: \"SHA-1\" at index "
                + text.indexOf("SHA-1")
                + " read as SHA1;"
                + " Google Authenticator honours only the upper-case name"),
        messages(uri));
    assertEquals(
        Algorithm.SHA512,
        OtpAuthUri.parse("otpauth://totp/A:b?secret=" + KEY + "&algorithm=HmacSHA512&issuer=A")
            .algorithm());
  }

  @Test
  void parse_paddedSecretWithEscapedPadding() {
    String text = "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PY%3D&issuer=ACME";
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(Secret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PY"), uri.secret());
    assertEquals(
        List.of(
            "secret: padding '=' at index "
                + text.indexOf("%3D")
                + " ignored; padding should be omitted"),
        messages(uri));
    assertEquals(
        "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PY&issuer=ACME",
        uri.toUriString());
  }

  @Test
  void parse_hotpWithoutCounterHasCounterZero() {
    String text = "otpauth://hotp/ACME:x?secret=" + KEY + "&issuer=ACME";
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(OtpAuthUri.Type.HOTP, uri.type());
    assertEquals(0, uri.counter());
    assertEquals(
        List.of(
            new OtpAuthUri.Warning(
                OtpAuthUri.Warning.Kind.MISSING_COUNTER,
                text.length(),
                1,
                "counter: missing in a hotp URI at index "
                    + text.length()
                    + " (the end of the query); read as 0")),
        uri.warnings());
    assertEquals(
        "otpauth://hotp/ACME:x?secret=" + KEY + "&issuer=ACME&counter=0", uri.toUriString());
    OtpAuthUri again = OtpAuthUri.parse(uri.toUriString());
    assertEquals(uri, again);
    assertEquals(List.of(), again.warnings());
  }

  @Test
  void parse_freeOtpImageParameterIsKeptDecoded() {
    OtpAuthUri uri =
        OtpAuthUri.parse(
            "otpauth://totp/ACME:alice?secret="
                + KEY
                + "&issuer=ACME&image=https%3A%2F%2Fexample.com%2Flogo.png%3Fs%3D64");
    assertEquals(Map.of("image", "https://example.com/logo.png?s=64"), uri.extraParameters());
    assertEquals(List.of(), messages(uri));
    assertEquals(
        "otpauth://totp/ACME:alice?secret="
            + KEY
            + "&issuer=ACME&image=https%3A%2F%2Fexample.com%2Flogo.png%3Fs%3D64",
        uri.toUriString());
  }

  // ---------------------------------------------------------------------------------------------
  // What is tolerated, and how it is read.

  @Test
  void parse_readsEverySettingAndTheHotpCounter() {
    OtpAuthUri uri =
        OtpAuthUri.parse(
            "otpauth://hotp/ACME:bob?secret="
                + KEY
                + "&issuer=ACME&algorithm=SHA512&digits=8&counter=9223372036854775807");
    assertEquals(OtpAuthUri.Type.HOTP, uri.type());
    assertEquals(Algorithm.SHA512, uri.algorithm());
    assertEquals(8, uri.digits());
    assertEquals(Long.MAX_VALUE, uri.counter());
    assertEquals(List.of(), messages(uri));
    OtpAuthUri totp =
        OtpAuthUri.parse("otpauth://totp/A:b?period=86400&secret=" + KEY + "&issuer=A&digits=10");
    assertEquals(Duration.ofDays(1), totp.period());
    assertEquals(10, totp.digits());
  }

  @Test
  void parse_schemeAndTypeInAnyCase() {
    OtpAuthUri uri = OtpAuthUri.parse("OtpAuth://TOTP/A:b?secret=" + KEY + "&issuer=A");
    assertEquals(OtpAuthUri.Type.TOTP, uri.type());
    assertEquals(
        List.of(
            "scheme: \"OtpAuth\" at index 0 read as otpauth",
            "type: \"TOTP\" at index 10 read as totp"),
        messages(uri));
    assertEquals(
        OtpAuthUri.Type.HOTP,
        OtpAuthUri.parse("OTPAUTH://HoTp/A:b?secret=" + KEY + "&issuer=A&counter=1").type());
  }

  @Test
  void parse_rawColonSeparatorWithSpacesAfterIt() {
    OtpAuthUri raw = OtpAuthUri.parse("otpauth://totp/ACME:  alice?secret=" + KEY + "&issuer=ACME");
    assertEquals("alice", raw.account());
    assertEquals(
        List.of("label: U+0020 at index 20 should be percent-encoded (2 of this kind)"),
        messages(raw));
    OtpAuthUri encoded =
        OtpAuthUri.parse("otpauth://totp/ACME%3a%20%20alice?secret=" + KEY + "&issuer=ACME");
    assertEquals("alice", encoded.account());
    assertEquals(Optional.of("ACME"), encoded.labelPrefix());
    assertEquals(List.of(), messages(encoded));
  }

  @Test
  void parse_spacesInsideTheAccountAreKept() {
    OtpAuthUri uri =
        OtpAuthUri.parse("otpauth://totp/A:%20alice%20smith%20?secret=" + KEY + "&issuer=A");
    assertEquals("alice smith ", uri.account());
  }

  @Test
  void parse_skipsSpacesBeforeAnAccountWithoutIssuerPrefix_soThatItReadsBackWhenWritten() {
    // Found by fuzzing: " Ample.com" was written "ACME%20Co:%20Ample.com", read back "Ample.com".
    OtpAuthUri uri =
        OtpAuthUri.parse("otpauth://totp/%20%20Ample.com?secret=" + KEY + "&issuer=ACME%20Co");
    assertEquals("Ample.com", uri.account());
    assertEquals("Ample.com", OtpAuthUri.parse(uri.toUriString()).account());
    InvalidOtpAuthUriException e =
        assertThrows(
            InvalidOtpAuthUriException.class,
            () -> OtpAuthUri.parse("otpauth://totp/%20?secret=" + KEY + "&issuer=A"));
    assertEquals(Reason.EMPTY_ACCOUNT, e.reason());
    assertEquals(15, e.index());
  }

  @Test
  void parse_labelWithoutIssuerUsesTheIssuerParameter() {
    OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/alice?secret=" + KEY + "&issuer=ACME");
    assertEquals(Optional.of("ACME"), uri.issuer());
    assertEquals(Optional.empty(), uri.labelPrefix());
    assertEquals("alice", uri.account());
    assertEquals(List.of(), messages(uri));
    assertEquals("otpauth://totp/ACME:alice?secret=" + KEY + "&issuer=ACME", uri.toUriString());
  }

  @Test
  void parse_noIssuerAnywhere() {
    OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/alice%40example.com?secret=" + KEY);
    assertEquals(Optional.empty(), uri.issuer());
    assertEquals(Optional.empty(), uri.labelPrefix());
    assertEquals("alice@example.com", uri.account());
    assertEquals(
        List.of("issuer: none in the label or the parameters; apps show the account name alone"),
        messages(uri));
    assertEquals("otpauth://totp/alice%40example.com?secret=" + KEY, uri.toUriString());
    assertEquals(uri, OtpAuthUri.parse(uri.toUriString()));
  }

  @Test
  void parse_emptyLabelPrefixAndEmptyIssuerParameterAreIgnored() {
    String text = "otpauth://totp/:alice?issuer=&secret=" + KEY;
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(Optional.empty(), uri.issuer());
    assertEquals(Optional.empty(), uri.labelPrefix());
    assertEquals("alice", uri.account());
    assertEquals(
        List.of(
            "label: empty issuer before ':' at index 15 ignored",
            "issuer: empty parameter at index 29 ignored",
            "issuer: none in the label or the parameters; apps show the account name alone"),
        messages(uri));
  }

  @Test
  void parse_plusInQueryValuesIsASpaceAndEncodedPlusIsAPlus() {
    OtpAuthUri uri =
        OtpAuthUri.parse(
            "otpauth://totp/ACME%20Co:a%2Bb?secret=" + KEY + "&issuer=ACME+Co&note=x%2By+z");
    assertEquals(Optional.of("ACME Co"), uri.issuer());
    assertEquals("a+b", uri.account());
    assertEquals(Map.of("note", "x+y z"), uri.extraParameters());
  }

  @Test
  void parse_secretInLowerCaseWithSpacesAndRawPadding() {
    String text = "otpauth://totp/A:b?secret=jbsw%20y3dp-ehpk3pxp%20jbswy3dpehpk3py==&issuer=A";
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(Secret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PY"), uri.secret());
    assertEquals(
        List.of(
            "secret: padding '=' at index "
                + text.indexOf('=', 30)
                + " ignored; padding should be omitted",
            "secret: lower-case letters, spaces or hyphens (the first at index 26) read"
                + " leniently; Base32 in a URI should be upper case"),
        messages(uri));
  }

  @Test
  void parse_plusInSecretIsASpace() {
    String text = "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP+JBSWY3DPEHPK3PXP&issuer=A";
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(SECRET, uri.secret());
    assertEquals(
        List.of(
            "secret: '+' at index 42 read as a space (form encoding); RFC 3986 writers use %20",
            "secret: lower-case letters, spaces or hyphens (the first at index 42) read"
                + " leniently; Base32 in a URI should be upper case"),
        messages(uri));
  }

  @Test
  void parse_weakSecretIsAcceptedWithAWarning() {
    OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/A:b?secret=" + WEAK_KEY + "&issuer=A");
    assertEquals(10, uri.secret().byteLength());
    assertEquals(List.of(WEAK_WARNING), messages(uri));
  }

  @Test
  void parse_unknownParametersAreKeptInOrder() {
    OtpAuthUri uri =
        OtpAuthUri.parse(
            "otpauth://totp/A:b?lock=true&secret="
                + KEY
                + "&image=x&issuer=A&color=%23fff"
                + "&Image=y&caf%C3%A9=th%C3%A9&flag");
    assertEquals(
        List.of("lock", "image", "color", "Image", "café", "flag"),
        List.copyOf(uri.extraParameters().keySet()));
    assertEquals(
        List.of("true", "x", "#fff", "y", "thé", ""), List.copyOf(uri.extraParameters().values()));
    assertEquals(List.of(), messages(uri));
    assertEquals(
        "otpauth://totp/A:b?secret="
            + KEY
            + "&issuer=A&lock=true&image=x&color=%23fff&Image=y"
            + "&caf%C3%A9=th%C3%A9&flag=",
        uri.toUriString());
  }

  @Test
  void parse_knownParameterNamesInAnyCase() {
    String text = "otpauth://totp/A:b?Secret=" + KEY + "&ISSUER=A&Digits=8";
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(SECRET, uri.secret());
    assertEquals(Optional.of("A"), uri.issuer());
    assertEquals(8, uri.digits());
    assertEquals(
        List.of("query: parameter name \"Secret\" at index 19 read as secret (3 of this kind)"),
        messages(uri));
  }

  @Test
  void parse_counterOnTotpAndPeriodOnHotpAreIgnored() {
    String totpText = "otpauth://totp/A:b?secret=" + KEY + "&issuer=A&counter=-5";
    OtpAuthUri totp = OtpAuthUri.parse(totpText);
    assertEquals(
        List.of("counter: ignored in a totp URI, at index " + totpText.indexOf("-5")),
        messages(totp));
    assertEquals("otpauth://totp/A:b?secret=" + KEY + "&issuer=A", totp.toUriString());

    String hotpText = "otpauth://hotp/A:b?secret=" + KEY + "&issuer=A&period=0&counter=3";
    OtpAuthUri hotp = OtpAuthUri.parse(hotpText);
    assertEquals(3, hotp.counter());
    assertEquals(
        List.of("period: ignored in a hotp URI, at index " + hotpText.indexOf("0&")),
        messages(hotp));
  }

  @Test
  void parse_unusualDigitsAreAcceptedWithAWarning() {
    String text = "otpauth://totp/A:b?secret=" + KEY + "&issuer=A&digits=7";
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(7, uri.digits());
    assertEquals(
        List.of(
            "digits: 7 at index "
                + (text.length() - 1)
                + " is neither 6 nor 8, the values the Key Uri Format names"),
        messages(uri));
    assertEquals(List.of(), messages(OtpAuthUri.parse(text.replace("=7", "=08"))));
    assertEquals(8, OtpAuthUri.parse(text.replace("=7", "=08")).digits());
  }

  @Test
  void parse_emptyParametersAndParametersWithoutNameAreIgnored() {
    String text = "otpauth://totp/A:b?&secret=" + KEY + "&&=x&issuer=A&";
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(Map.of(), uri.extraParameters());
    assertEquals(
        List.of(
            "query: empty parameter at index 19 ignored (3 of this kind)",
            "query: parameter without a name at index " + text.indexOf("=x") + " ignored"),
        messages(uri));
  }

  @Test
  void parse_fragmentIsIgnored() {
    String text = "otpauth://totp/A:b?secret=" + KEY + "&issuer=A#digits=8";
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(6, uri.digits());
    assertEquals(
        List.of(
            "fragment: the text from '#' at index "
                + text.indexOf('#')
                + " is ignored; a '#' in"
                + " a name must be written %23"),
        messages(uri));
  }

  @Test
  void parse_whitespaceAroundTheTextIsIgnored() {
    String text = " \t\r\notpauth://totp/A:b?secret=" + KEY + "&issuer=A\r\n";
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(SECRET, uri.secret());
    assertEquals(
        List.of("text: whitespace before index 4 ignored (2 of this kind)"), messages(uri));
    assertEquals(0, uri.warnings().get(0).index());
    OtpAuthUri after = OtpAuthUri.parse(text.strip() + "\r\n");
    assertEquals(
        List.of("text: whitespace from index " + text.strip().length() + " ignored"),
        messages(after));
  }

  @Test
  void parse_rawCharactersThatShouldBeEncodedAreTakenAsTheyAre() {
    String text = "otpauth://totp/Zoë Co:a b?secret=" + KEY + "&issuer=Zoë Co";
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(Optional.of("Zoë Co"), uri.issuer());
    assertEquals("a b", uri.account());
    assertEquals(
        List.of("label: U+00EB at index 17 should be percent-encoded (5 of this kind)"),
        messages(uri));
  }

  @Test
  void parse_rawSlashAndSubDelimitersInTheLabelAreNotWarnedAbout() {
    OtpAuthUri uri =
        OtpAuthUri.parse("otpauth://totp/A/B:c@d!$'()*,;=/e?secret=" + KEY + "&issuer=A/B");
    assertEquals(Optional.of("A/B"), uri.issuer());
    assertEquals("c@d!$'()*,;=/e", uri.account());
    assertEquals(List.of(), messages(uri));
  }

  @Test
  void parse_decodesUtf8OfEveryLengthAndLowerCaseHex() {
    OtpAuthUri uri =
        OtpAuthUri.parse(
            "otpauth://totp/%c3%a9%E2%82%AC%F0%9F%98%80:%F0%9F%91%A9%E2%80%8D%F0%9F%92%BB?secret="
                + KEY
                + "&issuer=%C3%A9%E2%82%AC%F0%9F%98%80");
    assertEquals(Optional.of("é€😀"), uri.issuer());
    assertEquals("👩‍💻", uri.account());
    assertEquals(List.of(), messages(uri));
  }

  @Test
  void parse_emptyQueryAndSecretWithoutValue() {
    assertRefused(
        "otpauth://totp/A:b?",
        Reason.MISSING_SECRET,
        19,
        "missing secret parameter at index 19 (the end of the query)");
    assertRefused(
        "otpauth://totp/A:b?secret", Reason.EMPTY_SECRET, 25, "secret: empty at index 25");
  }

  @Test
  void parse_resultEqualsTheBuiltUriWhateverTheSpelling() {
    OtpAuthUri built =
        OtpAuthUri.totp(SECRET)
            .issuer("ACME Co")
            .account("alice@example.com")
            .algorithm(Algorithm.SHA256)
            .build();
    String lowerCaseKey = KEY.toLowerCase(Locale.ROOT);
    OtpAuthUri sloppy =
        OtpAuthUri.parse(
            " OTPAUTH://Totp/ACME%20Co%3a%20alice@example.com?Secret="
                + lowerCaseKey
                + "%3D%3D&issuer=ACME+Co&algorithm=sha-256&counter=1 ");
    assertEquals(built, sloppy);
    assertEquals(built.hashCode(), sloppy.hashCode());
    assertEquals(built.toUriString(), sloppy.toUriString());
  }

  @Test
  void parse_refusesNull() {
    assertThrows(NullPointerException.class, () -> OtpAuthUri.parse(null));
  }

  // ---------------------------------------------------------------------------------------------
  // Refusals: reason, index and exact message.

  @Test
  void parse_refusesOtherSchemes() {
    assertRefused(
        "http://totp/A:b?secret=" + KEY,
        Reason.WRONG_SCHEME,
        0,
        "not an otpauth URI: the text must start with otpauth:// at index 0");
    assertRefused(
        "",
        Reason.WRONG_SCHEME,
        0,
        "not an otpauth URI: the text must start with otpauth:// at index 0");
    assertRefused(
        "otpauth:totp/A:b?secret=" + KEY,
        Reason.WRONG_SCHEME,
        8,
        "not an otpauth URI: '//' must follow otpauth: at index 8");
    assertRefused(
        "  otpauth:/totp/A:b?secret=" + KEY,
        Reason.WRONG_SCHEME,
        10,
        "not an otpauth URI: '//' must follow otpauth: at index 10");
    // A bare secret pasted instead of a URI is not echoed.
    assertRefused(
        KEY,
        Reason.WRONG_SCHEME,
        0,
        "not an otpauth URI: the text must start with otpauth:// at index 0");
    // Only ASCII letters fold: a Kelvin sign is no 'k', a dotless ı no 'i'.
    assertRefused(
        "otpauth\u212a://totp/A:b?secret=" + KEY,
        Reason.WRONG_SCHEME,
        0,
        "not an otpauth URI: the text must start with otpauth:// at index 0");
  }

  @Test
  void parse_refusesUnknownTypes() {
    assertRefused(
        "otpauth://motp/A:b?secret=" + KEY,
        Reason.UNKNOWN_TYPE,
        10,
        "type must be totp or hotp at index 10");
    assertRefused(
        "otpauth://?secret=" + KEY,
        Reason.UNKNOWN_TYPE,
        10,
        "type must be totp or hotp at index 10");
    assertRefused(
        "otpauth://t%6Ftp/A:b?secret=" + KEY,
        Reason.UNKNOWN_TYPE,
        10,
        "type must be totp or hotp at index 10");
    assertRefused(
        "otpauth://totp:80/A:b?secret=" + KEY,
        Reason.UNKNOWN_TYPE,
        10,
        "type must be totp or hotp at index 10");
  }

  @Test
  void parse_refusesControlCharactersRawOrEncoded() {
    assertRefused(
        "otpauth://totp/A:b\nc?secret=" + KEY,
        Reason.INVALID_CHARACTER,
        18,
        "control character U+000A at index 18");
    assertRefused(
        "otpauth://totp/A:b%0Ac?secret=" + KEY,
        Reason.INVALID_CHARACTER,
        18,
        "control character U+000A percent-encoded at index 18");
    assertRefused(
        "otpauth://totp/A:b?secret=" + KEY + "&issuer=%7F",
        Reason.INVALID_CHARACTER,
        66,
        "control character U+007F percent-encoded at index 66");
    assertRefused(
        "otpauth://totp/A:b%C2%85?secret=" + KEY,
        Reason.INVALID_CHARACTER,
        18,
        "control character U+0085 percent-encoded at index 18");
    assertRefused(
        "otpauth://totp/A:b?secret=" + KEY + "%00",
        Reason.INVALID_CHARACTER,
        58,
        "control character U+0000 percent-encoded at index 58");
  }

  @Test
  void parse_refusesUnpairedSurrogates() {
    assertRefused(
        "otpauth://totp/A:b\ud83d?secret=" + KEY,
        Reason.INVALID_CHARACTER,
        18,
        "unpaired surrogate U+D83D at index 18");
    assertRefused(
        "otpauth://totp/A:\ude00b?secret=" + KEY,
        Reason.INVALID_CHARACTER,
        17,
        "unpaired surrogate U+DE00 at index 17");
  }

  @Test
  void parse_refusesBrokenPercentEscapes() {
    for (String broken : List.of("%", "%4", "%GZ", "%4G", "%%41", "%\u0661\u0661")) {
      String text = "otpauth://totp/A:b" + broken + "?secret=" + KEY;
      assertRefused(
          text,
          Reason.INVALID_ESCAPE,
          18,
          "broken percent-escape at index 18: '%' must be followed by two hexadecimal digits");
    }
    String inSecret = "otpauth://totp/A:b?secret=" + KEY.substring(0, 10) + "%G" + KEY;
    assertRefused(
        inSecret,
        Reason.INVALID_ESCAPE,
        36,
        "broken percent-escape at index 36: '%' must be followed by two hexadecimal digits");
    String atEnd = "otpauth://totp/A:b?secret=" + KEY + "&issuer=%2";
    assertRefused(
        atEnd,
        Reason.INVALID_ESCAPE,
        66,
        "broken percent-escape at index 66: '%' must be followed by two hexadecimal digits");
  }

  @Test
  void parse_refusesInvalidUtf8() {
    List<String> invalid =
        List.of(
            "%C3", // truncated two-byte sequence
            "%C3%28", // bad continuation byte
            "%80", // lone continuation byte
            "%C0%80", // overlong encoding of U+0000
            "%C1%BF", // overlong encoding of '?'
            "%E0%80%AF", // overlong three-byte sequence
            "%ED%A0%80", // an encoded surrogate (CESU-8)
            "%F4%90%80%80", // above U+10FFFF
            "%F8%88%80%80%80", // five-byte form
            "%FF",
            "%E2%82" // truncated three-byte sequence
            );
    for (String bytes : invalid) {
      assertRefused(
          "otpauth://totp/A:b" + bytes + "?secret=" + KEY,
          Reason.INVALID_UTF8,
          18,
          "invalid UTF-8 in the percent-escapes at index 18");
    }
    assertRefused(
        "otpauth://totp/A:b%C3%A9%E2%82x?secret=" + KEY,
        Reason.INVALID_UTF8,
        24,
        "invalid UTF-8 in the percent-escapes at index 24");
    assertRefused(
        "otpauth://totp/A:b?secret=" + KEY + "&issuer=%E9t%E9",
        Reason.INVALID_UTF8,
        66,
        "invalid UTF-8 in the percent-escapes at index 66");
  }

  @Test
  void parse_refusesLabelsWithoutAccount() {
    assertRefused(
        "otpauth://totp/?secret=" + KEY + "&issuer=A",
        Reason.EMPTY_ACCOUNT,
        15,
        "label: no account name at index 15");
    assertRefused(
        "otpauth://totp?secret=" + KEY + "&issuer=A",
        Reason.EMPTY_ACCOUNT,
        14,
        "label: no account name at index 14");
    assertRefused(
        "otpauth://totp/ACME:?secret=" + KEY,
        Reason.EMPTY_ACCOUNT,
        20,
        "label: no account name after the issuer at index 20");
    assertRefused(
        "otpauth://totp/ACME%3A%20%20?secret=" + KEY,
        Reason.EMPTY_ACCOUNT,
        22,
        "label: no account name after the issuer at index 22");
  }

  @Test
  void parse_refusesColonInIssuerParameter() {
    assertRefused(
        "otpauth://totp/b?secret=" + KEY + "&issuer=AC%3AME",
        Reason.COLON_IN_NAME,
        66,
        "issuer: ':' at index 66; an issuer may not contain a colon, which separates issuer and"
            + " account");
  }

  @Test
  void parse_refusesDuplicateParameters() {
    String text = "otpauth://totp/A:b?secret=" + KEY + "&digits=8&issuer=A&DIGITS=8";
    assertRefused(
        text,
        Reason.DUPLICATE_PARAMETER,
        text.indexOf("DIGITS"),
        "duplicate parameter \"digits\" at index "
            + text.indexOf("DIGITS")
            + " (first at index "
            + text.indexOf("digits")
            + ")");
    String secretTwice = "otpauth://totp/A:b?secret=" + KEY + "&secret=" + KEY;
    assertRefused(
        secretTwice,
        Reason.DUPLICATE_PARAMETER,
        59,
        "duplicate parameter \"secret\" at index 59 (first at index 19)");
    // An unknown name is not quoted: it may be the rest of a secret after a stray '&'.
    String imageTwice = "otpauth://totp/A:b?image=x&secret=" + KEY + "&image=y";
    assertRefused(
        imageTwice,
        Reason.DUPLICATE_PARAMETER,
        67,
        "duplicate parameter at index 67 (first at index 19)");
    String ignoredTwice = "otpauth://totp/A:b?counter=1&secret=" + KEY + "&counter=2";
    assertRefused(
        ignoredTwice,
        Reason.DUPLICATE_PARAMETER,
        69,
        "duplicate parameter \"counter\" at index 69 (first at index 19)");
  }

  @Test
  void parse_refusesMissingSecret() {
    assertRefused(
        "otpauth://totp/A:b",
        Reason.MISSING_SECRET,
        18,
        "missing secret parameter at index 18 (the end of the query)");
    assertRefused(
        "otpauth://totp/A:b?issuer=A&digits=8",
        Reason.MISSING_SECRET,
        36,
        "missing secret parameter at index 36 (the end of the query)");
    // An unencoded '#' in the label hides the secret in the fragment.
    assertRefused(
        "otpauth://totp/A:b#1?secret=" + KEY,
        Reason.MISSING_SECRET,
        18,
        "missing secret parameter at index 18 (the end of the query)");
    // Known names are only folded in ASCII: "ſecret" (long s) is an unknown parameter.
    assertRefused(
        "otpauth://totp/A:b?\u017fecret=" + KEY,
        Reason.MISSING_SECRET,
        58,
        "missing secret parameter at index 58 (the end of the query)");
  }

  @Test
  void parse_refusesEmptySecret() {
    for (String empty : List.of("", "%20", "===", "%3D%3D", "-", "+")) {
      String text = "otpauth://totp/A:b?secret=" + empty + "&issuer=A";
      assertRefused(text, Reason.EMPTY_SECRET, 26, "secret: empty at index 26");
    }
  }

  @Test
  void parse_refusesInvalidSecretsAtTheirIndexInTheUri() {
    assertRefused(
        "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PX1&issuer=A",
        Reason.INVALID_SECRET,
        41,
        "secret: invalid Base32 character '1' at index 41");
    assertRefused(
        "otpauth://totp/A:b?secret=JBSW%20Y3DP%30HPK3PXP&issuer=A",
        Reason.INVALID_SECRET, 37, "secret: invalid Base32 character '0' at index 37");
    assertRefused(
        "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PX%C3%A9&issuer=A",
        Reason.INVALID_SECRET, 41, "secret: invalid Base32 character U+00E9 at index 41");
    assertRefused(
        "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3P%3DY&issuer=A",
        Reason.INVALID_SECRET, 59, "secret: Base32 data at index 59 after padding '=' at index 56");
    assertRefused(
        "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXPJ&issuer=A",
        Reason.INVALID_SECRET,
        42,
        "secret: 17 Base32 characters cannot encode whole bytes (a length of 1, 3 or 6 more"
            + " than a multiple of 8 is impossible); last at index 42");
  }

  @Test
  void parse_refusesSecretsUnder80Bits() {
    assertRefused(
        "otpauth://totp/A:b?secret=JBSWY3DPEHPK3&issuer=A",
        Reason.SECRET_TOO_SHORT,
        26,
        "secret must be at least 80 bits (16 Base32 characters): 64 bits at index 26");
  }

  @Test
  void parse_refusesUnknownAlgorithmsWithoutQuotingThem() {
    for (String name : List.of("MD5", "", "SHA3", "SHA-224", "ſha1")) {
      String text = "otpauth://totp/A:b?secret=" + KEY + "&algorithm=" + name + "&issuer=A";
      assertRefused(
          text,
          Reason.UNKNOWN_ALGORITHM,
          69,
          "algorithm must be one of SHA1, SHA256, SHA512 at index 69");
    }
  }

  @Test
  void parse_refusesDigitsOutOfRangeOrNotAsciiNumbers() {
    Map<String, String> described =
        Map.of(
            "5", "5",
            "11", "11",
            "", "empty",
            "six", "not a decimal number",
            "%2B8", "not a decimal number",
            "+8", "not a decimal number",
            "-6", "-6",
            "\u0668", "not a decimal number",
            "８", "not a decimal number",
            "8.0", "not a decimal number");
    described.forEach(
        (digits, description) -> {
          String text = "otpauth://totp/A:b?secret=" + KEY + "&digits=" + digits;
          assertRefused(
              text,
              Reason.INVALID_DIGITS,
              66,
              "digits must be a number from 6 to 10: " + description + " at index 66");
        });
  }

  @Test
  void parse_refusesPeriodsOutOfRange() {
    Map<String, String> described =
        Map.of(
            "0", "0",
            "86401", "86401",
            "-30", "-30",
            "30s", "not a decimal number",
            "", "empty",
            "99999999999999999999", "99999999999999999999",
            "999999999999999999999999", "not a decimal number");
    described.forEach(
        (period, description) -> {
          String text = "otpauth://totp/A:b?secret=" + KEY + "&period=" + period;
          assertRefused(
              text,
              Reason.INVALID_PERIOD,
              66,
              "period must be a number of seconds from 1 to 86400: "
                  + description
                  + " at index 66");
        });
  }

  @Test
  void parse_refusesNegativeOrMalformedCounters() {
    String negative = "otpauth://hotp/A:b?secret=" + KEY + "&counter=-1";
    assertRefused(
        negative, Reason.INVALID_COUNTER, 67, "counter must not be negative: -1 at index 67");
    Map<String, String> described =
        Map.of(
            "", "empty",
            "abc", "not a decimal number",
            "9223372036854775808", "9223372036854775808",
            "1e3", "not a decimal number",
            "--1", "not a decimal number");
    described.forEach(
        (counter, description) -> {
          String text = "otpauth://hotp/A:b?secret=" + KEY + "&counter=" + counter;
          assertRefused(
              text,
              Reason.INVALID_COUNTER,
              67,
              "counter must be a decimal number from 0 to 9223372036854775807: "
                  + description
                  + " at index 67");
        });
  }

  @Test
  void parse_neverQuotesAValueThatRunsOnIntoTheSecret() {
    String text = "otpauth://totp/A:b?issuer=A&digits=8secret=" + KEY;
    assertRefused(
        text,
        Reason.INVALID_DIGITS,
        35,
        "digits must be a number from 6 to 10: not a decimal number at index 35");
    assertRefused(
        "otpauth://hotp/A:b?counter=1secret=" + KEY,
        Reason.INVALID_COUNTER,
        27,
        "counter must be a decimal number from 0 to 9223372036854775807: not a decimal number"
            + " at index 27");
    assertRefused(
        "otpauth://totp/A:b?algorithm=SHA1secret=" + KEY,
        Reason.UNKNOWN_ALGORITHM,
        29,
        "algorithm must be one of SHA1, SHA256, SHA512 at index 29");
  }

  @Test
  void parse_reportsTheFirstProblemInTheText() {
    assertRefused(
        "otpauth://totp/A:b?digits=5&algorithm=MD5",
        Reason.INVALID_DIGITS,
        26,
        "digits must be a number from 6 to 10: 5 at index 26");
    assertRefused(
        "otpauth://hotp/A:b?algorithm=MD5",
        Reason.UNKNOWN_ALGORITHM,
        29,
        "algorithm must be one of SHA1, SHA256, SHA512 at index 29");
    assertRefused(
        "otpauth://hotp/A:b",
        Reason.MISSING_SECRET,
        18,
        "missing secret parameter at index 18 (the end of the query)");
  }

  private static List<String> messages(OtpAuthUri uri) {
    return uri.warnings().stream().map(OtpAuthUri.Warning::message).toList();
  }

  private static void assertRefused(String text, Reason reason, int index, String message) {
    InvalidOtpAuthUriException e =
        assertThrows(InvalidOtpAuthUriException.class, () -> OtpAuthUri.parse(text), text);
    assertEquals(reason, e.reason(), text);
    assertEquals(index, e.index(), text);
    assertEquals(message, e.getMessage(), text);
    assertFalse(String.valueOf(e.getMessage()).contains(KEY.substring(0, 16)), text);
  }
}
