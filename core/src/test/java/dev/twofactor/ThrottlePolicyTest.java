package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

final class ThrottlePolicyTest {
  @Test
  void defaults_areTheDocumentedTable() {
    ThrottlePolicy p = ThrottlePolicy.defaults();
    assertEquals(3, p.freeFailures());
    assertEquals(Duration.ofSeconds(30), p.firstDelay());
    assertEquals(Duration.ofHours(24), p.lockOut());
    List<Duration> delays = new ArrayList<>();
    for (int failures = 0; failures <= 17; failures++) {
      delays.add(p.delayAfter(failures));
    }
    assertEquals(
        List.of(
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            Duration.ofMinutes(4),
            Duration.ofMinutes(8),
            Duration.ofMinutes(16),
            Duration.ofMinutes(32),
            Duration.ofMinutes(64),
            Duration.ofMinutes(128),
            Duration.ofMinutes(256),
            Duration.ofMinutes(512),
            Duration.ofMinutes(1024),
            Duration.ofHours(24),
            Duration.ofHours(24)),
        delays);
    assertEquals(Duration.ofHours(24), p.delayAfter(Integer.MAX_VALUE));
  }

  @Test
  void defaults_makeNistsHundredFailuresTakeMoreThan85Days() {
    Duration total = Duration.ZERO;
    for (int failures = 1; failures < 100; failures++) {
      total = total.plus(ThrottlePolicy.defaults().delayAfter(failures));
    }
    assertEquals(85, total.toDays());
  }

  @Test
  void retryAfter_isTheBackOffOfASource() {
    ThrottlePolicy p = ThrottlePolicy.defaults();
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertEquals(100, p.maxFailures());
    assertNull(p.retryAfter(3, now));
    assertEquals(now.plusSeconds(30), p.retryAfter(4, now));
    assertEquals(now.plus(Duration.ofHours(24)), p.retryAfter(99, now));
    assertEquals(now.plus(Duration.ofHours(24)), p.retryAfter(Integer.MAX_VALUE, now));
    ThrottlePolicy five = ThrottlePolicy.builder().freeFailures(4).maxFailures(5).build();
    assertNull(five.retryAfter(4, now));
    assertNotEquals(p, five);
    ThrottlePolicy none =
        ThrottlePolicy.builder()
            .freeFailures(Integer.MAX_VALUE)
            .maxFailures(Integer.MAX_VALUE)
            .build();
    assertNull(none.retryAfter(Integer.MAX_VALUE, now), "no back-off");
  }

