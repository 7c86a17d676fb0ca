package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The locale-independent case rules and the quoting used in messages. */
final class AsciiTest {
  @Test
  void toUpperCase_changesOnlyAToZ() {
    assertEquals("`AZ{İıß", Ascii.toUpperCase("`az{İıß"));
    assertEquals("@AZ[", Ascii.toUpperCase("@AZ["));
  }

  @Test
  void toLowerCase_changesOnlyCapitalAToZ() {
    assertEquals("@az[İıß", Ascii.toLowerCase("@AZ[İıß"));
    assertEquals("`az{", Ascii.toLowerCase("`az{"));
  }

  @Test
  void regionMatchesIgnoreCase_foldsOnlyCapitalAToZ() {
    assertTrue(Ascii.regionMatchesIgnoreCase("xAZx", 1, "az"));
    assertTrue(Ascii.regionMatchesIgnoreCase("az", 0, "az"));
    // '@' and '[' are next to 'A' and 'Z'; folded they would be '`' and '{'.
    assertFalse(Ascii.regionMatchesIgnoreCase("@", 0, "`"));
    assertFalse(Ascii.regionMatchesIgnoreCase("[", 0, "{"));
    assertFalse(Ascii.regionMatchesIgnoreCase("İ", 0, "i"));
  }

  @Test
  void regionMatchesIgnoreCase_isFalseOutsideTheText() {
    assertTrue(Ascii.regionMatchesIgnoreCase("sha1", 2, "a1"));
    assertFalse(Ascii.regionMatchesIgnoreCase("sha1", 3, "a1"));
    assertFalse(Ascii.regionMatchesIgnoreCase("sha1", -1, "s"));
    assertTrue(Ascii.regionMatchesIgnoreCase("sha1", 4, ""));
    assertFalse(Ascii.regionMatchesIgnoreCase("sha1", 5, ""));
  }

  @Test
  void describe_quotesPrintableAsciiAndNamesEverythingElse() {
    assertEquals("'!'", Ascii.describe('!'));
    assertEquals("'~'", Ascii.describe('~'));
    assertEquals("U+0020", Ascii.describe(' '));
    assertEquals("U+007F", Ascii.describe(0x7f));
    assertEquals("U+0131", Ascii.describe('ı'));
    assertEquals("U+1F511", Ascii.describe(0x1F511));
  }

  @Test
  void quote_cutsAfter32Characters() {
    String thirtyTwo = "a".repeat(32);
    assertEquals('"' + thirtyTwo + '"', Ascii.quote(thirtyTwo));
    assertEquals('"' + thirtyTwo + "…\"", Ascii.quote(thirtyTwo + "b"));
    assertEquals("\"\"", Ascii.quote(""));
  }

  @Test
  void quote_neverCutsASurrogatePairInTwo() {
    String key = "\uD83D\uDD11"; // U+1F511, two chars
    String thirtyOne = "a".repeat(31);
    assertEquals('"' + thirtyOne + "…\"", Ascii.quote(thirtyOne + key + "b"));
    assertEquals('"' + thirtyOne + "…\"", Ascii.quote(thirtyOne + key));
    assertEquals('"' + "a".repeat(30) + key + '"', Ascii.quote("a".repeat(30) + key));
    assertEquals('"' + "a".repeat(30) + key + "…\"", Ascii.quote("a".repeat(30) + key + "b"));
  }

  @Test
  void quote_keepsSurrogatePairsAndEscapesLoneSurrogates() {
    assertEquals("\"a\uD83D\uDD11b\"", Ascii.quote("a\uD83D\uDD11b"));
    assertEquals("\"\\ud83d\"", Ascii.quote("\uD83D"));
    assertEquals("\"a\\ud83d\"", Ascii.quote("a\uD83D"));
    assertEquals("\"\\ud83db\"", Ascii.quote("\uD83Db"));
    assertEquals("\"\\udd11\"", Ascii.quote("\uDD11"));
    assertEquals("\"a\\udd11\"", Ascii.quote("a\uDD11"));
    assertEquals("\"\\udd11\\ud83d\"", Ascii.quote("\uDD11\uD83D"));
  }

  @Test
  void quote_escapesWhatChangesHowALineIsShown() {
    assertEquals(
        "\"\\u0000\\u001b\\u007f\\u202e\\u2028\\u2029\\\"\\\\ é\"",
        Ascii.quote("\u0000\u001b\u007f\u202e\u2028\u2029\"\\ é"));
  }

  @Test
  void parseDecimal_readsUpTo20CharactersWithLeadingZerosAndSign() {
    assertEquals(1, Ascii.parseDecimal("0".repeat(19) + "1"));
    assertEquals(-1, Ascii.parseDecimal("-" + "0".repeat(18) + "1"));
    assertEquals(Long.MIN_VALUE, Ascii.parseDecimal("0".repeat(20) + "1"));
    assertEquals(Long.MAX_VALUE, Ascii.parseDecimal("9223372036854775807"));
    assertEquals(Long.MIN_VALUE, Ascii.parseDecimal("9223372036854775808"));
    assertEquals(Long.MIN_VALUE, Ascii.parseDecimal("-"));
    assertEquals(Long.MIN_VALUE, Ascii.parseDecimal(""));
    assertEquals(Long.MIN_VALUE, Ascii.parseDecimal("+1"));
    assertEquals(Long.MIN_VALUE, Ascii.parseDecimal("\u0661"));
  }
}
