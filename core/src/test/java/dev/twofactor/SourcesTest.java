package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
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
}
