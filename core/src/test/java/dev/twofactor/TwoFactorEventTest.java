package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.twofactor.Verification.Reason;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class TwoFactorEventTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void of_hasNoReasonNoRetryAndNoFailures() {
    TwoFactorEvent e = TwoFactorEvent.of(TwoFactorEvent.Type.ACCEPTED, "agent-42", T);
    assertEquals(TwoFactorEvent.Type.ACCEPTED, e.type());
    assertEquals("agent-42", e.accountId());
    assertEquals(T, e.time());
    assertEquals(Optional.empty(), e.reason());
    assertEquals(Optional.empty(), e.retryAfter());
    assertEquals(0, e.failures());
    assertEquals(
        "TwoFactorEvent[ACCEPTED, account \"agent-42\", 2026-01-01T00:00:00Z]", e.toString());
  }

  @Test
  void rejectedAndLocked_carryWhatTheyReport() {
    TwoFactorEvent rejected =
        TwoFactorEvent.rejected("agent-42", T, Reason.THROTTLED, T.plusSeconds(30), 4);
    assertEquals(Optional.of(Reason.THROTTLED), rejected.reason());
    assertEquals(Optional.of(T.plusSeconds(30)), rejected.retryAfter());
    assertEquals(
        "TwoFactorEvent[REJECTED THROTTLED, account \"agent-42\", 2026-01-01T00:00:00Z, 4 failures,"
            + " retry after 2026-01-01T00:00:30Z]",
        rejected.toString());
    TwoFactorEvent locked = TwoFactorEvent.locked("agent-42", T, T.plusSeconds(30), 4);
    assertEquals(TwoFactorEvent.Type.LOCKED, locked.type());
    assertEquals(Optional.empty(), locked.reason());
    assertEquals(
        "TwoFactorEvent[REJECTED MISMATCH, account \"agent-42\", 2026-01-01T00:00:00Z, 1 failure]",
        TwoFactorEvent.rejected("agent-42", T, Reason.MISMATCH, null, 1).toString());
  }

  @Test
  void equals_comparesEveryField() {
    TwoFactorEvent e = TwoFactorEvent.locked("a", T, T, 4);
    assertEquals(e, TwoFactorEvent.locked("a", T, T, 4));
    assertEquals(e.hashCode(), TwoFactorEvent.locked("a", T, T, 4).hashCode());
    assertNotEquals(e, TwoFactorEvent.locked("a", T, T, 5));
    assertNotEquals(e, TwoFactorEvent.locked("b", T, T, 4));
    assertNotEquals(e, TwoFactorEvent.locked("a", T, T.plusSeconds(1), 4));
  }
}
