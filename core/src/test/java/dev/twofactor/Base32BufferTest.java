package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Secret's Base32 codec starts from a small buffer; keys of every length still round-trip. */
final class Base32BufferTest {
  @Test
  void fromBase32_decodesAKnownKey() {
    byte[] expected = {
      'H', 'e', 'l', 'l', 'o', '!', (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef
    };
    assertArrayEquals(expected, Secret.fromBase32("JBSWY3DPEHPK3PXP").copyBytes());
  }

  static Stream<Arguments> keysOf10To128Bytes() {
    return Seeded.cases(200, random -> Arguments.of(Seeded.bytes(random, 10, 128)));
  }

  @Seeded.Property
  @MethodSource("keysOf10To128Bytes")
  void base32_roundTripsKeysShorterAndLongerThanTheInitialBuffer(byte[] key) {
    Secret secret = Secret.fromBytes(key);
    String text = secret.toBase32();
    assertEquals(secret, Secret.fromBase32(text));
    String grouped = secret.toGroupedBase32().toLowerCase(java.util.Locale.ROOT);
    assertEquals(secret, Secret.fromBase32(grouped));
    assertEquals(text.length(), (key.length * 8 + 4) / 5);
  }

  @Test
  void toBase32_encodesTheRfc4226Seed() {
    Secret seed = Secret.fromBytes("12345678901234567890".getBytes(StandardCharsets.US_ASCII));
    assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", seed.toBase32());
  }
}
