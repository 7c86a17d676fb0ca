package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A trusted device's token: a value of its device, token and expiry that never shows the token. */
final class DeviceTokenTest {
  private static final Instant EXPIRES = Instant.parse("2026-01-31T00:00:00Z");
  private static final String TOKEN = "A".repeat(43);

  @Test
  void deviceToken_isAValueOfEveryField() {
    DeviceToken token = new DeviceToken("Sb3xAAAAAAAAAAAA", TOKEN, EXPIRES);
    assertEquals("Sb3xAAAAAAAAAAAA", token.deviceId());
    assertEquals(TOKEN, token.token());
    assertEquals(EXPIRES, token.expiresAt());
    DeviceToken same = new DeviceToken("Sb3xAAAAAAAAAAAA", TOKEN, EXPIRES);
    assertEquals(token, same);
    assertEquals(token.hashCode(), same.hashCode());
    for (DeviceToken other :
        List.of(
            new DeviceToken("Sb3xAAAAAAAAAAAB", TOKEN, EXPIRES),
            new DeviceToken("Sb3xAAAAAAAAAAAA", "B".repeat(43), EXPIRES),
            new DeviceToken("Sb3xAAAAAAAAAAAA", TOKEN, EXPIRES.plusSeconds(1)))) {
      assertNotEquals(token, other, other.toString());
    }
    assertNotEquals(
        token.hashCode(), new DeviceToken("Sb3xAAAAAAAAAAAB", TOKEN, EXPIRES).hashCode());
    assertNotEquals(
        token.hashCode(),
        new DeviceToken("Sb3xAAAAAAAAAAAA", TOKEN, EXPIRES.plusSeconds(1)).hashCode());
    assertNotEquals(token, (Object) TOKEN);
  }

  @Test
  void toString_namesTheDeviceAndExpiryButNotTheToken() {
    assertEquals(
        "DeviceToken[device Sb3xAAAAAAAAAAAA, expires 2026-01-31T00:00:00Z]",
        new DeviceToken("Sb3xAAAAAAAAAAAA", TOKEN, EXPIRES).toString());
  }
}
