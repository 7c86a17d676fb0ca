package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

final class EnrollmentTest {
  private static final Secret SECRET = Secret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
  private static final OtpAuthUri URI =
      OtpAuthUri.totp(SECRET).issuer("ACME").account("alice@example.com").build();
  private static final Instant EXPIRES = Instant.parse("2026-01-01T00:10:00Z");

  @Test
  void accessors_returnWhatTheUserNeeds() {
    Enrollment e = new Enrollment("agent-42", URI, EXPIRES, false);
    assertEquals("agent-42", e.accountId());
    assertSame(URI, e.uri());
    assertEquals("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP", e.manualKey());
    assertEquals(EXPIRES, e.expiresAt());
    assertFalse(e.isRotation());
    assertTrue(new Enrollment("agent-42", URI, EXPIRES, true).isRotation());
  }

  @Test
  void toString_leavesTheSecretOut() {
    assertEquals(
        "Enrollment[account \"agent-42\", expires 2026-01-01T00:10:00Z, first]",
        new Enrollment("agent-42", URI, EXPIRES, false).toString());
    assertEquals(
        "Enrollment[account \"agent-42\", expires 2026-01-01T00:10:00Z, rotation]",
        new Enrollment("agent-42", URI, EXPIRES, true).toString());
  }
}
