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
 * The back-off of each source that failed since the last successful sign-in: the record's {@code
 * back_off} field. Immutable.
 *
 * <p>Each entry is {@code <kind>:<source>:<failures>:<retry after>}, entries separated by {@code
 * ;}: the kind is {@code c} for codes and {@code r} for recovery codes, the source a 12-character
 * digest of the client address ({@code -} when the host passed none), the failures in a row from
 * that source, and the instant before which it takes no attempt in microseconds since the epoch
 * ({@code 0} for none). At most {@value #MAX_ENTRIES} entries: a new source beyond them replaces
 * the entry whose wait ends first. The digest keeps the field short; it is not a secret.
 */
final class BackOff {
  static final int MAX_ENTRIES = 16;
  static final String UNKNOWN_SOURCE = "-";
  static final char CODES = 'c';
  static final char RECOVERY_CODES = 'r';

  private static final BackOff EMPTY = new BackOff(new Entry[0]);
  private static final int SOURCE_BYTES = 9;

  private final Entry[] entries;

  private BackOff(Entry[] entries) {
    this.entries = entries;
  }

  static BackOff empty() {
    return EMPTY;
  }

  /**
   * Reads the stored text.
   *
   * @throws IllegalArgumentException with what must hold, never with the text
   */
  static BackOff parse(@Nullable String text) {
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
      if (read.size() > MAX_ENTRIES) {
        throw new IllegalArgumentException("must have at most " + MAX_ENTRIES + " entries");
      }
      start = end + 1;
    }
    return new BackOff(read.toArray(new Entry[0]));
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
  BackOff fail(char kind, String source, Instant now, ThrottlePolicy policy) {
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
    for (Entry e : entries) {
      if (e.kind != kind || !e.source.equals(source)) {
        next.add(e);
      }
    }
    if (next.size() == MAX_ENTRIES) {
      Entry first = next.get(0);
      for (Entry e : next) {
        if (e.retryAfterMicros < first.retryAfterMicros) {
          first = e;
        }
      }
      next.remove(first);
    }
    next.add(updated);
    return new BackOff(next.toArray(new Entry[0]));
  }

  /** Returns the latest instant before which any source of any kind is blocked, for status. */
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
    return other instanceof BackOff that && Arrays.equals(entries, that.entries);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(entries);
  }

  @Override
  public String toString() {
    String text = encode();
    return "BackOff[" + (text == null ? "" : text) + "]";
  }

  /** One source's back-off of one kind. */
  private record Entry(char kind, String source, int failures, long retryAfterMicros) {
    static Entry parse(String text, int number) {
      String[] parts = text.split(":", -1);
      if (parts.length != 4
          || parts[0].length() != 1
          || (parts[0].charAt(0) != CODES && parts[0].charAt(0) != RECOVERY_CODES)
          || !isSource(parts[1])) {
        throw new IllegalArgumentException(
            "entry " + number + " must be <c or r>:<source>:<failures>:<retry after>");
      }
      long failures = Ascii.parseDecimal(parts[2]);
      long retryAfter = Ascii.parseDecimal(parts[3]);
      if (failures < 1 || failures > Integer.MAX_VALUE || retryAfter < 0) {
        throw new IllegalArgumentException(
            "entry " + number + " must have failures from 1 and a retry-after instant from 0");
      }
      return new Entry(parts[0].charAt(0), parts[1], (int) failures, retryAfter);
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
