package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.InvalidOtpAuthUriException.Reason;
import dev.twofactor.OtpAuthUri.Warning.Kind;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The reader at the edges of each range: the UTF-8 length of each kind of character, escapes at the
 * edges of each UTF-8 sequence length, surrogates, numbers at the ends of their ranges, and texts
 * that end where a part could begin.
 */
final class OtpAuthUriParserTest {
  private static final String KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  private static final String TOTP = "otpauth://totp/ACME:alice?secret=" + KEY;

  private static InvalidOtpAuthUriException refused(String text) {
    return assertThrows(InvalidOtpAuthUriException.class, () -> OtpAuthUri.parse(text));
  }

  private static void assertRefused(Reason reason, int index, String message, String text) {
    InvalidOtpAuthUriException e = refused(text);
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(index, e.index(), e.getMessage());
    assertEquals(message, e.getMessage());
  }

  private static Optional<OtpAuthUri.Warning> warning(OtpAuthUri uri, Kind kind) {
    return uri.warnings().stream().filter(w -> w.kind() == kind).findFirst();
  }

  @Test
  void parse_countsTheUtf8BytesOfEachKindOfCharacter() {
    String prefix = TOTP + "&x=";
    // The character, and how many bytes of UTF-8 it takes.
    Object[][] characters = {
      {"a", 1}, {"\u00e9", 2}, {"\u07ff", 2}, {"\u0800", 3}, {"\uffe9", 3}, {"\uD83D\uDD11", 4},
    };
    for (Object[] c : characters) {
      String character = (String) c[0];
      int bytes = (Integer) c[1];
      int room = OtpAuthUri.MAX_LENGTH - prefix.length();
      String fits = prefix + character.repeat(room / bytes) + "a".repeat(room % bytes);
      OtpAuthUri uri = OtpAuthUri.parse(fits);
      assertTrue(uri.extraParameters().get("x").startsWith(character), character);
      String over = fits + "a";
      assertRefused(
          Reason.TOO_LONG,
          over.length() - 1,
          "text must be at most 2953 bytes in UTF-8, what a QR code holds: longer from index "
              + (over.length() - 1),
          over);
      // One more of the character itself is over the limit at its first char.
      String overByOne = prefix + character.repeat(room / bytes + 1);
      int crossing = prefix.length() + (room / bytes) * character.length();
      assertEquals(Reason.TOO_LONG, refused(overByOne).reason(), character);
      assertTrue(refused(overByOne).index() >= crossing, character);
    }
  }

  @Test
  void parse_countsU0080AsTwoBytesBeforeRefusingItAsAControlCharacter() {
    String prefix = TOTP + "&x=";
    int room = OtpAuthUri.MAX_LENGTH - prefix.length();
    String fits = prefix + "\u0080".repeat(room / 2) + "a".repeat(room % 2);
    assertEquals(Reason.INVALID_CHARACTER, refused(fits).reason());
    assertEquals(Reason.TOO_LONG, refused(fits + "a").reason());
  }

  @Test
  void parse_readsAnEscapeAtTheEdgesOfEachUtf8Length() {
    Map<String, String> escapes =
        Map.of(
            "%C2%A9", "\u00a9",
            "%DF%BF", "\u07ff",
            "%E0%A0%80", "\u0800",
            "%EF%BF%BD", "\ufffd",
            "%F0%90%80%80", "\uD800\uDC00",
            "%F4%8F%BF%BF", "\uDBFF\uDFFF");
    for (Map.Entry<String, String> e : escapes.entrySet()) {
      OtpAuthUri uri = OtpAuthUri.parse(TOTP + "&x=a" + e.getKey() + "b");
      assertEquals("a" + e.getValue() + "b", uri.extraParameters().get("x"), e.getKey());
    }
  }

  @Test
  void parse_refusesEscapesThatAreNotWellFormedUtf8() {
    String prefix = TOTP + "&x=";
    int at = prefix.length();
    String invalid = "invalid UTF-8 in the percent-escapes at index " + at;
    for (String escapes :
        new String[] {
          "%C1%BF", // an overlong 2-byte sequence
          "%E0%9F%BF", // an overlong 3-byte sequence
          "%F0%8F%BF%BF", // an overlong 4-byte sequence
          "%F4%90%80%80", // above U+10FFFF
          "%F5%80%80%80", // no such lead byte
          "%ED%A0%80", // the first surrogate
          "%ED%BF%BF", // the last surrogate
          "%80", // a continuation byte alone
          "%C2", // a sequence cut short at the end of the text
          "%C2XA9", // cut short, before text that reads like a continuation byte
          "%E0%A0", // cut short by one byte
          "%C2%41", // not a continuation byte
        }) {
      assertRefused(Reason.INVALID_UTF8, at, invalid, prefix + escapes);
    }
    assertRefused(
        Reason.INVALID_CHARACTER,
        at,
        "control character U+0080 percent-encoded at index " + at,
        prefix + "%C2%80");
    assertRefused(
        Reason.INVALID_ESCAPE,
        at + 1,
        "broken percent-escape at index "
            + (at + 1)
            + ": '%' must be followed by two hexadecimal digits",
        prefix + "a%4");
  }

