package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trusted devices of a credential: the form of a token, and the end of a device's trust. */
final class DevicesTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static Devices.Device device(String id, Instant expiresAt) {
    return new Devices.Device(
        id, "laptop", T, T, expiresAt, Devices.hash(Devices.newToken()), null, null);
  }

  @Test
  void isToken_isExactly43CharactersOfBase64url() {
    String token = Devices.newToken();
    assertTrue(Devices.isToken(token), token);
    assertTrue(Devices.isToken("AZaz09-_" + "A".repeat(35)));
    assertFalse(Devices.isToken(token.substring(1)));
    assertFalse(Devices.isToken(token + "A"));
    // Base64's other characters, padding, and the neighbours of each allowed range.
    for (char c : new char[] {'+', '/', '=', '@', '[', '`', '{', ' ', '.'}) {
      assertFalse(Devices.isToken(c + token.substring(1)), String.valueOf(c));
      assertFalse(Devices.isToken(token.substring(0, 42) + c), String.valueOf(c));
    }
  }

  @Test
  void unexpired_dropsTheDevicesWhoseTrustEndedAtOrBeforeNow() {
    Devices devices =
        Devices.of(
            List.of(
                device("ended", T.plusSeconds(10)),
                device("ends-now", T.plusSeconds(20)),
                device("trusted", T.plusSeconds(30))));
    List<String> left =
        devices.unexpired(T.plusSeconds(20)).devices.stream().map(Devices.Device::id).toList();
    assertEquals(List.of("trusted"), left);
    assertEquals(3, devices.unexpired(T).devices.size());
    assertEquals(Devices.none(), devices.unexpired(T.plusSeconds(30)));
  }
}