  @Test
  void budgets_takeTheirNumberAtOnceThenRefillSteadily() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Instant spent = null;
    for (int i = 0; i < 10; i++) {
      assertNull(ThrottlePolicy.exhaustedUntil(spent, now, 10, ThrottlePolicy.DAY), "failure " + i);
      spent = ThrottlePolicy.spend(spent, now, 10, ThrottlePolicy.DAY);
    }
    assertEquals(now.plus(Duration.ofHours(24)), spent);
    Instant refill = now.plus(Duration.ofMinutes(144));
    assertEquals(refill, ThrottlePolicy.exhaustedUntil(spent, now, 10, ThrottlePolicy.DAY));
    assertNull(ThrottlePolicy.exhaustedUntil(spent, refill, 10, ThrottlePolicy.DAY));
    spent = ThrottlePolicy.spend(spent, refill, 10, ThrottlePolicy.DAY);
    assertEquals(
        refill.plus(Duration.ofMinutes(144)),
        ThrottlePolicy.exhaustedUntil(spent, refill, 10, ThrottlePolicy.DAY));
    // An old spent-until lies in the past: the budget is full again.
    assertNull(
        ThrottlePolicy.exhaustedUntil(now, now.plus(Duration.ofDays(1)), 10, ThrottlePolicy.DAY));
    assertEquals(
        now.plus(Duration.ofDays(1)),
        ThrottlePolicy.spend(
            now, now.plus(Duration.ofHours(21).plusMinutes(36)), 10, ThrottlePolicy.DAY));
    assertNull(ThrottlePolicy.spend(spent, now, ThrottlePolicy.UNLIMITED, ThrottlePolicy.DAY));
    assertNull(
        ThrottlePolicy.exhaustedUntil(spent, now, ThrottlePolicy.UNLIMITED, ThrottlePolicy.DAY));
  }

  /** Every failure count from 0 to 1000: all 1001 of them, no sample. */
  static IntStream failureCounts() {
    return IntStream.rangeClosed(0, 1_000);
  }

  @ParameterizedTest
  @MethodSource("failureCounts")
  void delayAfter_neverShrinksAndNeverExceedsTheLockOut(int failures) {
    ThrottlePolicy p = ThrottlePolicy.defaults();
    Duration delay = p.delayAfter(failures);
    assertEquals(true, delay.compareTo(p.delayAfter(failures + 1)) <= 0);
    assertEquals(true, delay.compareTo(p.lockOut()) <= 0);
  }

  @Test
  void builder_setsEverything() {
    ThrottlePolicy p =
        ThrottlePolicy.builder()
            .freeFailures(0)
            .backoff(Duration.ofSeconds(1), Duration.ofSeconds(5))
            .build();
    assertEquals(Duration.ofSeconds(1), p.delayAfter(1));
    assertEquals(Duration.ofSeconds(2), p.delayAfter(2));
    assertEquals(Duration.ofSeconds(4), p.delayAfter(3));
    assertEquals(Duration.ofSeconds(5), p.delayAfter(4));
    assertEquals(
        "ThrottlePolicy[0 free failures, then PT1S doubling up to PT5S, 5 a day, 10 in 30 days,"
            + " locked after 100]",
        p.toString());
    assertEquals(
        "ThrottlePolicy[3 free failures, then PT30S doubling up to PT24H, 5 a day, 10 in 30"
            + " days, locked after 100]",
        ThrottlePolicy.defaults().toString());
    ThrottlePolicy budgets = ThrottlePolicy.builder().budgets(5, 12).build();
    assertEquals(5, budgets.dailyBudget());
    assertEquals(12, budgets.monthlyBudget());
    assertEquals(
        "ThrottlePolicy[3 free failures, then PT30S doubling up to PT24H, no daily budget, no"
            + " monthly budget, no hard stop]",
        ThrottlePolicy.builder()
            .budgets(ThrottlePolicy.UNLIMITED, ThrottlePolicy.UNLIMITED)
            .maxFailures(ThrottlePolicy.UNLIMITED)
            .build()
            .toString());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ThrottlePolicy.builder().budgets(0, 20).build());
    assertEquals("budgets must be at least 1: 0 a day, 20 in 30 days", e.getMessage());
  }

  @Test
  void builder_checksItsSettings() {
    Object[][] cases = {
      {ThrottlePolicy.builder().freeFailures(-1), "freeFailures must not be negative: -1"},
      {
        ThrottlePolicy.builder().backoff(Duration.ZERO, Duration.ofHours(1)),
        "first delay must be positive: PT0S"
      },
      {
        ThrottlePolicy.builder().backoff(Duration.ofMinutes(2), Duration.ofMinutes(1)),
        "lockOut must be between the first delay (PT2M) and PT8760H: PT1M"
      },
      {
        ThrottlePolicy.builder().backoff(Duration.ofMinutes(2), Duration.ofDays(366)),
        "lockOut must be between the first delay (PT2M) and PT8760H: PT8784H"
      },
      {
        ThrottlePolicy.builder().maxFailures(3), "maxFailures must be more than freeFailures (3): 3"
      },
    };
    for (Object[] c : cases) {
      ThrottlePolicy.Builder b = (ThrottlePolicy.Builder) c[0];
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
      assertEquals(c[1], e.getMessage());
    }
  }

  @Test
  void equals_comparesSettings() {
    assertEquals(ThrottlePolicy.defaults(), ThrottlePolicy.builder().build());
    assertEquals(ThrottlePolicy.defaults().hashCode(), ThrottlePolicy.builder().build().hashCode());
    assertNotEquals(ThrottlePolicy.defaults(), ThrottlePolicy.builder().freeFailures(5).build());
    assertNotEquals(
        ThrottlePolicy.defaults().hashCode(),
        ThrottlePolicy.builder().freeFailures(5).build().hashCode());
  }

  @Test
  void builder_acceptsTheEdgesOfEachRange() {
    ThrottlePolicy equal =
        ThrottlePolicy.builder().backoff(Duration.ofMinutes(2), Duration.ofMinutes(2)).build();
    assertEquals(Duration.ofMinutes(2), equal.lockOut());
    assertEquals(Duration.ofMinutes(2), equal.delayAfter(10));
    ThrottlePolicy longest =
        ThrottlePolicy.builder().backoff(Duration.ofNanos(1), Duration.ofDays(365)).build();
    assertEquals(Duration.ofNanos(1), longest.firstDelay());
    assertEquals(Duration.ofDays(365), longest.lockOut());
    ThrottlePolicy budgets = ThrottlePolicy.builder().budgets(1, 1).build();
    assertEquals(1, budgets.dailyBudget());
    assertEquals(1, budgets.monthlyBudget());
    assertEquals(
        "budgets must be at least 1: 1 a day, 0 in 30 days",
        assertThrows(
                IllegalArgumentException.class,
                () -> ThrottlePolicy.builder().budgets(1, 0).build())
            .getMessage());
  }

  @Test
  void delayAfter_startsWithTheFirstDelayRightAfterTheFreeFailures() {
    ThrottlePolicy p = ThrottlePolicy.defaults();
    assertEquals(3, p.freeFailures());
    assertEquals(Duration.ZERO, p.delayAfter(0));
    assertEquals(Duration.ZERO, p.delayAfter(3));
    assertEquals(Duration.ofSeconds(30), p.delayAfter(4));
    assertEquals(Duration.ofMinutes(1), p.delayAfter(5));
    assertEquals(Duration.ofMinutes(2), p.delayAfter(6));
  }
}
