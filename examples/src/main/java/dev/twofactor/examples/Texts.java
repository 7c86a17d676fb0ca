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
   * Breaks a paragraph into lines at spaces, so that no line is longer than the width unless a
   * single word is.
   *
   * @param text the paragraph, words separated by single spaces
   * @param width the longest line, indent included
   * @param first the indent of the first line
   * @param rest the indent of the other lines
   * @return the lines, each ending with a line break
   */
  static String wrap(String text, int width, String first, String rest) {
    StringBuilder lines = new StringBuilder();
    StringBuilder line = new StringBuilder(first);
    boolean empty = true;
    for (String word : text.split(" ", -1)) {
      if (!empty && line.length() + 1 + word.length() > width) {
        lines.append(line).append('\n');
        line = new StringBuilder(rest);
        empty = true;
      }
      if (!empty) {
        line.append(' ');
      }
      line.append(word);
      empty = false;
    }
    return lines.append(line).append('\n').toString();
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
    long seconds = (millis + 999) / 1000;
    if (seconds < 120) {
      return seconds + " s";
    }
    long minutes = (seconds + 59) / 60;
    return minutes < 120 ? minutes + " min" : minutes / 60 + " h " + minutes % 60 + " min";
  }
}