  @Test
  void parse_keepsSurrogatePairsAndRefusesLoneSurrogatesAnywhere() {
    OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/ACME:al\uD83D\uDD11ce?secret=" + KEY);
    assertEquals("al\uD83D\uDD11ce", uri.account());
    String lone = "otpauth://totp/ACME:alice?secret=" + KEY + "&x=";
    int at = lone.length();
    assertRefused(
        Reason.INVALID_CHARACTER, at, "unpaired surrogate U+D83D at index " + at, lone + "\uD83D");
    assertRefused(
        Reason.INVALID_CHARACTER, at, "unpaired surrogate U+D83D at index " + at, lone + "\uD83Dx");
    assertRefused(
        Reason.INVALID_CHARACTER,
        at,
        "unpaired surrogate U+DD11 at index " + at,
        lone + "\uDD11\uD83D");
    assertRefused(
        Reason.INVALID_CHARACTER,
        at + 1,
        "unpaired surrogate U+DD11 at index " + (at + 1),
        lone + "x\uDD11");
  }

  @Test
  void parse_refusesATextThatEndsAfterTheType() {
    assertRefused(Reason.EMPTY_ACCOUNT, 14, "label: no account name at index 14", "otpauth://totp");
  }

  @Test
  void parse_refusesAnEscapeCutShortAtTheEndOfTheLabel() {
    assertRefused(
        Reason.INVALID_ESCAPE,
        19,
        "broken percent-escape at index 19: '%' must be followed by two hexadecimal digits",
        "otpauth://totp/ACME%3");
  }

  @Test
  void parse_warnsOfLowerCaseInTheSecretDownToASingleAOrZ() {
    for (String key :
        new String[] {"aBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXz"}) {
      String text = "otpauth://totp/ACME:alice?issuer=ACME&secret=" + key;
      OtpAuthUri uri = OtpAuthUri.parse(text);
      int at = text.indexOf("secret=") + 7 + (key.charAt(0) == 'a' ? 0 : key.length() - 1);
      assertEquals(at, warning(uri, Kind.SECRET_SPELLING).orElseThrow().index(), key);
    }
    assertEquals(
        Optional.empty(), warning(OtpAuthUri.parse(TOTP + "&issuer=ACME"), Kind.SECRET_SPELLING));
  }

  @Test
  void parse_refusesAnIssuerThatStartsWithAColon() {
    String text = TOTP + "&issuer=%3AACME";
    int at = text.indexOf("%3A");
    assertRefused(
        Reason.COLON_IN_NAME,
        at,
        "issuer: ':' at index "
            + at
            + "; an issuer may not contain a colon, which separates issuer and account",
        text);
  }

  @Test
  void parse_readsPeriodsFromOneSecondToOneDay() {
    assertEquals(Duration.ofSeconds(1), OtpAuthUri.parse(TOTP + "&period=1").period());
    assertEquals(Duration.ofDays(1), OtpAuthUri.parse(TOTP + "&period=86400").period());
    for (String period : new String[] {"0", "86401"}) {
      String text = TOTP + "&period=" + period;
      int at = text.length() - period.length();
      assertRefused(
          Reason.INVALID_PERIOD,
          at,
          "period must be a number of seconds from 1 to 86400: " + period + " at index " + at,
          text);
    }
  }

  @Test
  void parse_describesANumberWithoutQuotingWhatIsNone() {
    String hotp = "otpauth://hotp/ACME:alice?secret=" + KEY + "&counter=";
    int at = hotp.length();
    Object[][] cases = {
      {"-0", "counter must not be negative: -0"},
      {"-1", "counter must not be negative: -1"},
      {"-", "counter must be a decimal number from 0 to 9223372036854775807: not a decimal number"},
      {
        "-" + "9".repeat(20),
        "counter must be a decimal number from 0 to 9223372036854775807: -" + "9".repeat(20)
      },
      {
        "1".repeat(21),
        "counter must be a decimal number from 0 to 9223372036854775807: " + "1".repeat(21)
      },
      {
        "1".repeat(22),
        "counter must be a decimal number from 0 to 9223372036854775807: not a decimal number"
      },
    };
    for (Object[] c : cases) {
      assertRefused(Reason.INVALID_COUNTER, at, c[1] + " at index " + at, hotp + c[0]);
    }
    String digits = TOTP + "&digits=-";
    assertRefused(
        Reason.INVALID_DIGITS,
        digits.length() - 1,
        "digits must be a number from 6 to 10: not a decimal number at index "
            + (digits.length() - 1),
        digits);
  }
}
