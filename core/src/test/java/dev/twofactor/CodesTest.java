package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class CodesTest {
  /** A digit count and a value that a code of that many digits can have. */
  record Code(int digits, long value) {}

  /**
   * 0, 9, 10, 99 999, 100 000 and 999 999, and the ends of the range, for each digit count that
   * holds them; then 1000 drawn codes.
   */
  static Stream<Arguments> codes() {
    List<Arguments> edges = new ArrayList<>();
    for (int digits = Codes.MIN_DIGITS; digits <= Codes.MAX_DIGITS; digits++) {
      long max = Math.min(Codes.modulus(digits), 1L << 31) - 1;
      for (long value : new long[] {0, 1, 9, 10, 99_999, 100_000, 999_999, max - 1, max}) {
        if (value <= max) {
          edges.add(Arguments.of(new Code(digits, value)));
        }
      }
    }
    return Seeded.cases(
        edges,
        1000,
        random -> {
          int digits = Seeded.between(random, Codes.MIN_DIGITS, Codes.MAX_DIGITS);
          long max = Math.min(Codes.modulus(digits), 1L << 31) - 1;
          return Arguments.of(new Code(digits, Seeded.between(random, 0L, max)));
        });
  }

  @Seeded.Property
  @MethodSource("codes")
  void format_isTheValueZeroPaddedToDigits(Code code) {
    String expected = String.format(Locale.ROOT, "%0" + code.digits() + "d", code.value());
    assertEquals(expected, Codes.format(code.value(), code.digits()));
  }

  @Seeded.Property
  @MethodSource("codes")
  void parse_readsWhatFormatWrites(Code code) {
    String text = Codes.format(code.value(), code.digits());
    assertEquals(code.value(), Codes.parse(text, code.digits()));
    assertEquals(code.value(), Codes.parse(" " + text + "\t", code.digits()));
  }

  @Test
  void format_padsEveryShortLength() {
    assertEquals("000000", Codes.format(0, 6));
    assertEquals("000009", Codes.format(9, 6));
    assertEquals("000010", Codes.format(10, 6));
    assertEquals("099999", Codes.format(99_999, 6));
    assertEquals("100000", Codes.format(100_000, 6));
    assertEquals("0000000000", Codes.format(0, 10));
    assertEquals("0000000001", Codes.format(1, 10));
    assertEquals("2147483647", Codes.format(Integer.MAX_VALUE, 10));
  }

  @Test
  void parse_ignoresBlanksAroundAndSpacesInside() {
    assertEquals(123_456, Codes.parse("\u00a0 123 456\n", 6));
    assertEquals(123_456, Codes.parse("123\u2007456", 6));
  }

  @Test
  void parse_refusesWhatIsNotExactlyTheDigits() {
    for (String bad :
        new String[] {"+12345", "-12345", "12345", "1234567", "１２３４５６", "١٢٣٤٥٦", "12a456", ""}) {
      assertEquals(Codes.MALFORMED, Codes.parse(bad, 6), bad);
    }
  }

  @Test
  void parse_ignoresControlWhitespaceAroundButNotInside() {
    assertEquals(123_456, Codes.parse("\t\r\n123456\u000b\f\u001f", 6));
    assertEquals(Codes.MALFORMED, Codes.parse("123\t456", 6));
    assertEquals(Codes.MALFORMED, Codes.parse("\u0000123456", 6));
  }

  @Test
  void digitCount_countsTheDigitsOfACodeOfAnyLength() {
    assertEquals(6, Codes.digitCount("123456"));
    assertEquals(6, Codes.digitCount("\t123 456\n"));
    assertEquals(8, Codes.digitCount("1234\u00a05678"));
    assertEquals(10, Codes.digitCount("0123456789"));
    assertEquals(-1, Codes.digitCount("12345"));
    assertEquals(-1, Codes.digitCount("01234567890"));
    assertEquals(-1, Codes.digitCount(""));
    assertEquals(-1, Codes.digitCount("12345a"));
    assertEquals(-1, Codes.digitCount("123\t456"));
    assertEquals(-1, Codes.digitCount("١٢٣٤٥٦"));
  }
}
