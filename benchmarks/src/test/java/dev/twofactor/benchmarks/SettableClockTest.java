package dev.twofactor.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

final class SettableClockTest {
  private static final Instant T = Instant.parse("2026-11-28T09:41:07Z");

  @Test
  void instant_isTheLastOneSet_forwardsOrBackwards() {
    SettableClock clock = new SettableClock(T);
    assertEquals(T, clock.instant());
    assertEquals(T.toEpochMilli(), clock.millis());
    clock.set(T.plusSeconds(30));
    assertEquals(T.plusSeconds(30), clock.instant());
    clock.set(T.minusSeconds(3600));
    assertEquals(T.minusSeconds(3600), clock.instant());
  }

  @Test
  void zone_isUtcOnly() {
    SettableClock clock = new SettableClock(T);
    assertEquals(ZoneOffset.UTC, clock.getZone());
    assertSame(clock, clock.withZone(ZoneOffset.UTC));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> clock.withZone(ZoneId.of("Europe/Istanbul")));
    assertEquals("zone must be UTC: Europe/Istanbul", e.getMessage());
  }

  @Test
  void set_refusesNull() {
    SettableClock clock = new SettableClock(T);
    NullPointerException e = assertThrows(NullPointerException.class, () -> clock.set(null));
    assertEquals("instant", e.getMessage());
  }
}
