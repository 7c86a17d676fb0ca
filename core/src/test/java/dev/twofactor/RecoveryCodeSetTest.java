package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class RecoveryCodeSetTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void generateCode_isTwelveCharactersInGroupsOfFour() {
    Set<Character> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String code = RecoveryCodeSet.generateCode(RANDOM);
      assertTrue(code.matches("[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}"));
      code.chars().filter(c -> c != '-').forEach(c -> seen.add((char) c));
    }
    assertEquals(32, seen.size(), "every symbol of the alphabet is used: 5 bits each");
  }

  @Test
  void normalize_foldsCaseHyphensSpacesAndLookAlikes() {
    char[] expected = "01abcdefghjk".toCharArray();
    for (String typed :
        List.of(
            "01ab-cdef-ghjk",
            "01AB CDEF GHJK",
            " olab cdef ghjk\n",
            "OIAB-cdef-GHJK",
            "0LabcdefghjK",
            "01ab\u00a0cdef\u2003ghjk")) {
      assertArrayEquals(expected, RecoveryCodeSet.normalize(typed), typed);
    }
    assertArrayEquals(
        "zzzzaaaa0000".toCharArray(), RecoveryCodeSet.normalize("ZZZZ-AAAA-0000"), "A and Z");
  }

  @Test
  void normalize_refusesWhatIsNotACode() {
    for (String typed :
        List.of(
            "",
            "01ab-cdef-ghj",
            "01ab-cdef-ghjkm",
            "01ab-cdef-ghju",
            "01ab_cdef_ghjk",
            "٠١ab-cdef-ghjk",
            "０１ab-cdef-ghjk",
            "01ab-cdef-ghjı",
            "01ab+cdef+ghjk")) {
      assertNull(RecoveryCodeSet.normalize(typed), typed);
    }
  }

  @Test
  void set_findsEachCodeOnceAndForgetsUsedOnes() {
    char[][] codes = {"0000aaaa1111".toCharArray(), "2222bbbb3333".toCharArray()};
    RecoveryCodeSet set = RecoveryCodeSet.create(codes, 1_000, RANDOM);
    assertEquals(2, set.size());
    assertEquals(0, set.indexOf(set.hash("0000aaaa1111".toCharArray())));
    assertEquals(1, set.indexOf(set.hash("2222bbbb3333".toCharArray())));
    assertEquals(-1, set.indexOf(set.hash("4444cccc5555".toCharArray())));
    RecoveryCodeSet rest = RecoveryCodeSet.parse(set.encodeWithout(0));
    assertEquals(1, rest.size());
    assertEquals(0, rest.indexOf(rest.hash("2222bbbb3333".toCharArray())));
    assertEquals(-1, rest.indexOf(rest.hash("0000aaaa1111".toCharArray())));
    assertTrue(rest.sameParameters(set));
    assertNull(rest.encodeWithout(0));
  }

  @Test
  void encode_isTheDocumentedFormat() {
    RecoveryCodeSet set =
        RecoveryCodeSet.create(new char[][] {"0000aaaa1111".toCharArray()}, 1_000, RANDOM);
    String encoded = set.encode();
    assertTrue(encoded.matches("pbkdf2-sha256:1000:[A-Za-z0-9+/]{22}:[A-Za-z0-9+/]{43}"), encoded);
  }

  @Test
  void hash_isPbkdf2HmacSha256OfTheNormalizedCode() throws Exception {
    byte[] salt = new byte[16];
    String encoded =
        "pbkdf2-sha256:1000:" + Base64.getEncoder().withoutPadding().encodeToString(salt) + ":";
    byte[] expected =
        javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(
                new javax.crypto.spec.PBEKeySpec("0000aaaa1111".toCharArray(), salt, 1000, 256))
            .getEncoded();
    assertArrayEquals(expected, RecoveryCodeSet.parse(encoded).hash("0000aaaa1111".toCharArray()));
  }

  @Seeded.Property
  @MethodSource("stored")
  void parse_readsWhatEncodeWrote(String stored) {
    assertEquals(stored, RecoveryCodeSet.parse(stored).encode());
  }

  /** Stored sets: 1 to 10^8 iterations, a salt of 16 to 64 bytes and up to 10 hashes. */
  static Stream<Arguments> stored() {
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return Seeded.cases(
        200,
        random -> {
          int iterations = Seeded.between(random, 1, 100_000_000);
          String salt = base64.encodeToString(Seeded.bytes(random, 16, 64));
          List<String> hashes = new java.util.ArrayList<>();
          for (int i = Seeded.between(random, 0, 10); i > 0; i--) {
            hashes.add(base64.encodeToString(Seeded.bytes(random, 32, 32)));
          }
          return Arguments.of(
              "pbkdf2-sha256:" + iterations + ":" + salt + ":" + String.join(",", hashes));
        });
  }

  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
  private static final String SALT = BASE64.encodeToString(new byte[16]);

  private static String filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return BASE64.encodeToString(bytes);
  }

  private static void assertRefused(String message, String stored) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RecoveryCodeSet.parse(stored));
    assertEquals(message, e.getMessage(), stored);
  }

  @Test
  void create_drawsAFreshSaltForEverySet() {
    char[][] codes = {"0000aaaa1111".toCharArray()};
    RecoveryCodeSet first = RecoveryCodeSet.create(codes, 1_000, RANDOM);
    RecoveryCodeSet second = RecoveryCodeSet.create(codes, 1_000, RANDOM);
    assertNotEquals(first.encode(), second.encode());
    assertFalse(first.sameParameters(second));
  }

  @Test
  void sameParameters_comparesIterationsAndSalt() {
    RecoveryCodeSet set = RecoveryCodeSet.parse("pbkdf2-sha256:1000:" + SALT + ":");
    assertTrue(
        set.sameParameters(
            RecoveryCodeSet.parse("pbkdf2-sha256:1000:" + SALT + ":" + filled(32, 1))));
    assertFalse(set.sameParameters(RecoveryCodeSet.parse("pbkdf2-sha256:1001:" + SALT + ":")));
    assertFalse(
        set.sameParameters(RecoveryCodeSet.parse("pbkdf2-sha256:1000:" + filled(16, 1) + ":")));
  }

  @Test
  void parse_withACeiling_acceptsIterationsFromTheFloorToTheCeiling() {
    assertEquals(
        "pbkdf2-sha256:1000:" + SALT + ":",
        RecoveryCodeSet.parse("pbkdf2-sha256:1000:" + SALT + ":", 4_000).encode());
    assertEquals(
        "pbkdf2-sha256:4000:" + SALT + ":",
        RecoveryCodeSet.parse("pbkdf2-sha256:4000:" + SALT + ":", 4_000).encode());
    for (int iterations : new int[] {999, 4_001}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> RecoveryCodeSet.parse("pbkdf2-sha256:" + iterations + ":" + SALT + ":", 4_000));
      assertEquals(
          "iterations must be between 1000 and 4000, four times the policy's: " + iterations,
          e.getMessage());
    }
  }

  @Test
  void parse_namesWhatIsWrongAndWhere() {
    assertRefused("must start with \"pbkdf2-sha256:\"", "pbkdf2-sha1:1000:" + SALT + ":");
    assertRefused(
        "must be pbkdf2-sha256:<iterations>:<salt>:<hashes>, with 4 parts separated by ':': 3"
            + " parts",
        "pbkdf2-sha256:1000:" + SALT);
    assertRefused(
        "must be pbkdf2-sha256:<iterations>:<salt>:<hashes>, with 4 parts separated by ':': 5"
            + " parts",
        "pbkdf2-sha256:1000:" + SALT + "::");
    for (String iterations :
        List.of(
            "",
            "0",
            "1a00",
            "+1000",
            "-1000",
            "\uff11\uff10\uff10\uff10",
            "100000001",
            "1234567890")) {
      assertRefused(
          "iterations must be an ASCII decimal integer between 1 and 100000000",
          "pbkdf2-sha256:" + iterations + ":" + SALT + ":");
    }
    assertRefused(
        "salt must be at least 16 bytes: 15", "pbkdf2-sha256:1000:" + filled(15, 0) + ":");
    assertRefused("salt must be Base64", "pbkdf2-sha256:1000:" + SALT + "!:");
    assertRefused(
        "hash 2 must be Base64",
        "pbkdf2-sha256:1000:" + SALT + ":" + filled(32, 1) + "," + filled(32, 2) + "!");
    assertRefused(
        "hash 2 must be 32 bytes: 3",
        "pbkdf2-sha256:1000:" + SALT + ":" + filled(32, 1) + "," + filled(3, 2));
    assertEquals(
        "pbkdf2-sha256:1000:" + SALT + ":",
        RecoveryCodeSet.parse("pbkdf2-sha256:0001000:" + SALT + ":").encode(),
        "leading zeros");
  }

  @Test
  void indexOf_returnsTheFirstOfEqualHashes() {
    String hash = filled(32, 7);
    RecoveryCodeSet set =
        RecoveryCodeSet.parse("pbkdf2-sha256:1000:" + SALT + ":" + hash + "," + hash);
    byte[] raw = new byte[32];
    Arrays.fill(raw, (byte) 7);
    assertEquals(0, set.indexOf(raw));
  }

  @Test
  void encodeWithout_keepsTheOtherHashesInOrder() {
    String a = filled(32, 1);
    String b = filled(32, 2);
    String c = filled(32, 3);
    String prefix = "pbkdf2-sha256:1000:" + SALT + ":";
    RecoveryCodeSet set = RecoveryCodeSet.parse(prefix + a + "," + b + "," + c);
    assertEquals(prefix + b + "," + c, set.encodeWithout(0));
    assertEquals(prefix + a + "," + c, set.encodeWithout(1));
    assertEquals(prefix + a + "," + b, set.encodeWithout(2));
    RecoveryCodeSet rest = set.without(1);
    assertTrue(rest != null);
    assertEquals(prefix + a + "," + c, rest.encode());
  }
}
