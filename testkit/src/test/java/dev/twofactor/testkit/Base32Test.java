package dev.twofactor.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The software authenticator's own Base32 decoder, checked against the vectors' encoder. */
final class Base32Test {
  static Stream<Arguments> bytesOf1To80() {
    return Seeded.cases(300, random -> Arguments.of(Seeded.bytes(random, 1, 80)));
  }

  @Seeded.Property
  @MethodSource("bytesOf1To80")
  void decode_readsBackWhatIsEncodedPaddedOrNot(byte[] bytes) {
    String padded = Hex.toBase32(HexFormat.of().formatHex(bytes));
    assertArrayEquals(bytes, Base32.decode(padded));
    assertArrayEquals(bytes, Base32.decode(padded.replace("=", "")));
  }

  static Stream<Arguments> bytesOf1To40AndGroupSizes() {
    return Seeded.cases(
        300, random -> Arguments.of(Seeded.bytes(random, 1, 40), Seeded.between(random, 1, 8)));
  }

  @Seeded.Property
  @MethodSource("bytesOf1To40AndGroupSizes")
  void decode_ignoresCaseSpacesAndHyphens(byte[] bytes, int group) {
    String plain = Hex.toBase32(HexFormat.of().formatHex(bytes)).replace("=", "");
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < plain.length(); i++) {
      if (i > 0 && i % group == 0) {
        grouped.append(i % 2 == 0 ? ' ' : '-');
      }
      grouped.append(plain.charAt(i));
    }
    assertArrayEquals(bytes, Base32.decode(grouped.toString().toLowerCase(Locale.ROOT)));
  }

  @Test
  void decode_ignoresUnusedBitsOfTheLastCharacter() {
    // "MZ" is "f" with the unused bits 01 set in 'Z'; apps accept such generated keys.
    assertArrayEquals(new byte[] {'f'}, Base32.decode("MZ"));
    assertArrayEquals(new byte[] {'f'}, Base32.decode("MY"));
  }

  @Test
  void decode_refusesWhatIsNotBase32() {
    assertMessage("secret has no Base32 characters", "");
    assertMessage("secret has no Base32 characters", " - ==");
    assertMessage("secret: invalid Base32 character '0' at index 1", "M0");
    assertMessage("secret: invalid Base32 character U+00A0 at index 1", "M\u00a0");
    assertMessage("secret: invalid Base32 character U+0131 at index 2", "MZ\u0131");
    assertMessage("secret: invalid Base32 character U+1F511 at index 2", "MZ\uD83D\uDD11");
    assertMessage("secret: Base32 data at index 3 after padding at index 2", "MZ=Q");
    assertMessage("secret: 1 Base32 characters cannot encode whole bytes", "M");
    assertMessage("secret: 3 Base32 characters cannot encode whole bytes", "MZX=====");
    assertMessage("secret: 14 Base32 characters cannot encode whole bytes", "MZXW6YTBMZXW6Y");
  }

  private static void assertMessage(String message, String text) {
    assertEquals(
        message,
        assertThrows(IllegalArgumentException.class, () -> Base32.decode(text)).getMessage());
  }
}
