package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.InvalidOtpAuthUriException.Reason;
import dev.twofactor.OtpAuthUri.Warning;
import dev.twofactor.OtpAuthUri.Warning.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What outside text can make {@link OtpAuthUri#parse(String)} keep is bounded: the length of the
 * text, the warnings (one per kind, counted), the unknown parameters and the secret; and nothing
 * shown leaks the rest of a secret cut by a stray {@code &}.
 */
final class OtpAuthUriLimitsTest {
  private static final String KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  private static final String PREFIX = "otpauth://totp/A:b?secret=" + KEY + "&issuer=A";

  @Test
  void parse_refusesAMegabyteOfAmpersandsBeforeReadingIt() {
    String text = PREFIX + "&".repeat(1 << 20);
    InvalidOtpAuthUriException e =
        assertThrows(InvalidOtpAuthUriException.class, () -> OtpAuthUri.parse(text));
    assertEquals(Reason.TOO_LONG, e.reason());
    assertEquals(2953, e.index());
    assertEquals(
        "text must be at most 2953 bytes in UTF-8, what a QR code holds: longer from index 2953",
        e.getMessage());
  }

  @Test
  void parse_refusesATooLongTextEvenIfItIsNotAUri() {
    InvalidOtpAuthUriException e =
        assertThrows(InvalidOtpAuthUriException.class, () -> OtpAuthUri.parse("x".repeat(3000)));
    assertEquals(Reason.TOO_LONG, e.reason());
  }

  @Test
  void parse_countsUtf8BytesUpTo2953() {
    String fits = PREFIX + "&x=" + "a".repeat(OtpAuthUri.MAX_LENGTH - PREFIX.length() - 3);
    assertEquals(2953, fits.length());
    assertEquals(1, OtpAuthUri.parse(fits).extraParameters().size());
    InvalidOtpAuthUriException e =
        assertThrows(InvalidOtpAuthUriException.class, () -> OtpAuthUri.parse(fits + "a"));
    assertEquals(Reason.TOO_LONG, e.reason());
    assertEquals(2953, e.index());
    // A raw "é" is two bytes of UTF-8, so one fewer character fits.
    String twoByte = fits.substring(0, fits.length() - 2) + "é";
    assertTrue(OtpAuthUri.parse(twoByte).extraParameters().get("x").endsWith("aé"));
    InvalidOtpAuthUriException e2 =
        assertThrows(
            InvalidOtpAuthUriException.class,
            () -> OtpAuthUri.parse(fits.substring(0, fits.length() - 1) + "é"));
    assertEquals(2952, e2.index());
  }

  @Test
  void parse_ofTheLongestTextOfAmpersands_keepsOneCountedWarning() {
    String text = PREFIX + "&".repeat(OtpAuthUri.MAX_LENGTH - PREFIX.length());
    OtpAuthUri uri = OtpAuthUri.parse(text);
    int ampersands = OtpAuthUri.MAX_LENGTH - PREFIX.length();
    assertEquals(
        List.of(
            new Warning(
                Kind.EMPTY_PARAMETER,
                PREFIX.length() + 1,
                ampersands,
                "query: empty parameter at index "
                    + (PREFIX.length() + 1)
                    + " ignored ("
                    + ampersands
                    + " of this kind)")),
        uri.warnings());
  }

  @Test
  void parse_ofEveryKindOfRepeatedIrregularity_keepsAtMostOneWarningPerKind() {
    StringBuilder text =
        new StringBuilder(" OTPAUTH://TOTP/a+b+c:d:e:f").append('%').append("3Ag?SECRET=jbsw");
    text.append(KEY.substring(4)).append("==&issuer=A+B+C&&&&=x&=y&Digits=7");
    for (int i = 0; i < 20; i++) {
      text.append("&p").append(i).append("=v+w x");
    }
    text.append("#frag ");
    OtpAuthUri uri = OtpAuthUri.parse(text.toString());
    assertTrue(uri.warnings().size() <= Kind.values().length);
    assertEquals(
        uri.warnings().size(),
        uri.warnings().stream().map(Warning::kind).distinct().count(),
        uri.warnings().toString());
    Map<Kind, Integer> counts =
        Map.of(
            Kind.PLUS_IN_LABEL, 2,
            Kind.COLON_IN_ACCOUNT, 3,
            Kind.EMPTY_PARAMETER, 3,
            Kind.NAMELESS_PARAMETER, 2,
            Kind.TOO_MANY_PARAMETERS, 12,
            Kind.SURROUNDING_WHITESPACE, 2,
            Kind.PARAMETER_NAME_CASE, 2,
            // The raw space in each of the 8 values kept.
            Kind.UNENCODED_CHARACTER, 8,
            // Two in the issuer, one in each of the 8 values kept; none in the 12 ignored.
            Kind.PLUS_AS_SPACE, 10);
    for (Warning warning : uri.warnings()) {
      assertEquals(counts.getOrDefault(warning.kind(), 1), warning.count(), warning.toString());
    }
    assertEquals("d:e:f:g", uri.account());
    assertEquals(8, uri.extraParameters().size());
  }

  @Test
  void parse_keepsEightUnknownParametersAndIgnoresTheRest() {
    StringBuilder text = new StringBuilder(PREFIX);
    for (int i = 1; i <= 10; i++) {
      text.append("&p").append(i).append('=').append(i);
    }
    int ninth = text.indexOf("&p9=") + 1;
    OtpAuthUri uri = OtpAuthUri.parse(text.toString());
    assertEquals(
        List.of("p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"),
        List.copyOf(uri.extraParameters().keySet()));
    assertEquals(
        List.of(
            new Warning(
                Kind.TOO_MANY_PARAMETERS,
                ninth,
                2,
                "query: more than 8 unknown parameters; the one at index "
                    + ninth
                    + " and later ones are ignored (2 of this kind)")),
        uri.warnings());
    // A known parameter after the limit is still read.
    assertEquals(8, OtpAuthUri.parse(text + "&digits=8").digits());
  }

  @Test
  void parse_ignoredParametersAreNotDecoded() {
    StringBuilder text = new StringBuilder(PREFIX);
    for (int i = 1; i <= 8; i++) {
      text.append("&p").append(i).append("=x");
    }
    assertEquals(8, OtpAuthUri.parse(text + "&p9=%ZZ").extraParameters().size());
  }

  @Test
  void toString_ofASecretCutByAStrayAmpersand_showsNoPartOfIt() {
    String rest = "KRUGS4ZANFZSA5DIMUQHEZLTOQQG6ZRAORUGKIDTMVRXEZLU";
    OtpAuthUri uri =
        OtpAuthUri.parse("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&" + rest + "&issuer=A");
    assertEquals(Map.of(rest, ""), uri.extraParameters());
    assertEquals(
        "OtpAuthUri[totp, issuer=\"A\", account=\"b\", SHA1, 6 digits, period 30 s,"
            + " secret 80 bits, 1 extra parameter]",
        uri.toString());
    assertFalse(uri.toString().contains(rest.substring(0, 8)));
    for (Warning warning : uri.warnings()) {
      assertFalse(warning.message().contains(rest.substring(0, 8)), warning.message());
    }
  }

  @Test
  void warnings_aboutAStrayAmpersandInASecret_doNotQuoteTheRest() {
    String rest = "KRUGS4ZA+NFZSA5DI MUQHEZLT";
    OtpAuthUri uri =
        OtpAuthUri.parse("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&x=" + rest + "&issuer=A");
    assertEquals(
        List.of(Kind.WEAK_SECRET, Kind.PLUS_AS_SPACE, Kind.UNENCODED_CHARACTER),
        uri.warnings().stream().map(Warning::kind).toList());
    for (Warning warning : uri.warnings()) {
      assertFalse(warning.message().contains("KRUG"), warning.message());
    }
    assertTrue(uri.warnings().get(1).message().startsWith("parameter: '+' at index "));
    assertTrue(uri.warnings().get(2).message().startsWith("parameter: U+0020 at index "));
  }

  @Test
  void parse_refusesSecretsOver1024Bits() {
    String longest = "A".repeat(Secret.MAX_IMPORTED_CHARACTERS);
    assertEquals(
        128, OtpAuthUri.parse("otpauth://totp/A:b?secret=" + longest).secret().byteLength());
    String text = "otpauth://totp/A:b?secret=" + longest + "%20A&issuer=A";
    int beyond = text.indexOf("%20A") + 3;
    InvalidOtpAuthUriException e =
        assertThrows(InvalidOtpAuthUriException.class, () -> OtpAuthUri.parse(text));
    assertEquals(Reason.SECRET_TOO_LONG, e.reason());
    assertEquals(beyond, e.index());
    assertEquals(
        "secret must be at most 1024 bits (205 Base32 characters): one more at index " + beyond,
        e.getMessage());
  }

  @Test
  void build_refusesMoreThanEightExtraParameters() {
    OtpAuthUri.Builder builder = OtpAuthUri.totp(Secret.fromBase32(KEY)).issuer("A").account("b");
    for (int i = 1; i <= 8; i++) {
      builder.parameter("p" + i, "v");
    }
    assertEquals(8, builder.build().extraParameters().size());
    builder.parameter("p9", "v");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertEquals("extra parameters must be at most 8: 9", e.getMessage());
  }

  @Test
  void build_refusesAUriLongerThanAQrCodeHolds() {
    Secret secret = Secret.fromBase32(KEY);
    // "otpauth://totp/A:" + account + "?secret=" + KEY + "&issuer=A": 66 characters and the
    // account.
    OtpAuthUri.Builder builder = OtpAuthUri.totp(secret).issuer("A").account("a".repeat(2887));
    assertEquals(2953, builder.build().toUriString().length());
    assertEquals(builder.build(), OtpAuthUri.parse(builder.build().toUriString()));
    // Every "é" is written as six characters, %C3%A9.
    builder.account("a".repeat(2882) + "é");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertEquals(
        "otpauth URI must be at most 2953 characters, what a QR code holds: 2954 with these names"
            + " and parameters",
        e.getMessage());
  }

  @Test
  void warning_accessorsEqualsAndToString() {
    Warning a = new Warning(Kind.FRAGMENT, 3, 1, "m");
    assertEquals(Kind.FRAGMENT, a.kind());
    assertEquals(3, a.index());
    assertEquals(1, a.count());
    assertEquals("m", a.message());
    assertEquals("FRAGMENT: m", a.toString());
    assertEquals(a, new Warning(Kind.FRAGMENT, 3, 1, "m"));
    assertEquals(a.hashCode(), new Warning(Kind.FRAGMENT, 3, 1, "m").hashCode());
    assertNotEquals(a, new Warning(Kind.FRAGMENT, 3, 2, "m"));
    assertNotEquals(a, new Warning(Kind.FRAGMENT, 4, 1, "m"));
    assertNotEquals(a, new Warning(Kind.TYPE_CASE, 3, 1, "m"));
    assertNotEquals(a, new Warning(Kind.FRAGMENT, 3, 1, "n"));
    assertNotEquals(a, "m");
  }
}
