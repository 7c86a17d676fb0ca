package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Verification.Reason;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class VerificationTest {
  @Test
  void accepted_carriesStepAndDrift() {
    Verification v = Verification.accepted(41152263, -1);
    assertTrue(v.isAccepted());
    assertEquals(Reason.ACCEPTED, v.reason());
    assertEquals(41152263, v.step());
    assertEquals(-1, v.drift());
    assertEquals("Verification[ACCEPTED, step=41152263, drift=-1]", v.toString());
    assertEquals(v, Verification.accepted(41152263, -1));
    assertEquals(v.hashCode(), Verification.accepted(41152263, -1).hashCode());
    assertNotEquals(v, Verification.accepted(41152264, -1));
    assertNotEquals(v.hashCode(), Verification.accepted(41152264, -1).hashCode());
    assertNotEquals(v.hashCode(), Verification.accepted(41152263, 1).hashCode());
  }

  @Test
  void rejected_hasNoStepOrDrift() {
    for (Verification v :
        new Verification[] {
          Verification.MALFORMED,
          Verification.MISMATCH,
          Verification.REPLAYED,
          Verification.NOT_ENROLLED,
          Verification.EXPIRED,
          Verification.throttled(Instant.EPOCH)
        }) {
      assertFalse(v.isAccepted());
      IllegalStateException e = assertThrows(IllegalStateException.class, v::step);
      assertEquals("step is only defined for an accepted code: " + v.reason(), e.getMessage());
      e = assertThrows(IllegalStateException.class, v::drift);
      assertEquals("drift is only defined for an accepted code: " + v.reason(), e.getMessage());
      e = assertThrows(IllegalStateException.class, v::failuresSinceLastSuccess);
      assertEquals(
          "failuresSinceLastSuccess is only defined for an accepted code: " + v.reason(),
          e.getMessage());
      e = assertThrows(IllegalStateException.class, v::proof);
      assertEquals("proof is only defined for an accepted code: " + v.reason(), e.getMessage());
    }
  }

  @Test
  void rejected_withoutInstantHasNoRetryAfter() {
    for (Verification v :
        new Verification[] {
          Verification.MALFORMED,
          Verification.MISMATCH,
          Verification.REPLAYED,
          Verification.NOT_ENROLLED,
          Verification.EXPIRED,
          Verification.accepted(1, 0)
        }) {
      IllegalStateException e = assertThrows(IllegalStateException.class, v::retryAfter);
      assertEquals(
          "retryAfter is only defined for a throttled code: " + v.reason(), e.getMessage());
      if (!v.isAccepted()) {
        assertEquals("Verification[" + v.reason() + "]", v.toString());
      }
    }
  }

  @Test
  void throttled_carriesRetryAfter() {
    Instant until = Instant.parse("2026-01-01T00:02:00Z");
    Verification v = Verification.throttled(until);
    assertFalse(v.isAccepted());
    assertEquals(Reason.THROTTLED, v.reason());
    assertEquals(until, v.retryAfter());
    assertEquals("Verification[THROTTLED, retryAfter=2026-01-01T00:02:00Z]", v.toString());
    assertEquals(v, Verification.throttled(until));
    assertEquals(v.hashCode(), Verification.throttled(until).hashCode());
    assertNotEquals(v, Verification.throttled(until.plusSeconds(1)));
  }

  @Test
  void reasons_areInTheirDocumentedOrder() {
    assertArrayEquals(
        new Reason[] {
          Reason.ACCEPTED,
          Reason.MALFORMED,
          Reason.MISMATCH,
          Reason.REPLAYED,
          Reason.THROTTLED,
          Reason.NOT_ENROLLED,
          Reason.EXPIRED
        },
        Reason.values());
  }
}
