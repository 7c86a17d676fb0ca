package dev.twofactor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class FakeClockTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void at_standsStillAtTheInstantInUtc() {
    FakeClock clock = FakeClock.at(START);
    assertEquals(START, clock.instant());
    assertEquals(START, clock.instant());
    assertEquals(START.toEpochMilli(), clock.millis());
    assertEquals(ZoneOffset.UTC, clock.getZone());
  }

  @Test
  void at_rejectsNull() {
    assertEquals(
        "instant", assertThrows(NullPointerException.class, () -> FakeClock.at(null)).getMessage());
  }

  @Test
  void set_movesForwardsAndBackwards() {
    FakeClock clock = FakeClock.at(START);
    clock.set(START.plusSeconds(90));
    assertEquals(START.plusSeconds(90), clock.instant());
    clock.set(Instant.EPOCH);
    assertEquals(Instant.EPOCH, clock.instant());
    assertEquals(
        "instant", assertThrows(NullPointerException.class, () -> clock.set(null)).getMessage());
  }

  @Test
  void advance_movesByTheDurationAndReturnsTheNewTime() {
    FakeClock clock = FakeClock.at(START);
    assertEquals(START.plusSeconds(30), clock.advance(Duration.ofSeconds(30)));
    assertEquals(START.plusSeconds(30), clock.instant());
    assertEquals(START.plusMillis(29_999), clock.advance(Duration.ofMillis(-1)));
    assertEquals(START.plusMillis(29_999), clock.instant());
  }

  @Test
  void advance_rejectsNullAndLeavingTheRangeOfInstant() {
    FakeClock clock = FakeClock.at(Instant.MAX);
    assertEquals(
        "duration",
        assertThrows(NullPointerException.class, () -> clock.advance(null)).getMessage());
    assertThrows(DateTimeException.class, () -> clock.advance(Duration.ofNanos(1)));
    assertEquals(Instant.MAX, clock.instant());
  }

  @Test
  void advance_concurrentAdvancesAllAddUp() throws Exception {
    int threads = 8;
    int perThread = 1_000;
    FakeClock clock = FakeClock.at(START);
    FakeClock paris = clock.withZone(PARIS);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        // Half the threads move the clock through a view in another zone.
        FakeClock target = t % 2 == 0 ? clock : paris;
        results.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  for (int i = 0; i < perThread; i++) {
                    target.advance(Duration.ofSeconds(1));
                  }
                  return null;
                }));
      }
      ready.await();
      go.countDown();
      for (Future<?> result : results) {
        result.get(1, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(START.plusSeconds((long) threads * perThread), clock.instant());
  }

  @Test
  void withZone_sharesTheTimeBothWays() {
    FakeClock clock = FakeClock.at(START);
    FakeClock paris = clock.withZone(PARIS);
    assertEquals(PARIS, paris.getZone());
    assertEquals(ZoneOffset.UTC, clock.getZone());
    paris.advance(Duration.ofMinutes(5));
    assertEquals(START.plusSeconds(300), clock.instant());
    clock.set(START);
    assertEquals(START, paris.instant());
    assertEquals(clock, paris.withZone(ZoneOffset.UTC));
  }

  @Test
  void withZone_returnsTheSameClockForItsOwnZone() {
    FakeClock clock = FakeClock.at(START);
    assertSame(clock, clock.withZone(ZoneOffset.UTC));
    assertEquals(
        "zone", assertThrows(NullPointerException.class, () -> clock.withZone(null)).getMessage());
  }

  @Test
  void equals_meansTheSameTimeInTheSameZone() {
    FakeClock clock = FakeClock.at(START);
    FakeClock paris = clock.withZone(PARIS);
    FakeClock twin = FakeClock.at(START);
    assertEquals(clock, clock);
    assertEquals(paris, clock.withZone(PARIS));
    assertEquals(paris.hashCode(), clock.withZone(PARIS).hashCode());
    assertNotEquals(clock, paris);
    // Showing the same instant is not enough: the clocks would part at the next move.
    assertNotEquals(clock, twin);
    assertNotEquals(clock, java.time.Clock.fixed(START, ZoneOffset.UTC));
  }

  @Test
  void toString_showsTimeAndZone() {
    FakeClock clock = FakeClock.at(START);
    assertEquals("FakeClock[2026-01-01T00:00:00Z, Z]", clock.toString());
    assertEquals("FakeClock[2026-01-01T00:00:00Z, Europe/Paris]", clock.withZone(PARIS).toString());
  }
}
