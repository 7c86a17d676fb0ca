package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Verification.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The outcome of presenting a device token: accepted with its device and new token, or why not. */
final class DeviceVerificationTest {
  private static final DeviceToken NEW_TOKEN =
      new DeviceToken("Sb3xAAAAAAAAAAAA", "A".repeat(43), Instant.parse("2026-01-31T00:00:00Z"));

  @Test
  void accepted_carriesTheDeviceAndTheNewToken() {
    DeviceVerification rotated = DeviceVerification.accepted("Sb3xAAAAAAAAAAAA", NEW_TOKEN);
    assertTrue(rotated.isAccepted());
    assertEquals(Reason.ACCEPTED, rotated.reason());
    assertEquals(Optional.of("Sb3xAAAAAAAAAAAA"), rotated.deviceId());
    assertEquals(Optional.of(NEW_TOKEN), rotated.newToken());
    assertEquals(
        "DeviceVerification[ACCEPTED, device Sb3xAAAAAAAAAAAA, rotated]", rotated.toString());
    DeviceVerification grace = DeviceVerification.accepted("Sb3xAAAAAAAAAAAA", null);
    assertEquals(Optional.empty(), grace.newToken());
    assertEquals(
        "DeviceVerification[ACCEPTED, device Sb3xAAAAAAAAAAAA, within the grace period]",
        grace.toString());
  }

  @Test
  void rejected_carriesOnlyItsReason() {
    DeviceVerification v = DeviceVerification.rejected(Reason.EXPIRED);
    assertFalse(v.isAccepted());
    assertEquals(Reason.EXPIRED, v.reason());
    assertEquals(Optional.empty(), v.deviceId());
    assertEquals(Optional.empty(), v.newToken());
    assertEquals("DeviceVerification[EXPIRED]", v.toString());
  }

  @Test
  void equals_comparesReasonDeviceAndNewToken() {
    DeviceVerification v = DeviceVerification.accepted("Sb3xAAAAAAAAAAAA", NEW_TOKEN);
    DeviceVerification same = DeviceVerification.accepted("Sb3xAAAAAAAAAAAA", NEW_TOKEN);
    assertEquals(v, same);
    assertEquals(v.hashCode(), same.hashCode());
    for (DeviceVerification other :
        List.of(
            DeviceVerification.accepted("Sb3xAAAAAAAAAAAB", NEW_TOKEN),
            DeviceVerification.accepted("Sb3xAAAAAAAAAAAA", null),
            DeviceVerification.rejected(Reason.MISMATCH))) {
      assertNotEquals(v, other, other.toString());
    }
    assertNotEquals(
        v.hashCode(), DeviceVerification.accepted("Sb3xAAAAAAAAAAAB", NEW_TOKEN).hashCode());
    assertNotEquals(v.hashCode(), DeviceVerification.rejected(Reason.MISMATCH).hashCode());
    assertNotEquals(
        DeviceVerification.rejected(Reason.EXPIRED), DeviceVerification.rejected(Reason.MISMATCH));
    assertNotEquals(v, (Object) "DeviceVerification");
  }
}
