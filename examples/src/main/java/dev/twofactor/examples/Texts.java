package dev.twofactor.examples;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the demo writes times and waits: the same in every locale, ASCII digits. */
final class Texts {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Texts() {}

  /**
   * Writes the time of day of an instant in UTC.
   *
   * @param instant the instant
   * @return for example {@code "09:01:30 UTC"}
   */
  static String time(Instant instant) {
    return TIME.format(instant);
  }

  /**
   * Writes the wait from one instant to a later one in whole seconds, rounded up.
   *
   * @param from the start
   * @param to the end
   * @return for example {@code "30 s"}; {@code "0 s"} if the end is not later
   */
  static String seconds(Instant from, Instant to) {
    long millis = Math.max(0, Duration.between(from, to).toMillis());
    return (millis + 999) / 1000 + " s";
  }
}
