package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Optional;
import org.junit.jupiter.api.Test;

final class RequestContextTest {
  @Test
  void of_keepsBothValuesAndCutsLongOnes() {
    RequestContext c = RequestContext.of("203.0.113.7", "Mozilla/5.0");
    assertEquals(Optional.of("203.0.113.7"), c.clientAddress());
    assertEquals(Optional.of("Mozilla/5.0"), c.userAgent());
    RequestContext longAgent = RequestContext.of(null, "x".repeat(1000));
    assertEquals(RequestContext.MAX_LENGTH, longAgent.userAgent().orElseThrow().length());
    String pairAtTheCut = "x".repeat(RequestContext.MAX_LENGTH - 1) + "\uD83D\uDE00";
    assertEquals(
        RequestContext.MAX_LENGTH - 1,
        RequestContext.of(pairAtTheCut, null).clientAddress().orElseThrow().length(),
        "a surrogate pair is never cut in two");
  }

  @Test
  void none_isWhatEmptyValuesGive() {
    assertSame(RequestContext.none(), RequestContext.of(null, null));
    assertSame(RequestContext.none(), RequestContext.of("", ""));
    assertEquals(Optional.empty(), RequestContext.none().clientAddress());
    assertEquals("RequestContext[none]", RequestContext.none().toString());
  }

  @Test
  void toString_escapesWhatCouldForgeALogLine() {
    assertEquals(
        "RequestContext[address \"203.0.113.7\\u000a2026-01-01 INFO admi…\"]",
        RequestContext.of("203.0.113.7\n2026-01-01 INFO admin", null).toString());
    assertEquals(
        "RequestContext[user agent \"\\u202eevil\\\"\"]",
        RequestContext.of(null, "\u202Eevil\"").toString());
  }

  @Test
  void equals_comparesBothValues() {
    assertEquals(RequestContext.of("a", "b"), RequestContext.of("a", "b"));
    assertEquals(RequestContext.of("a", "b").hashCode(), RequestContext.of("a", "b").hashCode());
    assertNotEquals(RequestContext.of("a", "b"), RequestContext.of("a", "c"));
    assertNotEquals(RequestContext.of("a", "b"), RequestContext.of("x", "b"));
  }

  @Test
  void of_keeps256CharactersWholeEvenIfTheLastIsAHighSurrogate() {
    String agent = "a".repeat(255) + "\uD83D";
    assertEquals(Optional.of(agent), RequestContext.of(null, agent).userAgent());
    assertEquals(
        Optional.of("a".repeat(255)), RequestContext.of(null, agent + "\uDD11").userAgent());
    assertNotEquals(RequestContext.of("a", "b").hashCode(), RequestContext.of("a", "c").hashCode());
  }
}
