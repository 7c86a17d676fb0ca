package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.testkit.RfcVectors;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

final class SecretTest {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  @Test
  void generate_gives160BitsThatDifferEachTime() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      Secret secret = Secret.generate();
      assertEquals(20, secret.byteLength());
      assertFalse(secret.isWeak());
      assertTrue(seen.add(secret.toBase32()), "a repeated secret");
    }
  }

  @Test
  void generate_usesTheGivenRandomAndLength() {
    Secret secret = Secret.generate(32, new SecureRandom());
    assertEquals(32, secret.byteLength());
    assertEquals(52, secret.toBase32().length());
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 64})
  void generate_acceptsTheEndsOf16To64Bytes(int byteLength) {
    assertEquals(byteLength, Secret.generate(byteLength, new SecureRandom()).byteLength());
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 10, 15, 65, 128, 160})
  void generate_refusesLengthsOutside16To64Bytes(int byteLength) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Secret.generate(byteLength, new SecureRandom()));
    assertEquals(
        "byteLength must be between 16 and 64 (bytes, not bits): " + byteLength, e.getMessage());
  }

  @Test
  void fromBytes_copiesTheArray() {
    byte[] key = new byte[20];
    Secret secret = Secret.fromBytes(key);
    key[0] = 1;
    assertArrayEquals(new byte[20], secret.copyBytes());
    byte[] copy = secret.copyBytes();
    copy[1] = 1;
    assertArrayEquals(new byte[20], secret.copyBytes());
  }

  @Test
  void fromBytes_refusesKeysUnder80Bits() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Secret.fromBytes(new byte[9]));
    assertEquals("key must be at least 10 bytes (80 bits): 9", e.getMessage());
  }

  @Test
  void fromBase32_readsRfc4648Vectors() {
    for (RfcVectors.Base32Vector vector : RfcVectors.BASE32) {
      if (vector.text().length() >= 10) {
        assertEquals(vector.text(), ascii(Secret.fromBase32(vector.base32())));
      }
    }
    // The RFC vectors are too short for a secret; repeated they are long enough.
    assertEquals("foobarfoobar", ascii(Secret.fromBase32("MZXW6YTBOJTG633CMFZA")));
  }

  @Test
  void toBase32_isUpperCaseWithoutPadding() {
    assertEquals("MZXW6YTBOJTG633CMFZA", Secret.fromBytes(bytes("foobarfoobar")).toBase32());
    assertEquals(
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA",
        Secret.fromBytes(bytes("12345678901234567890123456789012")).toBase32());
  }

  @Test
  void toGroupedBase32_groupsByFour() {
    assertEquals("JBSW Y3DP EHPK 3PXP", Secret.fromBase32("JBSWY3DPEHPK3PXP").toGroupedBase32());
    assertEquals(
        "S46S QCPP TCNP ROMH WYBD CTBZ XU",
        Secret.fromBase32("S46SQCPPTCNPROMHWYBDCTBZXV").toGroupedBase32());
  }

  @Test
  void fromBase32_isLenientOnCaseSpacesTabsHyphensAndPadding() {
    String expected = "48656c6c6f21deadbeef";
    for (String text :
        new String[] {
          "JBSWY3DPEHPK3PXP",
          "jbswy3dpehpk3pxp",
          "JBSW Y3DP EHPK 3PXP",
          "jbsw-y3dp-ehpk-3pxp",
          "\tJBSW\tY3DP EHPK-3PXP ",
          "JBSWY3DPEHPK3PXP========",
          "JBSWY3DPEHPK3PXP="
        }) {
      assertEquals(expected, hex(Secret.fromBase32(text)), text);
    }
    assertEquals(
        "973d2809ef989af8b987b602314c39bd",
        hex(Secret.fromBase32("S46SQCPPTCNPROMHWYBDCTBZXV======")));
  }

  @Test
  void fromBase32_ignoresUnusedBitsOfTheLastCharacter() {
    // 26 characters carry 130 bits: the last character's two low bits are not part of the key.
    Secret canonical = Secret.fromBase32("S46SQCPPTCNPROMHWYBDCTBZXU");
    for (String last : new String[] {"V", "W", "X"}) {
      assertEquals(canonical, Secret.fromBase32("S46SQCPPTCNPROMHWYBDCTBZX" + last));
    }
    assertNotEquals(canonical, Secret.fromBase32("S46SQCPPTCNPROMHWYBDCTBZXY"));
  }

  @Test
  void fromBase32_rejectsCharacterOutsideAlphabet() {
    InvalidSecretException e =
        assertThrows(InvalidSecretException.class, () -> Secret.fromBase32("JBSWY3D1EHPK3PXP"));
    assertEquals("secret: invalid Base32 character '1' at index 7", e.getMessage());
    assertEquals(7, e.index());
  }

  @Test
  void fromBase32_describesInvisibleAndNonAsciiCharactersByCodePoint() {
    assertEquals(
        "secret: invalid Base32 character U+0131 at index 2",
        assertThrows(InvalidSecretException.class, () -> Secret.fromBase32("JBıWY3DPEHPK3PXP"))
            .getMessage());
    assertEquals(
        "secret: invalid Base32 character U+000A at index 4",
        assertThrows(InvalidSecretException.class, () -> Secret.fromBase32("JBSW\nY3DPEHPK3PXP"))
            .getMessage());
    assertEquals(
        "secret: invalid Base32 character U+1F511 at index 0",
        assertThrows(InvalidSecretException.class, () -> Secret.fromBase32("🔑JBSWY3DPEHPK3PXP"))
            .getMessage());
  }

  @Test
  void fromBase32_rejectsDataAfterPadding() {
    InvalidSecretException e =
        assertThrows(InvalidSecretException.class, () -> Secret.fromBase32("JBSWY3DP=EHPK3PXP"));
    assertEquals("secret: Base32 data at index 9 after padding '=' at index 8", e.getMessage());
    assertEquals(9, e.index());
  }

  @Test
  void fromBase32_rejectsDataAfterPaddingAtTheStart() {
    InvalidSecretException e =
        assertThrows(InvalidSecretException.class, () -> Secret.fromBase32("==JBSWY3DPEHPK3PXP"));
    assertEquals("secret: Base32 data at index 2 after padding '=' at index 0", e.getMessage());
    assertEquals(2, e.index());
  }

  @ParameterizedTest
  @ValueSource(ints = {17, 19, 22, 25, 27, 30})
  void fromBase32_rejectsLengthsNoByteStringEncodesTo(int length) {
    String text = "A".repeat(length);
    InvalidSecretException e =
        assertThrows(InvalidSecretException.class, () -> Secret.fromBase32(text));
    assertEquals(
        "secret: "
            + length
            + " Base32 characters cannot encode whole bytes (a length of 1, 3 or 6"
            + " more than a multiple of 8 is impossible); last at index "
            + (length - 1),
        e.getMessage());
    assertEquals(length - 1, e.index());
  }

  @Test
  void fromBase32_rejectsKeysUnder80Bits() {
    InvalidSecretException e =
        assertThrows(InvalidSecretException.class, () -> Secret.fromBase32("JBSWY3DPEHPK3"));
    assertEquals("secret must be at least 80 bits (16 Base32 characters): 64 bits", e.getMessage());
    assertEquals(-1, e.index());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "====", " - \t"})
  void fromBase32_rejectsTextWithoutData(String text) {
    InvalidSecretException e =
        assertThrows(InvalidSecretException.class, () -> Secret.fromBase32(text));
    assertEquals("secret: no Base32 characters", e.getMessage());
  }

  @Test
  void isWeak_under128Bits() {
    assertTrue(Secret.fromBase32("JBSWY3DPEHPK3PXP").isWeak());
    assertTrue(Secret.fromBytes(new byte[15]).isWeak());
    assertFalse(Secret.fromBytes(new byte[16]).isWeak());
  }

  @Test
  void toString_showsOnlyTheLength() {
    Secret secret = Secret.fromBase32("JBSWY3DPEHPK3PXP");
    assertEquals("Secret[80 bits]", secret.toString());
  }

  @Test
  void equals_comparesKeys() {
    assertEquals(Secret.fromBase32("JBSWY3DPEHPK3PXP"), Secret.fromBase32("jbsw y3dp ehpk 3pxp"));
    assertNotEquals(Secret.fromBase32("JBSWY3DPEHPK3PXP"), Secret.fromBase32("JBSWY3DPEHPK3PXQ"));
    assertEquals(10, Secret.fromBase32("JBSWY3DPEHPK3PXP").hashCode());
  }

  static Stream<Arguments> keysOf10To64Bytes() {
    return Seeded.cases(500, random -> Arguments.of(Seeded.bytes(random, 10, 64)));
  }

  @Seeded.Property
  @MethodSource("keysOf10To64Bytes")
  void fromBase32_decodesWhatToBase32Encodes(byte[] key) {
    Secret secret = Secret.fromBytes(key);
    assertArrayEquals(key, Secret.fromBase32(secret.toBase32()).copyBytes());
    assertArrayEquals(key, Secret.fromBase32(secret.toGroupedBase32()).copyBytes());
  }

  @Seeded.Property
  @MethodSource("lenientSpellings")
  void fromBase32_readsEveryLenientSpellingAlike(String canonical, String respelled) {
    assertEquals(Secret.fromBase32(canonical), Secret.fromBase32(respelled));
  }

  static Stream<Arguments> lenientSpellings() {
    return Seeded.cases(
        500,
        random -> {
          byte[] key = Seeded.bytes(random, 10, 64);
          return Arguments.of(Secret.fromBytes(key).toBase32(), respell(key, random.nextLong()));
        });
  }

  /** Spells a key's Base32 with random case, separators and padding. */
  private static String respell(byte[] key, long seed) {
    java.util.Random random = new java.util.Random(seed);
    String plain = Secret.fromBytes(key).toBase32();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < plain.length(); i++) {
      char c = plain.charAt(i);
      if (random.nextInt(4) == 0) {
        out.append(" \t-".charAt(random.nextInt(3)));
      }
      out.append(random.nextBoolean() ? Character.toLowerCase(c) : c);
    }
    int padding = random.nextInt(3) == 0 ? 0 : (8 - plain.length() % 8) % 8;
    out.append("=".repeat(padding));
    if (random.nextBoolean()) {
      out.append(' ');
    }
    return out.toString();
  }

  /**
   * A character that a Base32 secret may not contain (half of them ASCII, the others anywhere in
   * the Basic Multilingual Plane but surrogates) and a position from 0 to 9.
   */
  static Stream<Arguments> charactersOutsideTheAlphabet() {
    return Seeded.cases(
        1000,
        random -> Arguments.of(outsideTheAlphabet(random), (char) ('0' + random.nextInt(10))));
  }

  private static char outsideTheAlphabet(SplittableRandom random) {
    while (true) {
      char c = (char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(0x10000));
      boolean allowed =
          (c < 128 && ALPHABET.indexOf(Character.toUpperCase(c)) >= 0)
              || c == ' '
              || c == '\t'
              || c == '-'
              || c == '=';
      if (!allowed && !Character.isSurrogate(c)) {
        return c;
      }
    }
  }

  @Seeded.Property
  @MethodSource("charactersOutsideTheAlphabet")
  void fromBase32_rejectsEveryCharacterOutsideTheAlphabet(char bad, char position) {
    int index = position - '0';
    String text =
        "JBSWY3DPEHPK3PXP".substring(0, index) + bad + "JBSWY3DPEHPK3PXP".substring(index);
    InvalidSecretException e =
        assertThrows(InvalidSecretException.class, () -> Secret.fromBase32(text));
    assertEquals(index, e.index());
    assertTrue(e.getMessage().startsWith("secret: invalid Base32 character "), e.getMessage());
    assertTrue(e.getMessage().endsWith(" at index " + index), e.getMessage());
  }

  @Test
  void fromBase32_rejectsLookAlikesOfAlphabetLetters() {
    // Under a Turkish locale "i".toUpperCase() is "İ"; neither it nor the dotless ı is Base32.
    for (String lookAlike : new String[] {"İ", "ı", "Ａ", "٢", "ſ", "\u212A"}) {
      assertThrows(
          InvalidSecretException.class,
          () -> Secret.fromBase32("JBSWY3DPEHPK3PX" + lookAlike),
          lookAlike + " in " + Locale.getDefault());
    }
  }

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static String ascii(Secret secret) {
    return new String(secret.copyBytes(), java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static String hex(Secret secret) {
    return HexFormat.of().formatHex(secret.copyBytes());
  }
}
