package dev.twofactor.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.EncodeHintType;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.Version;
import com.google.zxing.qrcode.encoder.Encoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mixed segments: an otpauth URI is encoded at the smallest version that ZXing's encoders reach, in
 * one segment or in several (numeric, alphanumeric, byte), and decodes back exactly.
 *
 * <p>The random URIs come from a seeded generator; the seed is in every failure message, and {@code
 * -Dtwofactor.test.seed=N} replays it.
 */
final class QrCodeSegmentsTest {
  private static final long SEED = Long.getLong("twofactor.test.seed", 20261128L);

  /** A URI whose Base32 run and long counter make mixed segments one version smaller. */
  private static final String SHRINKS =
      "otpauth://hotp/ACME:bob?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME"
          + "&counter=1234567890123";

  @Test
  void of_uriWhoseSecretRunShrinksTheCode_isOneVersionSmallerAndDecodesBack() throws Exception {
    assertEquals(7, zxingSingleSegment(SHRINKS, ErrorCorrection.M));
    QrCode qr = QrCode.of(SHRINKS);
    assertEquals(6, qr.version());
    assertEquals(17 + 4 * 6 + 2 * 4, qr.size());
    var result = Scan.png(qr.toPng());
    assertEquals(SHRINKS, result.getText());
    // ASCII only: no ECI, so every decoder reads it as ISO-8859-1, which is ASCII here.
    assertEquals("]Q1", result.getResultMetadata().get(ResultMetadataType.SYMBOLOGY_IDENTIFIER));
  }

  @Test
  void of_uriThatMixedSegmentsDoNotShrink_isTheSingleSegmentCode() throws Exception {
    QrCode qr = QrCode.of(Uris.TYPICAL);
    assertEquals(6, qr.version());
    var single =
        Encoder.encode(
            Uris.TYPICAL, ErrorCorrection.M.zxing(), Map.of(EncodeHintType.QR_VERSION, 6));
    assertTrue(sameModules(qr, single.getMatrix()), "the same modules as ZXing's one segment");
  }

  @Test
  void of_randomOtpauthUris_smallestVersionOfZxingsEncodersAtEveryLevel_andDecodesBack()
      throws Exception {
    Random random = new Random(SEED);
    int smaller = 0;
    int total = 0;
    for (int i = 0; i < 150; i++) {
      String uri = randomUri(random);
      for (ErrorCorrection level : ErrorCorrection.values()) {
        int single = zxingSingleSegment(uri, level);
        int compact = zxingCompact(uri, level);
        QrCode qr = QrCode.of(uri, level);
        String where = "seed " + SEED + ", uri " + i + " at " + level + ": " + uri;
        assertEquals(Math.min(single, compact), qr.version(), where);
        assertEquals(
            Math.min(single, Encoding.smallestMixedVersion(uri, level.zxing())),
            qr.version(),
            where);
        assertEquals(uri, Scan.modules(Scan.modulesOf(qr), 2).getText(), where);
        total++;
        if (qr.version() < single) {
          smaller++;
        }
      }
    }
    // The Base32 run of the secret makes a difference for a good share of URIs.
    assertTrue(smaller > total / 5, smaller + " of " + total + " smaller, seed " + SEED);
  }

  @Test
  void of_alphanumericTextWhoseDigitRunDoesNotShrinkTheCode_isTheSingleSegmentCode()
      throws Exception {
    // A numeric segment for the 24 digits saves bits, but not a version: ZXing's compact encoder
    // would write three segments at version 2, a different symbol from the one segment.
    String text = "ORDER 123456789012345678901234 PAID";
    assertEquals(2, zxingSingleSegment(text, ErrorCorrection.M));
    assertEquals(2, zxingCompact(text, ErrorCorrection.M));
    var single =
        Encoder.encode(text, ErrorCorrection.M.zxing(), Map.of(EncodeHintType.QR_VERSION, 2));
    var compact =
        Encoder.encode(text, ErrorCorrection.M.zxing(), Map.of(EncodeHintType.QR_COMPACT, true));
    assertNotEquals(single.getMatrix().toString(), compact.getMatrix().toString());

    QrCode qr = QrCode.of(text);

    assertEquals(2, qr.version());
    assertTrue(sameModules(qr, single.getMatrix()), "the same modules as ZXing's one segment");
    assertEquals(text, Scan.modules(Scan.modulesOf(qr), 3).getText());
  }

  @Test
  void mixedBits_alphanumericModeHoldsDigitsUpperCaseLettersAndNineSymbols() {
    Version small = Version.getVersionForNumber(1);
    // Two alphanumeric characters in one segment: 4 + 9 + 11 bits. The ends of the ranges 0-9 and
    // A-Z, and each of the symbols.
    for (String pair : List.of("0A", "9Z", "A0", "Z9", " $", "%*", "+-", "./", ":A")) {
      assertEquals(24, Encoding.mixedBits(pair, small), pair);
    }
    // The characters next to them are not alphanumeric: one byte segment, 4 + 8 + 2 * 8 bits.
    for (String pair : List.of("A@", "A[", "A#", "A&", "A,", "A;", "Aa", "Az")) {
      assertEquals(28, Encoding.mixedBits(pair, small), pair);
    }
  }

