package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Verification.Reason;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class TwoFactorEventTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void of_hasNoReasonNoRetryAndNoFailures() {
    TwoFactorEvent e =
        TwoFactorEvent.of(TwoFactorEvent.Type.ACCEPTED, "agent-42", T, RequestContext.none());
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
        TwoFactorEvent.rejected(
            "agent-42", T, Reason.THROTTLED, T.plusSeconds(30), 4, RequestContext.none());
    assertEquals(Optional.of(Reason.THROTTLED), rejected.reason());
    assertEquals(Optional.of(T.plusSeconds(30)), rejected.retryAfter());
    assertEquals(4, rejected.failures());
    assertEquals(
        "TwoFactorEvent[REJECTED THROTTLED, account \"agent-42\", 2026-01-01T00:00:00Z, 4 failures,"
            + " retry after 2026-01-01T00:00:30Z]",
        rejected.toString());
    TwoFactorEvent locked =
        TwoFactorEvent.locked("agent-42", T, T.plusSeconds(30), 4, RequestContext.none());
    assertEquals(TwoFactorEvent.Type.LOCKED, locked.type());
    assertEquals(Optional.empty(), locked.reason());
    assertEquals(
        "TwoFactorEvent[REJECTED MISMATCH, account \"agent-42\", 2026-01-01T00:00:00Z, 1 failure]",
        TwoFactorEvent.rejected("agent-42", T, Reason.MISMATCH, null, 1, RequestContext.none())
            .toString());
  }

  private static TwoFactorEvent locked(String accountId, Instant until, int failures) {
    return TwoFactorEvent.locked(accountId, T, until, failures, RequestContext.none());
  }

  @Test
  void administrativeEvents_nameTheAdministratorAndEscapeEveryText() {
    TwoFactorEvent reset =
        TwoFactorEvent.byAdministrator(
            TwoFactorEvent.Type.RESET,
            "bob\u202Egnp.exe",
            T,
            "admin\nINFO fake",
            false,
            RequestContext.of("203.0.113.7", "Mozilla\r\n"));
    assertEquals(Optional.of("admin\nINFO fake"), reset.actor());
    assertEquals(
        "TwoFactorEvent[RESET, account \"bob\\u202egnp.exe\", 2026-01-01T00:00:00Z, by"
            + " \"admin\\u000aINFO fake\", RequestContext[address \"203.0.113.7\", user agent"
            + " \"Mozilla\\u000d\\u000a\"]]",
        reset.toString());
    TwoFactorEvent imported =
        TwoFactorEvent.byAdministrator(
            TwoFactorEvent.Type.IMPORTED, "a", T, "admin", true, RequestContext.none());
    assertTrue(imported.weakSecret());
    assertTrue(imported.toString().endsWith(", by \"admin\", weak secret]"));
    assertNotEquals(
        imported,
        TwoFactorEvent.byAdministrator(
            TwoFactorEvent.Type.IMPORTED, "a", T, "admin", false, RequestContext.none()));
  }

  @Test
  void equals_comparesEveryField() {
    TwoFactorEvent e = locked("a", T, 4);
    assertEquals(e, locked("a", T, 4));
    assertEquals(e.hashCode(), locked("a", T, 4).hashCode());
    assertNotEquals(e, locked("a", T, 5));
    assertNotEquals(e, locked("b", T, 4));
    assertNotEquals(e, locked("a", T.plusSeconds(1), 4));
    assertNotEquals(e.hashCode(), locked("a", T, 5).hashCode());
    assertNotEquals(e.hashCode(), locked("b", T, 4).hashCode());
  }
}
