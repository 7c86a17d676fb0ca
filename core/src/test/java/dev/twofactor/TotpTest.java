package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Verification.Reason;
import dev.twofactor.testkit.RfcVectors;
import dev.twofactor.testkit.RfcVectors.TotpVector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

final class TotpTest {
  private static final Secret RFC_SHA1 = Secret.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  private static final Instant T59 = Instant.ofEpochSecond(59);

  private static Totp policy(TotpVector vector) {
    return Totp.builder()
        .algorithm(Algorithm.valueOf(vector.algorithm()))
        .digits(vector.digits())
        .build();
  }

  @Test
  void generate_matchesRfc6238AppendixBForEveryAlgorithmWithItsOwnSeed() {
    assertEquals(18, RfcVectors.TOTP.size());
    for (TotpVector vector : RfcVectors.TOTP) {
      Secret secret = Secret.fromBytes(vector.key());
      assertEquals(
          vector.code(), policy(vector).generate(secret, vector.instant()), vector.toString());
      assertEquals(
          vector.code(),
          policy(vector).generate(Secret.fromBase32(vector.secretBase32()), vector.instant()));
    }
  }

  @Test
  void generate_doesNotProduceTheCodesOfTheWrongSeed() {
    for (TotpVector vector : RfcVectors.TOTP_WRONG_SEED) {
      Secret rightSeed = Secret.fromBytes(vector.key());
      assertNotEquals(vector.code(), policy(vector).generate(rightSeed, vector.instant()));
      // The wrong code is what the 20-byte SHA-1 seed gives: the vector documents a real mistake.
      assertEquals(vector.code(), policy(vector).generate(RFC_SHA1, vector.instant()));
    }
  }

  @Test
  void generate_matchesCodesOfRealIssuers() {
    for (TotpVector vector : RfcVectors.TOTP_EXTRA) {
      Secret secret = Secret.fromBase32(vector.secretBase32());
      assertEquals(
          vector.code(), Totp.defaults().generate(secret, vector.instant()), vector.toString());
    }
  }

  @Test
  void generate_keepsLeadingZeros() {
    Totp eight = Totp.builder().digits(8).build();
    assertEquals("07081804", eight.generate(RFC_SHA1, Instant.ofEpochSecond(1111111109)));
  }

  @Test
  void generate_worksPast2038And2106() {
    Totp eight = Totp.builder().digits(8).build();
    assertEquals("65353130", eight.generate(RFC_SHA1, Instant.ofEpochSecond(20000000000L)));
    Instant far = Instant.parse("9999-12-31T23:59:59Z");
    assertEquals(
        ReferenceOtp.code("HmacSHA1", RFC_SHA1.copyBytes(), far.getEpochSecond() / 30, 6),
        Totp.defaults().generate(RFC_SHA1, far));
  }

