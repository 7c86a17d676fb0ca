package dev.twofactor.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Clock} that stands still until a test moves it.
 *
 * <pre>{@code
 * FakeClock clock = FakeClock.at(Instant.parse("2026-01-01T00:00:00Z"));
 * clock.advance(Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Thread-safe: {@link #set}, {@link #advance} and {@link #instant} may be called from any
 * thread, and every thread sees a move at once. {@link #withZone} returns a view in another zone
 * that shares this clock's time, so moving either moves both.
 */
public final class FakeClock extends Clock {
  private final Time now;
  private final ZoneId zone;

  private FakeClock(Time now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * Returns a clock standing at the given instant, in UTC.
   *
   * @param instant the time the clock shows
   * @return a new clock
   */
  public static FakeClock at(Instant instant) {
    return new FakeClock(new Time(Objects.requireNonNull(instant, "instant")), ZoneOffset.UTC);
  }

  /**
   * Moves the clock to an instant, forwards or backwards.
   *
   * @param instant the new time
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  /**
   * Moves the clock by a duration; a negative duration moves it back.
   *
   * @param duration how far to move
   * @return the new time
   * @throws java.time.DateTimeException if the result is outside the range of {@link Instant}
   */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    return now.advance(duration);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /**
   * Returns a view of this clock in another zone; it shares this clock's time.
   *
   * @param zone the zone of the view
   * @return a clock that moves whenever this one does
   */
  @Override
  public FakeClock withZone(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    return zone.equals(this.zone) ? this : new FakeClock(now, zone);
  }

  /**
   * Two fake clocks are equal if they share their time and have the same zone.
   *
   * @param other the object to compare with
   * @return whether {@code other} is a view of the same time in the same zone
   */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof FakeClock that && that.now == now && that.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(now) * 31 + zone.hashCode();
  }

  @Override
  public String toString() {
    return "FakeClock[" + now.get() + ", " + zone + "]";
  }

  /** The time shared by a clock and its views in other zones. */
  private static final class Time {
    private volatile Instant instant;

    Time(Instant instant) {
      this.instant = instant;
    }

    Instant get() {
      return instant;
    }

    synchronized void set(Instant instant) {
      this.instant = instant;
    }

    synchronized Instant advance(Duration duration) {
      // synchronized so that concurrent advances add up; readers need only the volatile read.
      instant = instant.plus(duration);
      return instant;
    }
  }
}
