package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Verification.Reason;
import dev.twofactor.testkit.RfcVectors;
import dev.twofactor.testkit.RfcVectors.HotpVector;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class HotpTest {
  private static final Secret RFC = Secret.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");

  @Test
  void generate_matchesRfc4226AppendixD() {
    List<HotpVector> vectors = new ArrayList<>(RfcVectors.HOTP);
    vectors.addAll(RfcVectors.HOTP_DIGITS);
    vectors.addAll(RfcVectors.HOTP_EXTRA);
    for (HotpVector vector : vectors) {
      Hotp hotp = Hotp.builder().digits(vector.digits()).build();
      assertEquals(
          vector.code(),
          hotp.generate(Secret.fromBytes(vector.key()), vector.counter()),
          vector.toString());
      assertEquals(
          vector.code(), hotp.generate(Secret.fromBase32(vector.secretBase32()), vector.counter()));
    }
  }

  @Test
  void generate_keepsTheHighDigitsOfTenDigitCodes() {
    // 1284755224 > Integer.MAX_VALUE / 2: an int modulus of 10^10 would overflow.
    assertEquals("1284755224", Hotp.builder().digits(10).build().generate(RFC, 0));
  }

  @Test
  void generate_refusesNegativeCounters() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Hotp.defaults().generate(RFC, -1));
    assertEquals("counter must not be negative: -1", e.getMessage());
  }

  @Test
  void verify_acceptsCodesWithinTheLookAheadAndReportsTheCounter() {
    Hotp hotp = Hotp.defaults();
    assertEquals(3, hotp.lookAhead());
    Verification v = hotp.verify(RFC, "969429", 0);
    assertTrue(v.isAccepted());
    assertEquals(3, v.step());
    assertEquals(3, v.drift());
    assertEquals(Reason.MISMATCH, hotp.verify(RFC, "338314", 0).reason(), "counter 4 is beyond");
    assertEquals(Reason.MISMATCH, hotp.verify(RFC, "755224", 1).reason(), "counter 0 is used");
    assertEquals(Reason.MALFORMED, hotp.verify(RFC, "75522", 0).reason());
    v = hotp.verify(RFC, "287082", 1);
    assertEquals(1, v.step(), "the expected counter itself");
    assertEquals(0, v.drift());
  }

  @Test
  void verify_refusesNegativeCounters() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Hotp.defaults().verify(RFC, "755224", -1));
    assertEquals("counter must not be negative: -1", e.getMessage());
  }

  @Test
  void resynchronize_checksItsArguments() {
    Hotp hotp = Hotp.defaults();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> hotp.resynchronize(RFC, "755224", "287082", -1, 10));
    assertEquals("counter must not be negative: -1", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> hotp.resynchronize(RFC, "755224", "287082", 0, 0));
    assertEquals("range must be between 1 and 10000: 0", e.getMessage());
    assertEquals(OptionalLong.of(2), hotp.resynchronize(RFC, "755224", "287082", 0, 1));
    assertEquals(OptionalLong.of(2), hotp.resynchronize(RFC, "755224", "287082", 0, 10_000));
  }

  @Test
  void resynchronize_findsAPairAtTheFirstCounterAndNoneWhoseNextCounterOverflows() {
    Hotp hotp = Hotp.defaults();
    assertEquals(OptionalLong.of(3), hotp.resynchronize(RFC, "287082", "359152", 1, 1));
    long max = Long.MAX_VALUE;
    String beforeLast = hotp.generate(RFC, max - 2);
    String last = hotp.generate(RFC, max - 1);
    String overflow = hotp.generate(RFC, max);
    assertEquals(OptionalLong.of(max), hotp.resynchronize(RFC, beforeLast, last, max - 3, 10));
    assertEquals(OptionalLong.empty(), hotp.resynchronize(RFC, last, overflow, max - 3, 10));
  }

  @Test
  void equals_comparesEverySetting() {
    Hotp hotp = Hotp.builder().algorithm(Algorithm.SHA256).digits(8).lookAhead(5).build();
    assertEquals(Algorithm.SHA256, hotp.algorithm());
    assertEquals(8, hotp.digits());
    assertEquals(5, hotp.lookAhead());
    assertEquals(hotp, hotp.toBuilder().build());
    assertEquals(hotp.hashCode(), hotp.toBuilder().build().hashCode());
    for (Hotp other :
        List.of(
            hotp.toBuilder().algorithm(Algorithm.SHA512).build(),
            hotp.toBuilder().digits(7).build(),
            hotp.toBuilder().lookAhead(4).build())) {
      assertNotEquals(hotp, other);
      assertNotEquals(hotp.hashCode(), other.hashCode());
    }
    assertNotEquals(hotp, Totp.defaults());
  }

  @Test
  void build_rejectsInvalidSettings() {
    assertEquals(
        "digits must be between 6 and 10: 4",
        assertThrows(IllegalArgumentException.class, () -> Hotp.builder().digits(4).build())
            .getMessage());
    assertEquals(
        "lookAhead must be between 0 and 10: 11",
        assertThrows(IllegalArgumentException.class, () -> Hotp.builder().lookAhead(11).build())
            .getMessage());
  }

  @Test
  void toString_describesThePolicy() {
    assertEquals("Hotp[SHA1, 6 digits, look-ahead 3]", Hotp.defaults().toString());
    assertEquals(Hotp.defaults(), Hotp.defaults().toBuilder().build());
  }

  static Stream<Arguments> keysCountersAndSettings() {
    return Seeded.cases(
        1000,
        random ->
            Arguments.of(
                Seeded.bytes(random, 10, 100),
                Seeded.between(random, 0L, Long.MAX_VALUE),
                Seeded.oneOf(random, List.of(Algorithm.values())),
                Seeded.between(random, 6, 10)));
  }

  @Seeded.Property
  @MethodSource("keysCountersAndSettings")
  void generate_equalsAnIndependentImplementation(
      byte[] key, long counter, Algorithm algorithm, int digits) {
    Hotp hotp = Hotp.builder().algorithm(algorithm).digits(digits).build();
    assertEquals(
        ReferenceOtp.code(algorithm.macAlgorithm(), key, counter, digits),
        hotp.generate(Secret.fromBytes(key), counter));
  }
}
