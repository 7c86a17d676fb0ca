package dev.twofactor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

final class TextsTest {
  @Test
  void time_isUtcWithAsciiDigitsInEveryLocale() {
    // The suite runs under tr-TR and ar-EG too.
    assertEquals("09:01:30 UTC", Texts.time(Instant.parse("2026-11-28T09:01:30.999Z")));
  }

  @Test
  void seconds_roundsUpAndNeverGoesNegative() {
    Instant start = Instant.parse("2026-11-28T09:00:00Z");
    assertEquals("30 s", Texts.seconds(start, start.plusSeconds(30)));
    assertEquals("1 s", Texts.seconds(start, start.plusMillis(1)));
    assertEquals("0 s", Texts.seconds(start, start));
    assertEquals("0 s", Texts.seconds(start, start.minusSeconds(5)));
    assertEquals("119 s", Texts.seconds(start, start.plusSeconds(119)));
    assertEquals("2 min", Texts.seconds(start, start.plusSeconds(120)));
    assertEquals("3 min", Texts.seconds(start, start.plusSeconds(121)));
    assertEquals("2 h 0 min", Texts.seconds(start, start.plusSeconds(7200)));
    assertEquals("4 h 48 min", Texts.seconds(start, start.plusSeconds(17250)));
  }

  @Test
  void wrap_breaksAtSpacesWithinTheWidth() {
    assertEquals(
        "  ! one two\n    three four\n    five\n",
        Texts.wrap("one two three four five", 14, "  ! ", "    "));
  }

  @Test
  void wrap_shortText_isOneLine() {
    assertEquals("  ! fits\n", Texts.wrap("fits", 78, "  ! ", "    "));
  }

  @Test
  void wrap_wordLongerThanTheWidth_standsOnItsOwnLine() {
    assertEquals(
        "  ! a\n    0123456789abcdef\n    b\n",
        Texts.wrap("a 0123456789abcdef b", 10, "  ! ", "    "));
  }
}
