package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

final class CodesTest {
  /** A digit count and a value that a code of that many digits can have. */
  record Code(int digits, long value) {}

  @Provide
  Arbitrary<Code> codes() {
    return Arbitraries.integers()
        .between(Codes.MIN_DIGITS, Codes.MAX_DIGITS)
        .flatMap(
            digits ->
                Combinators.combine(
                        Arbitraries.just(digits),
                        Arbitraries.longs()
                            .between(0, Math.min(Codes.modulus(digits), 1L << 31) - 1)
                            .edgeCases(c -> c.add(0L, 9L, 10L, 99_999L, 100_000L, 999_999L)))
                    .as(Code::new));
  }

  @Property
  void format_isTheValueZeroPaddedToDigits(@ForAll("codes") Code code) {
    String expected = String.format(Locale.ROOT, "%0" + code.digits() + "d", code.value());
    assertEquals(expected, Codes.format(code.value(), code.digits()));
  }

  @Property
  void parse_readsWhatFormatWrites(@ForAll("codes") Code code) {
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
}
