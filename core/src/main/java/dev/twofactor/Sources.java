package dev.twofactor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the throttle keeps per client address: the back-off of each source that failed since the
 * last successful sign-in, and the addresses that signed in, which are the record's {@code sources}
 * field. Immutable.
 *
 * <p>Each entry is {@code <kind>:<source>:<failures>:<instant>}, entries separated by {@code ;}:
 * the kind is {@code c} for the back-off of codes, {@code r} for that of recovery codes and {@code
 * k} for a known source; the source a 12-character digest of the client address ({@code -} when the
 * host passed none, which is never known); the failures in a row from that source (0 for a known
 * source); and an instant in microseconds since the epoch: the end of the back-off ({@code 0} for
 * none), or the last sign-in of a known source. At most {@value #MAX_BACK_OFFS} back-offs: a new
 * one beyond them replaces the one that ends first; at most {@value #MAX_KNOWN} known sources, the
 * most recent. The digest keeps the field short; it is not a secret.
 */
final class Sources {
  static final int MAX_BACK_OFFS = 16;
  static final int MAX_KNOWN = 4;
  static final String UNKNOWN_SOURCE = "-";
  static final char CODES = 'c';
  static final char RECOVERY_CODES = 'r';
  static final char KNOWN = 'k';

  private static final Sources EMPTY = new Sources(new Entry[0]);
  private static final int SOURCE_BYTES = 9;

  private final Entry[] entries;

  private Sources(Entry[] entries) {
    this.entries = entries;
  }

  static Sources empty() {
    return EMPTY;
  }

  /**
   * Reads the stored text.
   *
   * @throws IllegalArgumentException with what must hold, never with the text
   */
  static Sources parse(@Nullable String text) {
    if (text == null) {
      return EMPTY;
    }
    List<Entry> read = new ArrayList<>();
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf(';', start);
      if (end < 0) {
        end = text.length();
      }
      read.add(Entry.parse(text.substring(start, end), read.size() + 1));
      if (read.size() > MAX_BACK_OFFS + MAX_KNOWN) {
        throw new IllegalArgumentException(
            "must have at most " + (MAX_BACK_OFFS + MAX_KNOWN) + " entries");
      }
      start = end + 1;
    }
    return new Sources(read.toArray(new Entry[0]));
  }

  /** Returns the stored text, or {@code null} if there is no entry. */
  @Nullable String encode() {
    if (entries.length == 0) {
      return null;
    }
    StringBuilder s = new StringBuilder();
    for (Entry e : entries) {
      if (s.length() > 0) {
        s.append(';');
      }
      s.append(e.kind).append(':').append(e.source).append(':').append(e.failures).append(':');
      s.append(e.retryAfterMicros);
    }
    return s.toString();
  }

  /** Returns until when a source takes no attempt of a kind, or {@code null} if it may try now. */
  @Nullable Instant blockedUntil(char kind, String source, Instant now) {
    Entry e = find(kind, source);
    if (e == null || e.retryAfterMicros == 0) {
      return null;
    }
    Instant until = Instant.EPOCH.plus(e.retryAfterMicros, ChronoUnit.MICROS);
    return until.isAfter(now) ? until : null;
  }

  /** Returns the failures in a row of a source and kind. */
  int failures(char kind, String source) {
    Entry e = find(kind, source);
    return e == null ? 0 : e.failures;
  }

  /** Counts one more failure of a source and kind at {@code now}, with the policy's back-off. */
  Sources fail(char kind, String source, Instant now, ThrottlePolicy policy) {
    int failures = failures(kind, source);
    failures = failures == Integer.MAX_VALUE ? failures : failures + 1;
    Instant retryAfter = policy.retryAfter(failures, now);
    Entry updated =
        new Entry(
            kind,
            source,
            failures,
            retryAfter == null
                ? 0
                : Math.max(1, ChronoUnit.MICROS.between(Instant.EPOCH, retryAfter)));
    List<Entry> next = new ArrayList<>(entries.length + 1);
    int backOffs = 0;
    for (Entry e : entries) {
      if (e.kind != kind || !e.source.equals(source)) {
        next.add(e);
        backOffs += e.kind == KNOWN ? 0 : 1;
      }
    }
    if (backOffs == MAX_BACK_OFFS) {
      Entry first = null;
      for (Entry e : next) {
        if (e.kind != KNOWN && (first == null || e.retryAfterMicros < first.retryAfterMicros)) {
          first = e;
        }
      }
      next.remove(first);
    }
    next.add(updated);
    return new Sources(next.toArray(new Entry[0]));
  }

  /**
   * Returns the state after a successful sign-in from a source at {@code now}: every back-off ends,
   * and the source, unless unknown, becomes (or stays) known, as the most recent one.
   */
  Sources signedIn(String source, Instant now) {
    List<Entry> known = new ArrayList<>();
    for (Entry e : entries) {
      if (e.kind == KNOWN && !e.source.equals(source)) {
        known.add(e);
      }
    }
    if (!source.equals(UNKNOWN_SOURCE)) {
      known.add(new Entry(KNOWN, source, 0, Math.max(1, micros(now))));
    }
    known.sort((a, b) -> Long.compare(b.retryAfterMicros, a.retryAfterMicros));
    return new Sources(known.subList(0, Math.min(MAX_KNOWN, known.size())).toArray(new Entry[0]));
  }

  /** Returns the state without any back-off; known sources stay. */
  Sources withoutBackOffs() {
    return signedIn(UNKNOWN_SOURCE, Instant.EPOCH);
  }

  /** Tells whether a source signed in before, among the most recent ones. */
  boolean isKnown(String source) {
    return !source.equals(UNKNOWN_SOURCE) && find(KNOWN, source) != null;
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  /** Returns the latest instant before which any source is blocked for a kind, for status. */
  @Nullable Instant latest(char kind, Instant now) {
    long latest = 0;
    for (Entry e : entries) {
      if (e.kind == kind) {
        latest = Math.max(latest, e.retryAfterMicros);
      }
    }
    Instant until = Instant.EPOCH.plus(latest, ChronoUnit.MICROS);
    return latest != 0 && until.isAfter(now) ? until : null;
  }

  private @Nullable Entry find(char kind, String source) {
    for (Entry e : entries) {
      if (e.kind == kind && e.source.equals(source)) {
        return e;
      }
    }
    return null;
  }

  /** Returns the source key of a client address: {@code -} for none, else a short digest. */
  static String source(@Nullable String clientAddress) {
    if (clientAddress == null) {
      return UNKNOWN_SOURCE;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(clientAddress.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(Arrays.copyOf(digest, SOURCE_BYTES));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Sources that && Arrays.equals(entries, that.entries);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(entries);
  }

  @Override
  public String toString() {
    String text = encode();
    return "Sources[" + (text == null ? "" : text) + "]";
  }

  /** One source's back-off of one kind. */
  private record Entry(char kind, String source, int failures, long retryAfterMicros) {
    static Entry parse(String text, int number) {
      String[] parts = text.split(":", -1);
      if (parts.length != 4
          || parts[0].length() != 1
          || "crk".indexOf(parts[0].charAt(0)) < 0
          || !isSource(parts[1])) {
        throw new IllegalArgumentException(
            "entry " + number + " must be <c, r or k>:<source>:<failures>:<instant>");
      }
      char kind = parts[0].charAt(0);
      long failures = Ascii.parseDecimal(parts[2]);
      long instant = Ascii.parseDecimal(parts[3]);
      boolean known = kind == KNOWN;
      if ((known ? failures != 0 : failures < 1)
          || failures > Integer.MAX_VALUE
          || instant < 0
          || (known && parts[1].equals(UNKNOWN_SOURCE))) {
        throw new IllegalArgumentException(
            "entry "
                + number
                + " must have failures from 1 (0 for a known source, which is never -) and an"
                + " instant from 0");
      }
      return new Entry(kind, parts[1], (int) failures, instant);
    }

    private static boolean isSource(String source) {
      if (source.equals(UNKNOWN_SOURCE)) {
        return true;
      }
      if (source.length() != 12) {
        return false;
      }
      for (int i = 0; i < source.length(); i++) {
        char c = source.charAt(i);
        boolean ok =
            (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_';
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }
}
