package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

final class SourcesTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final ThrottlePolicy POLICY = ThrottlePolicy.defaults();

  @Test
  void fail_keepsABackOffPerSourceAndKind() {
    String a = Sources.source("203.0.113.7");
    assertEquals(12, a.length());
    assertEquals(a, Sources.source("203.0.113.7"));
    assertEquals(Sources.UNKNOWN_SOURCE, Sources.source(null));
    Sources s = Sources.empty();
    for (int i = 0; i < 4; i++) {
      s = s.fail(Sources.CODES, a, T, POLICY);
    }
    assertEquals(4, s.failures(Sources.CODES, a));
    assertEquals(T.plusSeconds(30), s.blockedUntil(Sources.CODES, a, T));
    assertNull(s.blockedUntil(Sources.RECOVERY_CODES, a, T));
    assertNull(s.blockedUntil(Sources.CODES, Sources.UNKNOWN_SOURCE, T));
    assertNull(s.blockedUntil(Sources.CODES, a, T.plusSeconds(30)));
    assertEquals(s, Sources.parse(s.encode()));
  }

  @Test
  void fail_keepsAtMost16BackOffsAndDropsTheOneThatEndsFirst() {
    Sources s = Sources.empty().signedIn(Sources.source("known"), T);
    for (int i = 0; i < 20; i++) {
      Instant at = T.plus(Duration.ofMinutes(i));
      String source = Sources.source("10.0.0." + i);
      for (int f = 0; f < 4; f++) {
        s = s.fail(Sources.CODES, source, at, POLICY);
      }
    }
    assertEquals(17, s.encode().split(";", -1).length);
    assertEquals(0, s.failures(Sources.CODES, Sources.source("10.0.0.3")));
    assertEquals(4, s.failures(Sources.CODES, Sources.source("10.0.0.4")));
    assertTrue(s.isKnown(Sources.source("known")), "known sources are never evicted by back-offs");
  }

  @Test
  void signedIn_endsBackOffsAndRemembersTheLastFourSources() {
    Sources s = Sources.empty().fail(Sources.CODES, Sources.source("x"), T, POLICY);
    for (int i = 0; i < 6; i++) {
      s = s.signedIn(Sources.source("home-" + i), T.plus(Duration.ofHours(i)));
    }
    assertEquals(0, s.failures(Sources.CODES, Sources.source("x")));
    assertFalse(s.isKnown(Sources.source("home-1")));
    assertTrue(s.isKnown(Sources.source("home-2")));
    assertTrue(s.isKnown(Sources.source("home-5")));
    assertFalse(s.isKnown(Sources.UNKNOWN_SOURCE));
    assertFalse(s.signedIn(Sources.UNKNOWN_SOURCE, T).isKnown(Sources.UNKNOWN_SOURCE));
    assertNull(Sources.empty().encode());
    assertEquals("Sources[]", Sources.empty().toString());
  }

  private static String badEntry(int number) {
    return "entry " + number + " must be <c, r or k>:<source>:<failures>:<instant>";
  }

  private static String badCounts(int number) {
    return "entry "
        + number
        + " must have failures from 1 (0 for a known source, which is never -) and an instant"
        + " from 0";
  }

  private static void assertRefused(String message, String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Sources.parse(text));
    assertEquals(message, e.getMessage(), text);
  }

  @Test
  void parse_readsUpTo20Entries() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      text.append(i == 0 ? "" : ";").append(String.format(Locale.ROOT, "c:source%06d:1:0", i));
    }
    assertEquals(text.toString(), Sources.parse(text.toString()).encode());
    assertRefused("must have at most 20 entries", text + ";c:source000020:1:0");
  }

  @Test
  void parse_refusesEmptyEntries() {
    assertRefused(badEntry(1), "");
    assertRefused(badEntry(2), "c:-:1:0;");
    assertRefused(badEntry(1), ";c:-:1:0");
    assertRefused(badEntry(2), "c:-:1:0;;c:-:1:0");
    assertEquals(Sources.empty(), Sources.parse(null));
  }

  @Test
  void parse_readsEntriesAtTheEdgesOfEachField() {
    for (String entry :
        new String[] {
          "c:AZaz09-_AZaz:1:0", "r:-:2147483647:1", "k:zzzzzzzzzzzz:0:9223372036854775807"
        }) {
      assertEquals(entry, Sources.parse(entry).encode());
    }
    for (String entry :
        new String[] {
          "c:abcdefghijk:1:0",
          "c:abcdefghijklm:1:0",
          "c:abcdefghijk@:1:0",
          "c:abcdefghijk[:1:0",
          "c:abcdefghijk`:1:0",
          "c:abcdefghijk{:1:0",
          "c:abcdefghijk/:1:0",
          "c:abcdefghijk.:1:0",
          "x:-:1:0",
          "cc:-:1:0",
          "c:-:1",
          "c:-:1:0:0"
        }) {
      assertRefused(badEntry(1), entry);
    }
    for (String entry :
        new String[] {
          "c:-:0:0", "r:-:2147483648:0", "c:-:1:-1", "k:-:0:1", "k:abcdefghijkl:1:1", "c:-:+1:0"
        }) {
      assertRefused(badCounts(1), entry);
    }
  }

  @Test
  void fail_dropsTheFirstOfTheBackOffsThatEndAlike() {
    Sources s = Sources.empty();
    for (int i = 0; i < 17; i++) {
      s = s.fail(Sources.CODES, Sources.source("10.0.0." + i), T, POLICY);
    }
    assertEquals(0, s.failures(Sources.CODES, Sources.source("10.0.0.0")));
    for (int i = 1; i < 17; i++) {
      assertEquals(1, s.failures(Sources.CODES, Sources.source("10.0.0." + i)), "source " + i);
    }
  }

  @Test
  void equals_comparesEveryEntry() {
    Sources s = Sources.parse("c:-:1:0;k:abcdefghijkl:0:5");
    assertEquals(s, Sources.parse("c:-:1:0;k:abcdefghijkl:0:5"));
    assertEquals(s.hashCode(), Sources.parse("c:-:1:0;k:abcdefghijkl:0:5").hashCode());
    for (String other :
        new String[] {"c:-:2:0;k:abcdefghijkl:0:5", "c:-:1:0;k:abcdefghijkl:0:6", "c:-:1:0"}) {
      assertNotEquals(s, Sources.parse(other), other);
      assertNotEquals(s.hashCode(), Sources.parse(other).hashCode(), other);
    }
    assertNotEquals(s, "c:-:1:0;k:abcdefghijkl:0:5");
  }
}
