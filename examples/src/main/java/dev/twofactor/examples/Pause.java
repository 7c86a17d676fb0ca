package dev.twofactor.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Waits until an instant: really in the demo, by moving a fake clock in tests. */
@FunctionalInterface
interface Pause {
  /**
   * Returns once the instant has come.
   *
   * @param instant when to return
   * @throws InterruptedException if the wait was interrupted
   */
  void until(Instant instant) throws InterruptedException;

  /**
   * Returns a pause that sleeps until a clock shows the instant.
   *
   * @param clock the clock to watch
   * @return a pause that sleeps
   */
  static Pause sleeping(Clock clock) {
    return instant -> {
      long millis;
      while ((millis = Duration.between(clock.instant(), instant).toMillis()) > 0) {
        Thread.sleep(millis);
      }
    };
  }
}
