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
}
