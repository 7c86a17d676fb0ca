package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class RecoveryCodePolicyTest {
  @Test
  void defaults_areTenCodesAndAHundredThousandIterations() {
    RecoveryCodePolicy p = RecoveryCodePolicy.defaults();
    assertEquals(10, p.count());
    assertEquals(100_000, p.iterations());
    assertEquals(
        "RecoveryCodePolicy[10 codes of 60 bits, PBKDF2-HMAC-SHA256 with 100000 iterations]",
        p.toString());
    // The defaults' throttle is the one the builder documents (it was once read before it was
    // initialised, and a wrong recovery code then failed with a NullPointerException).
    ThrottlePolicy throttle = p.throttle();
    assertEquals(5, throttle.freeFailures());
    assertEquals(Duration.ofSeconds(1), throttle.firstDelay());
    assertEquals(Duration.ofMinutes(5), throttle.lockOut());
    assertEquals(Integer.MAX_VALUE, throttle.dailyBudget());
    assertEquals(Integer.MAX_VALUE, throttle.maxFailures());
    assertEquals(RecoveryCodePolicy.builder().build(), p);
  }

  @Test
  void builder_checksItsSettings() {
    Object[][] cases = {
      {RecoveryCodePolicy.builder().count(0), "count must be between 1 and 100: 0"},
      {RecoveryCodePolicy.builder().count(101), "count must be between 1 and 100: 101"},
      {
        RecoveryCodePolicy.builder().iterations(999),
        "iterations must be between 1000 and 100000000: 999"
      },
      {
        RecoveryCodePolicy.builder().iterations(100_000_001),
        "iterations must be between 1000 and 100000000: 100000001"
      },
    };
    for (Object[] c : cases) {
      RecoveryCodePolicy.Builder b = (RecoveryCodePolicy.Builder) c[0];
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
      assertEquals(c[1], e.getMessage());
    }
  }

  @Test
  void equals_comparesSettings() {
    RecoveryCodePolicy p = RecoveryCodePolicy.builder().count(12).iterations(2_000).build();
    assertEquals(p, RecoveryCodePolicy.builder().count(12).iterations(2_000).build());
    assertEquals(
        p.hashCode(), RecoveryCodePolicy.builder().count(12).iterations(2_000).build().hashCode());
    assertNotEquals(p, RecoveryCodePolicy.defaults());
  }

  @Test
  void builder_acceptsTheEdgesOfEachRange() {
    RecoveryCodePolicy least = RecoveryCodePolicy.builder().count(1).iterations(1_000).build();
    assertEquals(1, least.count());
    assertEquals(1_000, least.iterations());
    RecoveryCodePolicy most =
        RecoveryCodePolicy.builder().count(100).iterations(100_000_000).build();
    assertEquals(100, most.count());
    assertEquals(100_000_000, most.iterations());
    assertNotEquals(least, most);
    assertNotEquals(least.hashCode(), most.hashCode());
    assertNotEquals(
        least.hashCode(),
        RecoveryCodePolicy.builder().count(1).iterations(1_001).build().hashCode());
  }
}
