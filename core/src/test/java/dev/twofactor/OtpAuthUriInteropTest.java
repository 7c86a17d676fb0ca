package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twofactor.OtpAuthUri.Warning;
import dev.twofactor.OtpAuthUri.Warning.Kind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where independent readers (otpauth and otplib on npm, pyotp) agree on URIs that the Key Uri
 * Format does not allow, {@link OtpAuthUri#parse(String)} reads them the same way, and what it read
 * writes back and reads again to the same fields.
 */
final class OtpAuthUriInteropTest {
  private static final String KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

  @Test
  void parse_encodedColonAfterTheSeparatorBelongsToTheAccount() {
    String text = "otpauth://totp/ACME:user%3A42?secret=" + KEY + "&issuer=ACME";
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(Optional.of("ACME"), uri.issuer());
    assertEquals(Optional.of("ACME"), uri.labelPrefix());
    assertEquals("user:42", uri.account());
    assertEquals(
        List.of(
            new Warning(
                Kind.COLON_IN_ACCOUNT,
                text.indexOf("%3A"),
                1,
                "label: a further ':' at index "
                    + text.indexOf("%3A")
                    + " is kept in the account, as otpauth, otplib and pyotp read it")),
        uri.warnings());
    assertWritesBackTheSameFields(uri, text);
  }

  @Test
  void parse_rawColonsAfterTheSeparatorBelongToTheAccount() {
    String text = "otpauth://totp/ACME%3Auser:42:b%3ac?secret=" + KEY + "&issuer=ACME";
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals("user:42:b:c", uri.account());
    Warning warning = uri.warnings().get(0);
    assertEquals(Kind.COLON_IN_ACCOUNT, warning.kind());
    assertEquals(text.indexOf(":42"), warning.index());
    assertEquals(3, warning.count());
    assertEquals(
        "label: a further ':' at index "
            + text.indexOf(":42")
            + " is kept in the account, as otpauth, otplib and pyotp read it (3 of this kind)",
        warning.message());
    assertEquals(
        "otpauth://totp/ACME:user%3A42%3Ab%3Ac?secret=" + KEY + "&issuer=ACME", uri.toUriString());
    assertWritesBackTheSameFields(uri, text);
  }

  @Test
  void parse_labelPrefixIsTheIssuerAndTheRestIsTheAccount() {
    OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/a:b:c?secret=" + KEY);
    assertEquals(Optional.of("a"), uri.issuer());
    assertEquals("b:c", uri.account());
    assertEquals(
        List.of(Kind.COLON_IN_ACCOUNT, Kind.ISSUER_FROM_LABEL),
        uri.warnings().stream().map(Warning::kind).toList());
    assertEquals("otpauth://totp/a:b%3Ac?secret=" + KEY + "&issuer=a", uri.toUriString());
  }

  @Test
  void toUriString_ofAnAccountWithAColonAndNoIssuer_writesAnEmptyPrefixBeforeIt() {
    String text = "otpauth://totp/:b%3Ac?secret=" + KEY;
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(Optional.empty(), uri.issuer());
    assertEquals(Optional.empty(), uri.labelPrefix());
    assertEquals("b:c", uri.account());
    assertEquals(
        List.of(Kind.COLON_IN_ACCOUNT, Kind.EMPTY_LABEL_PREFIX, Kind.NO_ISSUER),
        uri.warnings().stream().map(Warning::kind).toList());
    // Without the empty prefix, a reader would split "b%3Ac" into issuer "b" and account "c".
    assertEquals("otpauth://totp/:b%3Ac?secret=" + KEY, uri.toUriString());
    assertWritesBackTheSameFields(uri, text);
    // An account without a colon still has no prefix.
    assertEquals(
        "otpauth://totp/b?secret=" + KEY,
        OtpAuthUri.parse("otpauth://totp/:b?secret=" + KEY).toUriString());
  }

  @Test
  void build_stillRefusesAColonInTheAccount() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                OtpAuthUri.totp(Secret.fromBase32(KEY)).issuer("ACME").account("user:42").build());
    assertEquals(
        "account must not contain ':', which separates issuer and account in the label:"
            + " \"user:42\" has one at index 4",
        e.getMessage());
  }

  @Test
  void parse_hotpWithoutCounter_isCounterZeroLikeGoogleAuthenticatorsExport() {
    String text = "otpauth://hotp/ACME:alice?secret=" + KEY + "&issuer=ACME&digits=8";
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(0, uri.counter());
    assertEquals(8, uri.digits());
    assertEquals(
        List.of(Kind.MISSING_COUNTER), uri.warnings().stream().map(Warning::kind).toList());
    assertEquals(text.length(), uri.warnings().get(0).index());
    assertEquals(
        OtpAuthUri.hotp(Secret.fromBase32(KEY), 0)
            .issuer("ACME")
            .account("alice")
            .digits(8)
            .build(),
        uri);
    assertWritesBackTheSameFields(uri, text);
  }

  @Test
  void parse_hotpWithoutCounterBeforeAFragment_pointsAtTheEndOfTheQuery() {
    String text = "otpauth://hotp/A:b?secret=" + KEY + "&issuer=A#x";
    OtpAuthUri uri = OtpAuthUri.parse(text);
    assertEquals(0, uri.counter());
    Warning missing = uri.warnings().get(1);
    assertEquals(Kind.MISSING_COUNTER, missing.kind());
    assertEquals(text.indexOf('#'), missing.index());
  }

  @Test
  void parse_counterIsStillReadWhenPresent() {
    assertEquals(
        5, OtpAuthUri.parse("otpauth://hotp/A:b?secret=" + KEY + "&issuer=A&counter=5").counter());
  }

  /** Writes the URI, reads it again: the same fields, and the same text when written again. */
  private static void assertWritesBackTheSameFields(OtpAuthUri uri, String original) {
    String written = uri.toUriString();
    OtpAuthUri again = OtpAuthUri.parse(written);
    assertEquals(uri, again, original);
    assertEquals(uri.issuer(), again.issuer());
    assertEquals(uri.account(), again.account());
    assertEquals(uri.type(), again.type());
    assertEquals(uri.secret(), again.secret());
    assertEquals(written, again.toUriString());
  }
}