  @Test
  void generate_refusesInstantsBeforeT0() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Totp.defaults().generate(RFC_SHA1, Instant.ofEpochSecond(-1)));
    assertEquals(
        "instant must not be before T0 (1970-01-01T00:00:00Z): 1969-12-31T23:59:59Z",
        e.getMessage());
    Totp late = Totp.builder().t0(Instant.parse("2026-01-01T00:00:00Z")).build();
    assertThrows(
        IllegalArgumentException.class,
        () -> late.verify(RFC_SHA1, "123456", Instant.parse("2025-12-31T23:59:59.999Z")));
  }

  @Test
  void stepAt_countsWholePeriodsSinceT0() {
    Totp policy =
        Totp.builder()
            .t0(Instant.parse("2026-01-01T00:00:00.500Z"))
            .period(Duration.ofSeconds(60))
            .build();
    assertEquals(0, policy.stepAt(Instant.parse("2026-01-01T00:00:00.500Z")));
    assertEquals(0, policy.stepAt(Instant.parse("2026-01-01T00:01:00.499Z")));
    assertEquals(1, policy.stepAt(Instant.parse("2026-01-01T00:01:00.500Z")));
    assertEquals(Instant.parse("2026-01-01T00:02:00.500Z"), policy.stepStart(2));
    assertEquals(Instant.parse("2026-01-01T00:00:00.500Z"), policy.stepStart(0));
    assertEquals(
        1_234_567_890L / 30, Totp.defaults().stepAt(Instant.ofEpochSecond(1_234_567_890L)));
  }

  @Test
  void build_acceptsAPeriodOfOneSecond() {
    Totp policy = Totp.builder().period(Duration.ofSeconds(1)).build();
    assertEquals(Duration.ofSeconds(1), policy.period());
    assertEquals(1_234_567_890L, policy.stepAt(Instant.ofEpochSecond(1_234_567_890L)));
  }

  @Test
  void generate_withT0AndPeriodEqualsHotpOfTheStep() {
    Instant t0 = Instant.parse("2020-02-29T12:00:00Z");
    Totp policy = Totp.builder().t0(t0).period(Duration.ofSeconds(45)).digits(7).build();
    Instant at = t0.plusSeconds(45 * 1000 + 44);
    assertEquals(
        Hotp.builder().digits(7).build().generate(RFC_SHA1, 1000), policy.generate(RFC_SHA1, at));
  }

  @Test
  void build_rejectsInvalidSettingsWithAMessage() {
    assertMessage("digits must be between 6 and 10: 5", () -> Totp.builder().digits(5).build());
    assertMessage("digits must be between 6 and 10: 11", () -> Totp.builder().digits(11).build());
    assertMessage(
        "period must be at least 1 second: PT0.999S",
        () -> Totp.builder().period(Duration.ofMillis(999)).build());
    assertMessage(
        "period must be at least 1 second: PT-30S",
        () -> Totp.builder().period(Duration.ofSeconds(-30)).build());
    assertMessage(
        "period must be a whole number of seconds: PT1.5S",
        () -> Totp.builder().period(Duration.ofMillis(1500)).build());
    assertMessage(
        "window behind must be between 0 and 10: 11", () -> Totp.builder().window(11, 1).build());
    assertMessage(
        "window ahead must be between 0 and 10: -1", () -> Totp.builder().window(1, -1).build());
    assertThrows(NullPointerException.class, () -> Totp.builder().algorithm(null));
  }

  private static void assertMessage(String expected, Runnable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    assertEquals(expected, e.getMessage());
  }

  @Test
  void defaults_areSha1SixDigitsThirtySecondsOneStepEachWay() {
    Totp totp = Totp.defaults();
    assertEquals(Algorithm.SHA1, totp.algorithm());
    assertEquals(6, totp.digits());
    assertEquals(Duration.ofSeconds(30), totp.period());
    assertEquals(Instant.EPOCH, totp.t0());
    assertEquals(1, totp.windowBehind());
    assertEquals(1, totp.windowAhead());
    assertEquals(
        "Totp[SHA1, 6 digits, period PT30S, T0 1970-01-01T00:00:00Z, window -1/+1]",
        totp.toString());
    assertEquals(totp, totp.toBuilder().build());
    assertEquals(totp.hashCode(), Totp.builder().build().hashCode());
    assertNotEquals(totp, totp.toBuilder().digits(8).build());
    assertNotEquals(totp.hashCode(), totp.toBuilder().digits(8).build().hashCode());
  }

  @Test
  void verify_acceptsTheCurrentCodeWithItsStep() {
    Verification v = Totp.defaults().verify(RFC_SHA1, "287082", T59);
    assertTrue(v.isAccepted());
    assertEquals(1, v.step());
    assertEquals(0, v.drift());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {" 287082", "287082 ", "287 082", " 2 8 7 0 8 2 ", "\t287082\n", "287\u00a0082"})
  void verify_ignoresWhitespaceAroundAndSpacesInside(String code) {
    assertTrue(Totp.defaults().verify(RFC_SHA1, code, T59).isAccepted(), code);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "+12345",
        "-12345",
        "12345",
        "1234567",
        "１２３４５６",
        "١٢٣٤٥٦",
        "۲۸۷۰۸۲",
        "28708a",
        "287-082",
        "287\t082",
        "2870820",
        "0x1234",
        "28708.2",
        "287082\u0000"
      })
  void verify_rejectsMalformedCodesWithoutThrowing(String code) {
    Verification v = Totp.defaults().verify(RFC_SHA1, code, T59);
    assertEquals(Reason.MALFORMED, v.reason(), code);
    assertFalse(v.isAccepted());
  }

  @Test
  void verify_rejectsAWrongCodeAsMismatch() {
    assertEquals(Reason.MISMATCH, Totp.defaults().verify(RFC_SHA1, "287083", T59).reason());
  }

  @Test
  void verify_refusesEveryStepUpToTheLastUsedOneAsReplayed() {
    Instant now = Instant.ofEpochSecond(30 * 100 + 5);
    Totp totp = Totp.defaults();
    String previous = totp.generateAtStep(RFC_SHA1, 99);
    String current = totp.generateAtStep(RFC_SHA1, 100);
    String next = totp.generateAtStep(RFC_SHA1, 101);
    assertEquals(Reason.REPLAYED, totp.verify(RFC_SHA1, current, now, 100).reason());
    assertEquals(Reason.REPLAYED, totp.verify(RFC_SHA1, previous, now, 100).reason());
    assertEquals(Reason.REPLAYED, totp.verify(RFC_SHA1, current, now, 101).reason());
    assertEquals(101, totp.verify(RFC_SHA1, next, now, 100).step());
    assertEquals(100, totp.verify(RFC_SHA1, current, now, 99).step());
  }

  @Test
  void verify_skipsStepsBeforeT0() {
    // At step 0 the window's step -1 does not exist: the current code is still found.
    Totp totp = Totp.builder().window(3, 0).build();
    Instant start = Instant.EPOCH.plusSeconds(10);
    assertEquals(0, totp.verify(RFC_SHA1, totp.generateAtStep(RFC_SHA1, 0), start).step());
    assertEquals(
        Reason.MISMATCH, totp.verify(RFC_SHA1, totp.generateAtStep(RFC_SHA1, 1), start).reason());
  }

  static Stream<Arguments> windows() {
    return Seeded.cases(
        300,
        random ->
            Arguments.of(
                Seeded.bytes(random, 16, 64),
                Seeded.between(random, 1_000L, 100_000_000_000L),
                Seeded.between(random, 0, 10),
                Seeded.between(random, 0, 10),
                Seeded.oneOf(random, List.of(Algorithm.values())),
                Seeded.between(random, 6, 10)));
  }

  @Seeded.Property
  @MethodSource("windows")
  void verify_acceptsEveryOffsetInsideTheWindowAndNothingJustOutside(
      byte[] key, long unixTime, int behind, int ahead, Algorithm algorithm, int digits) {
    Secret secret = Secret.fromBytes(key);
    Totp totp = Totp.builder().algorithm(algorithm).digits(digits).window(behind, ahead).build();
    Instant now = Instant.ofEpochSecond(unixTime);
    long current = totp.stepAt(now);
    for (int offset = -behind; offset <= ahead; offset++) {
      Verification v = totp.verify(secret, totp.generateAtStep(secret, current + offset), now);
      assertTrue(v.isAccepted(), "offset " + offset);
      // Another step in the window may share the code (one chance in 10^digits).
      if (v.step() == current + offset) {
        assertEquals(offset, v.drift());
      }
    }
    for (long outside : new long[] {current - behind - 1, current + ahead + 1}) {
      String code = totp.generateAtStep(secret, outside);
      boolean collides = false;
      for (int offset = -behind; offset <= ahead; offset++) {
        collides |= code.equals(totp.generateAtStep(secret, current + offset));
      }
      if (!collides) {
        assertEquals(Reason.MISMATCH, totp.verify(secret, code, now).reason(), "step " + outside);
      }
    }
  }

  static Stream<Arguments> lastUsedSteps() {
    return Seeded.cases(
        200,
        random ->
            Arguments.of(
                Seeded.bytes(random, 16, 32),
                Seeded.between(random, -3, 3),
                Seeded.between(random, -2, 2)));
  }

  @Seeded.Property
  @MethodSource("lastUsedSteps")
  void verify_refusesEveryStepAtOrBelowLastUsedStep(
      byte[] key, int lastUsedOffset, int codeOffset) {
    Secret secret = Secret.fromBytes(key);
    Totp totp = Totp.builder().window(2, 2).build();
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    long current = totp.stepAt(now);
    long lastUsed = current + lastUsedOffset;
    Verification v =
        totp.verify(secret, totp.generateAtStep(secret, current + codeOffset), now, lastUsed);
    if (v.isAccepted()) {
      assertTrue(v.step() > lastUsed, v + " after " + lastUsed);
    } else {
      assertTrue(current + codeOffset <= lastUsed, v + " for offset " + codeOffset);
      assertEquals(Reason.REPLAYED, v.reason());
    }
  }

  static Stream<Arguments> keysTimesAndSettings() {
    return Seeded.cases(
        1000,
        random ->
            Arguments.of(
                Seeded.bytes(random, 10, 100),
                Seeded.between(random, 0L, 253_402_300_799L),
                Seeded.oneOf(random, List.of(Algorithm.values())),
                Seeded.between(random, 6, 10)));
  }

  @Seeded.Property
  @MethodSource("keysTimesAndSettings")
  void generate_equalsAnIndependentImplementation(
      byte[] key, long unixTime, Algorithm algorithm, int digits) {
    Totp totp = Totp.builder().algorithm(algorithm).digits(digits).build();
    String code = totp.generate(Secret.fromBytes(key), Instant.ofEpochSecond(unixTime));
    assertEquals(ReferenceOtp.code(algorithm.macAlgorithm(), key, unixTime / 30, digits), code);
  }

  static Stream<Arguments> keysStepsAndSettings() {
    return Seeded.cases(
        1000,
        random ->
            Arguments.of(
                Seeded.bytes(random, 10, 64),
                Seeded.between(random, 0L, Long.MAX_VALUE / 2),
                Seeded.oneOf(random, List.of(Algorithm.values())),
                Seeded.between(random, 6, 10)));
  }

  @Seeded.Property
  @MethodSource("keysStepsAndSettings")
  void generate_givesExactlyDigitsAsciiDigits(
      byte[] key, long step, Algorithm algorithm, int digits) {
    String code =
        Totp.builder()
            .algorithm(algorithm)
            .digits(digits)
            .build()
            .generateAtStep(Secret.fromBytes(key), step);
    assertEquals(digits, code.length());
    assertTrue(code.chars().allMatch(c -> c >= '0' && c <= '9'), code);
  }

  @Test
  void generate_givesTheSameCodesFromManyThreadsAsSerially() throws Exception {
    Totp totp = Totp.builder().algorithm(Algorithm.SHA256).digits(8).build();
    List<Secret> secrets = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      secrets.add(Secret.generate());
    }
    List<String> serial = codes(totp, secrets);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<List<String>>> tasks = new ArrayList<>();
      for (int t = 0; t < 32; t++) {
        tasks.add(() -> codes(totp, secrets));
      }
      for (Future<List<String>> result : pool.invokeAll(tasks)) {
        assertEquals(serial, result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> codes(Totp totp, List<Secret> secrets) {
    List<String> codes = new ArrayList<>();
    for (int step = 0; step < 50; step++) {
      for (Secret secret : secrets) {
        codes.add(totp.generateAtStep(secret, 1_000_000 + step));
      }
    }
    return codes;
  }
}
