package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class CredentialStatusTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void accessors_wrapAbsentValuesInEmptyOptionals() {
    CredentialStatus s =
        new CredentialStatus(CredentialStatus.State.PENDING, null, null, null, T, 2, 0, List.of());
    assertEquals(CredentialStatus.State.PENDING, s.state());
    assertEquals(Optional.empty(), s.confirmedAt());
    assertEquals(Optional.empty(), s.lastUsedAt());
    assertEquals(Optional.empty(), s.lockedUntil());
    assertEquals(Optional.of(T), s.pendingExpiresAt());
    assertEquals(2, s.failures());
    assertEquals(0, s.recoveryCodesLeft());
  }

  @Test
  void toString_andEquals() {
    CredentialStatus s =
        new CredentialStatus(
            CredentialStatus.State.ACTIVE,
            T,
            T.plusSeconds(60),
            T.plusSeconds(90),
            T.plusSeconds(600),
            4,
            7,
            List.of());
    assertEquals(
        "CredentialStatus[ACTIVE, confirmed 2026-01-01T00:00:00Z, last used 2026-01-01T00:01:00Z,"
            + " pending until 2026-01-01T00:10:00Z, locked until 2026-01-01T00:01:30Z, 4 failures,"
            + " 7 recovery codes left]",
        s.toString());
    CredentialStatus same =
        new CredentialStatus(
            CredentialStatus.State.ACTIVE,
            T,
            T.plusSeconds(60),
            T.plusSeconds(90),
            T.plusSeconds(600),
            4,
            7,
            List.of());
    assertEquals(s, same);
    assertEquals(s.hashCode(), same.hashCode());
    assertNotEquals(
        s.hashCode(),
        new CredentialStatus(
                CredentialStatus.State.ACTIVE,
                T,
                T.plusSeconds(60),
                T.plusSeconds(90),
                T.plusSeconds(600),
                4,
                6,
                List.of())
            .hashCode());
    assertNotEquals(
        s,
        new CredentialStatus(
            CredentialStatus.State.ACTIVE,
            T,
            T.plusSeconds(60),
            T.plusSeconds(90),
            T.plusSeconds(600),
            4,
            6,
            List.of()));
    assertEquals(
        "CredentialStatus[NONE, 0 failures, 0 recovery codes left]",
        new CredentialStatus(CredentialStatus.State.NONE, null, null, null, null, 0, 0, List.of())
            .toString());
  }
}
