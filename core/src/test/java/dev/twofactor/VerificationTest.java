package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Verification.Reason;
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
  }

  @Test
  void rejected_hasNoStepOrDrift() {
    for (Verification v :
        new Verification[] {Verification.MALFORMED, Verification.MISMATCH, Verification.REPLAYED}) {
      assertFalse(v.isAccepted());
      IllegalStateException e = assertThrows(IllegalStateException.class, v::step);
      assertEquals("step is only defined for an accepted code: " + v.reason(), e.getMessage());
      assertThrows(IllegalStateException.class, v::drift);
      assertEquals("Verification[" + v.reason() + "]", v.toString());
    }
  }
}
