package dev.twofactor.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twofactor.testkit.RfcVectors.Base32Vector;
import dev.twofactor.testkit.RfcVectors.HotpVector;
import dev.twofactor.testkit.RfcVectors.TotpVector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

final class RfcVectorsTest {
  private static final Map<String, Integer> SEED_BYTES =
      Map.of("SHA1", 20, "SHA256", 32, "SHA512", 64);

  static Stream<HotpVector> hotpVectors() {
    return Stream.of(RfcVectors.HOTP, RfcVectors.HOTP_DIGITS, RfcVectors.HOTP_EXTRA)
        .flatMap(List::stream);
  }

  static Stream<TotpVector> totpVectors() {
    return Stream.of(RfcVectors.TOTP, RfcVectors.TOTP_EXTRA, RfcVectors.TOTP_WRONG_SEED)
        .flatMap(List::stream);
  }

  static Stream<TotpVector> rfc6238Vectors() {
    return Stream.of(RfcVectors.TOTP, RfcVectors.TOTP_WRONG_SEED).flatMap(List::stream);
  }

  @Test
  void lists_haveTheirDocumentedSizes() {
    assertEquals(10, RfcVectors.HOTP.size());
    assertEquals(4, RfcVectors.HOTP_DIGITS.size());
    assertEquals(2, RfcVectors.HOTP_EXTRA.size());
    assertEquals(18, RfcVectors.TOTP.size());
    assertEquals(3, RfcVectors.TOTP_EXTRA.size());
    assertEquals(2, RfcVectors.TOTP_WRONG_SEED.size());
    assertEquals(7, RfcVectors.BASE32.size());
  }

  @Test
  void lists_areImmutable() {
    assertThrows(UnsupportedOperationException.class, () -> RfcVectors.HOTP.remove(0));
    assertThrows(UnsupportedOperationException.class, () -> RfcVectors.TOTP.remove(0));
    assertThrows(UnsupportedOperationException.class, () -> RfcVectors.BASE32.remove(0));
  }

  @ParameterizedTest
  @MethodSource("hotpVectors")
  void hotp_base32AndHexOfTheKeyAgree(HotpVector v) {
    assertArrayEquals(v.key(), Base32.decode(v.secretBase32()));
  }

  @ParameterizedTest
  @MethodSource("hotpVectors")
  void hotp_hmacAgreesWithJavaxCryptoMac(HotpVector v) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(v.key(), "HmacSHA1"));
    byte[] hmac = mac.doFinal(ByteBuffer.allocate(8).putLong(v.counter()).array());
    assertEquals(v.hmacHex(), HexFormat.of().formatHex(hmac));
  }

  @ParameterizedTest
  @MethodSource("hotpVectors")
  void hotp_codeHasItsDigits(HotpVector v) {
    assertEquals(v.digits(), v.code().length());
  }

  @ParameterizedTest
  @MethodSource("totpVectors")
  void totp_base32AndHexOfTheKeyAgree(TotpVector v) {
    assertArrayEquals(v.key(), Base32.decode(v.secretBase32()));
  }

  @ParameterizedTest
  @MethodSource("rfc6238Vectors")
  void totp_everySeedHasTheLengthOfItsAlgorithm(TotpVector v) {
    assertEquals(SEED_BYTES.get(v.algorithm()), v.key().length, v.algorithm());
    assertEquals(8, v.digits());
  }

  @Test
  void totp_seedsAreTheAsciiDigitsOfAppendixB() {
    assertEquals(
        "12345678901234567890",
        new String(
            HexFormat.of().parseHex(RfcVectors.RFC6238_SHA1_KEY_HEX), StandardCharsets.US_ASCII));
    assertEquals(
        "12345678901234567890123456789012",
        new String(
            HexFormat.of().parseHex(RfcVectors.RFC6238_SHA256_KEY_HEX), StandardCharsets.US_ASCII));
    assertEquals(
        "1234567890123456789012345678901234567890123456789012345678901234",
        new String(
            HexFormat.of().parseHex(RfcVectors.RFC6238_SHA512_KEY_HEX), StandardCharsets.US_ASCII));
    assertEquals(RfcVectors.RFC4226_KEY_HEX, RfcVectors.RFC6238_SHA1_KEY_HEX);
  }

  @Test
  void totp_coversEveryTimeOfAppendixBForEveryAlgorithm() {
    for (String algorithm : SEED_BYTES.keySet()) {
      assertEquals(
          List.of(59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L),
          RfcVectors.TOTP.stream()
              .filter(v -> v.algorithm().equals(algorithm))
              .map(TotpVector::unixTime)
              .toList(),
          algorithm);
    }
  }

  @Test
  void totpWrongSeed_differsFromTheRightCodeAtTheSameTime() {
    for (TotpVector wrong : RfcVectors.TOTP_WRONG_SEED) {
      TotpVector right =
          RfcVectors.TOTP.stream()
              .filter(
                  v -> v.algorithm().equals(wrong.algorithm()) && v.unixTime() == wrong.unixTime())
              .findFirst()
              .orElseThrow();
      assertEquals(right.keyHex(), wrong.keyHex());
      assertNotEquals(right.code(), wrong.code());
    }
  }

  @Test
  void totpVector_derivesInstantAndStep() {
    TotpVector v = RfcVectors.TOTP.get(0);
    assertEquals(Instant.parse("1970-01-01T00:00:59Z"), v.instant());
    assertEquals(1, v.step());
    assertEquals(666666666, RfcVectors.TOTP.get(RfcVectors.TOTP.size() - 1).step());
    assertEquals(30, TotpVector.PERIOD_SECONDS);
  }

  @Test
  void key_returnsANewArrayEachTime() {
    HotpVector h = RfcVectors.HOTP.get(0);
    assertNotSame(h.key(), h.key());
    h.key()[0] = 0;
    assertEquals('1', h.key()[0]);
    TotpVector t = RfcVectors.TOTP.get(0);
    assertNotSame(t.key(), t.key());
  }

  @ParameterizedTest
  @MethodSource("base32Vectors")
  void base32_encodesAndDecodesRfc4648Section10(Base32Vector v) {
    byte[] bytes = v.text().getBytes(StandardCharsets.US_ASCII);
    assertEquals(v.base32(), Hex.toBase32(HexFormat.of().formatHex(bytes)));
    if (!v.text().isEmpty()) {
      assertArrayEquals(bytes, Base32.decode(v.base32()));
    }
  }

  static Stream<Base32Vector> base32Vectors() {
    return RfcVectors.BASE32.stream();
  }
}