  @Test
  void mixedBits_countsHeadersAndGroupsExactly() {
    Version small = Version.getVersionForNumber(1);
    // One numeric segment: 4 + 10 + 10 + 4 bits.
    assertEquals(28, Encoding.mixedBits("1234", small));
    // One alphanumeric segment: 4 + 9 + 11 + 6.
    assertEquals(30, Encoding.mixedBits("AB1", small));
    // Byte, then numeric: (4 + 8 + 8) + (4 + 10 + 5 * 10 + 4) = 20 + 68.
    assertEquals(88, Encoding.mixedBits("a1234567890123456", small));
    // Too few digits to pay for a second header: all bytes, 4 + 8 + 3 * 8.
    assertEquals(36, Encoding.mixedBits("a12", small));
    // In versions 10 to 26 the counts are wider: byte 16 bits instead of 8.
    assertEquals(4 + 16 + 8, Encoding.mixedBits("a", Version.getVersionForNumber(10)));
  }

  @Test
  void of_textThatFitsOnlyInMixedSegments_isAccepted() {
    // 1000 bytes and 3000 digits: 4000 bytes in one segment is over the 2331 of version 40-M.
    String text = "a".repeat(1000) + "1".repeat(3000);
    QrCode qr = QrCode.of(text);
    assertEquals(40, qr.version());
    assertEquals(text, Scan.modules(Scan.modulesOf(qr), 2).getText());
  }

  private static int zxingSingleSegment(String text, ErrorCorrection level) throws WriterException {
    return Encoder.encode(text, level.zxing()).getVersion().getVersionNumber();
  }

  private static int zxingCompact(String text, ErrorCorrection level) throws WriterException {
    return Encoder.encode(text, level.zxing(), Map.of(EncodeHintType.QR_COMPACT, Boolean.TRUE))
        .getVersion()
        .getVersionNumber();
  }

  private static boolean sameModules(QrCode qr, com.google.zxing.qrcode.encoder.ByteMatrix zxing) {
    for (int y = 0; y < zxing.getHeight(); y++) {
      for (int x = 0; x < zxing.getWidth(); x++) {
        if (qr.isDark(x + QrCode.MIN_QUIET_ZONE, y + QrCode.MIN_QUIET_ZONE)
            != (zxing.get(x, y) == 1)) {
          return false;
        }
      }
    }
    return true;
  }

  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final List<String> WORDS =
      List.of(
          "alice",
          "ACME",
          "bob",
          "Example",
          "Big%20Corp",
          "help%20desk",
          "user",
          "admin",
          "GitLab",
          "mail",
          "42",
          "2026",
          "%40",
          "example.com",
          "%C3%A9",
          "%26",
          "%2B",
          "Co",
          "-",
          "_",
          "~",
          "%F0%9F%98%80");

  /** An otpauth URI as the library writes it: percent-encoded names, Base32, known settings. */
  private static String randomUri(Random random) {
    String issuer = words(random);
    String type = random.nextInt(4) == 0 ? "hotp" : "totp";
    StringBuilder uri = new StringBuilder("otpauth://").append(type).append('/');
    uri.append(issuer).append(':').append(words(random));
    int[] lengths = {16, 26, 32, 32, 32, 52, 103};
    uri.append("?secret=");
    for (int i = lengths[random.nextInt(lengths.length)]; i > 0; i--) {
      uri.append(BASE32.charAt(random.nextInt(BASE32.length())));
    }
    uri.append("&issuer=").append(issuer);
    String[] algorithms = {"", "", "SHA256", "SHA512"};
    String algorithm = algorithms[random.nextInt(algorithms.length)];
    if (!algorithm.isEmpty()) {
      uri.append("&algorithm=").append(algorithm);
    }
    int[] digits = {6, 6, 8, 7};
    int d = digits[random.nextInt(digits.length)];
    if (d != 6) {
      uri.append("&digits=").append(d);
    }
    if (type.equals("hotp")) {
      uri.append("&counter=")
          .append((long) (random.nextDouble() * Math.pow(10, random.nextInt(13))));
    } else if (random.nextInt(3) == 0) {
      uri.append("&period=").append(random.nextBoolean() ? 60 : 15);
    }
    return uri.toString();
  }

  private static String words(Random random) {
    List<String> parts = new ArrayList<>();
    for (int n = 1 + random.nextInt(5); n > 0; n--) {
      parts.add(WORDS.get(random.nextInt(WORDS.size())));
    }
    return String.join("", parts);
  }
}
