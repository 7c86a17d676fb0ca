package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twofactor.InvalidSecretException.Reason;
import org.junit.jupiter.api.Test;

/**
 * {@link InvalidSecretException}: a reason and an index for every refusal, and the 1024-bit cap.
 */
final class InvalidSecretExceptionTest {
  @Test
  void reason_andIndex_ofEveryRefusal() {
    assertRefused("  ", Reason.NO_DATA, -1, "secret: no Base32 characters");
    assertRefused(
        "JBSWY3D1EHPK3PXP",
        Reason.INVALID_CHARACTER,
        7,
        "secret: invalid Base32 character '1' at index 7");
    assertRefused(
        "JBSWY3DP=EHPK3PXP",
        Reason.DATA_AFTER_PADDING,
        9,
        "secret: Base32 data at index 9 after padding '=' at index 8");
    assertRefused(
        "A".repeat(17),
        Reason.INVALID_LENGTH,
        16,
        "secret: 17 Base32 characters cannot encode whole bytes (a length of 1, 3 or 6 more than"
            + " a multiple of 8 is impossible); last at index 16");
    assertRefused(
        "JBSWY3DPEHPK3",
        Reason.TOO_SHORT,
        -1,
        "secret must be at least 80 bits (16 Base32 characters): 64 bits");
    assertRefused(
        "A".repeat(205) + " A",
        Reason.TOO_LONG,
        206,
        "secret must be at most 1024 bits (205 Base32 characters): one more at index 206");
  }

  @Test
  void fromBase32_reads1024BitsAndNoMore() {
    byte[] key = new byte[128];
    key[127] = (byte) 0xff;
    Secret longest = Secret.fromBytes(key);
    assertEquals(205, longest.toBase32().length());
    assertArrayEquals(key, Secret.fromBase32(longest.toBase32()).copyBytes());
    assertArrayEquals(key, Secret.fromBase32(longest.toGroupedBase32() + "===").copyBytes());
  }

  @Test
  void fromBase32_ofAMegabyte_stopsAtThe206thCharacter() {
    InvalidSecretException e =
        assertThrows(
            InvalidSecretException.class, () -> Secret.fromBase32("A".repeat(1 << 20) + "1"));
    assertEquals(Reason.TOO_LONG, e.reason());
    assertEquals(205, e.index());
  }

  @Test
  void fromBytes_refusesKeysOver1024Bits() {
    assertEquals(128, Secret.fromBytes(new byte[128]).byteLength());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Secret.fromBytes(new byte[129]));
    assertEquals("key must be at most 128 bytes (1024 bits): 129", e.getMessage());
  }

  @Test
  void describe_movesEveryIndexAndNothingElse() {
    InvalidSecretException e =
        assertThrows(InvalidSecretException.class, () -> Secret.fromBase32("JBSWY3DP=EHPK3PXP"));
    assertEquals(
        "secret: Base32 data at index 109 after padding '=' at index 108",
        e.describe(i -> i + 100));
  }

  private static void assertRefused(String text, Reason reason, int index, String message) {
    InvalidSecretException e =
        assertThrows(InvalidSecretException.class, () -> Secret.fromBase32(text));
    assertEquals(reason, e.reason(), text);
    assertEquals(index, e.index(), text);
    assertEquals(message, e.getMessage(), text);
  }
}
