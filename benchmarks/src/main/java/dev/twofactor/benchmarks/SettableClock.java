package dev.twofactor.benchmarks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock in UTC that shows the instant it was last set to, read from a plain field: the cheapest
 * clock a benchmark can give {@link dev.twofactor.TwoFactor}, so that reading the time adds nothing
 * to what is measured.
 *
 * <p>Not thread-safe: one benchmark thread sets it and reads it. (testkit's {@code FakeClock} is
 * the thread-safe one for tests.)
 */
final class SettableClock extends Clock {
  private Instant instant;

  /** A clock standing at the given instant. */
  SettableClock(Instant instant) {
    this.instant = Objects.requireNonNull(instant, "instant");
  }

  /** Moves the clock to an instant, forwards or backwards. */
  void set(Instant instant) {
    this.instant = Objects.requireNonNull(instant, "instant");
  }

  @Override
  public Instant instant() {
    return instant;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /**
   * Returns this clock for UTC; a settable clock has no other zone.
   *
   * @throws IllegalArgumentException for any zone but UTC
   */
  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone)) {
      throw new IllegalArgumentException("zone must be UTC: " + zone);
    }
    return this;
  }
}
