package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 3986 percent-encoding as the otpauth writer and reader use it. */
final class PercentEncodingTest {
  @Test
  void isUnreserved_isTrueForRfc3986UnreservedCharactersOnly() {
    for (char c : "AZaz09-._~".toCharArray()) {
      assertTrue(PercentEncoding.isUnreserved(c), String.valueOf(c));
    }
    // The neighbours of each range, and the reserved and other printable characters.
    for (char c : "@[`{/:+ %!*'()&=?#,;$".toCharArray()) {
      assertFalse(PercentEncoding.isUnreserved(c), String.valueOf(c));
    }
    assertFalse(PercentEncoding.isUnreserved(0xc3));
  }

  @Test
  void append_escapesEveryOtherByteOfUtf8InUpperCaseHex() {
    StringBuilder out = new StringBuilder("x");
    PercentEncoding.append(out, "A z~:é\u0000\u007f😀");
    assertEquals("xA%20z~%3A%C3%A9%00%7F%F0%9F%98%80", out.toString());
  }

  @Test
  void hexValue_readsBothCasesAndRefusesTheNeighbours() {
    assertEquals(0, PercentEncoding.hexValue('0'));
    assertEquals(9, PercentEncoding.hexValue('9'));
    assertEquals(10, PercentEncoding.hexValue('A'));
    assertEquals(15, PercentEncoding.hexValue('F'));
    assertEquals(10, PercentEncoding.hexValue('a'));
    assertEquals(15, PercentEncoding.hexValue('f'));
    for (char c : "/:@G`g٣".toCharArray()) {
      assertEquals(-1, PercentEncoding.hexValue(c), String.valueOf(c));
    }
  }
}
