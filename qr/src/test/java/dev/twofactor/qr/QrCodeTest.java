package dev.twofactor.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.EncodeHintType;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

final class QrCodeTest {
  @Test
  void of_typicalEnrollmentUri_usesTheDefaults() {
    QrCode qr = QrCode.of(Uris.TYPICAL);

    assertEquals(ErrorCorrection.M, qr.errorCorrection());
    assertEquals(6, qr.version());
    assertEquals(17 + 4 * 6 + 2 * 4, qr.size());
    assertEquals(qr.size() * QrCode.DEFAULT_MODULE_SIZE, PngFile.parse(qr.toPng()).width);
  }

  @Test
  void toString_showsVersionLevelAndSizeButNotTheText() {
    QrCode qr = QrCode.of(Uris.TYPICAL);

    assertEquals("QrCode[version=6, errorCorrection=M, size=49]", qr.toString());
  }

  @Test
  void of_rejectsNull() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> QrCode.of((String) null));
    assertEquals("text", e.getMessage());
    e = assertThrows(NullPointerException.class, () -> QrCode.of("x", (ErrorCorrection) null));
    assertEquals("errorCorrection", e.getMessage());
  }

  @Test
  void of_rejectsEmptyText() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QrCode.of(""));
    assertEquals("text must not be empty", e.getMessage());
  }

  @Test
  void of_rejectsUnpairedSurrogates() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> QrCode.of("ab\uD83Dc"));
    assertEquals(
        "text must be well-formed UTF-16: unpaired surrogate U+D83D at index 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> QrCode.of("é\uDE00"));
    assertEquals(
        "text must be well-formed UTF-16: unpaired surrogate U+DE00 at index 1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> QrCode.of("ab\uD83D"));
    assertEquals(
        "text must be well-formed UTF-16: unpaired surrogate U+D83D at index 2", e.getMessage());
  }

  @Test
  void of_tooLongMessage_countsUtf8BytesOnEitherSideOfEachLengthBoundary() {
    // U+007F takes 1 byte in UTF-8, U+0080 and U+07FF 2, U+0800 and U+FFFD 3, a surrogate pair 4.
    String fifteenBytes = "\u007F\u0080\u07FF\u0800\uFFFD\uD83D\uDE00";

    assertTooLong(
        fifteenBytes.repeat(100),
        ErrorCorrection.H,
        "text must be at most 1272 bytes in UTF-8 to fit a QR code at error correction level H:"
            + " 1500 bytes in UTF-8");
  }

  /** ISO/IEC 18004 Table 7: the capacity of version 40 by level and mode. */
  @ParameterizedTest
  @CsvSource({
    "L, 7089, 4296, 2953, 2952",
    "M, 5596, 3391, 2331, 2330",
    "Q, 3993, 2420, 1663, 1662",
    "H, 3057, 1852, 1273, 1272",
  })
  void of_acceptsTheLongestTextOfEachModeAndRejectsOneMore(
      ErrorCorrection level, int digits, int alphanumeric, int bytes, int utf8Bytes) {
    assertFits("1".repeat(digits), level);
    assertTooLong(
        "1".repeat(digits + 1),
        level,
        "text must be at most "
            + digits
            + " digits to fit a QR code at error correction level "
            + level
            + ": "
            + (digits + 1)
            + " digits");

    assertFits("A".repeat(alphanumeric), level);
    assertTooLong(
        "A".repeat(alphanumeric + 1),
        level,
        "text must be at most "
            + alphanumeric
            + " characters to fit a QR code at error "
            + "correction level "
            + level
            + ": "
            + (alphanumeric + 1)
            + " characters");

    assertFits("a".repeat(bytes), level);
    assertTooLong(
        "a".repeat(bytes + 1),
        level,
        "text must be at most "
            + bytes
            + " bytes to fit a QR code at error correction level "
            + level
            + ": "
            + (bytes + 1)
            + " bytes");

    // "é" is two bytes in UTF-8; the ECI header takes 12 bits, so one byte less than above.
    String utf8 = "é".repeat(utf8Bytes / 2) + "a".repeat(utf8Bytes % 2);
    assertFits(utf8, level);
    assertTooLong(
        utf8 + "a",
        level,
        "text must be at most "
            + utf8Bytes
            + " bytes in UTF-8 to fit a QR code at error "
            + "correction level "
            + level
            + ": "
            + (utf8Bytes + 1)
            + " bytes in UTF-8");
  }

  @Test
  void of_defaultLevelIsM_forTheCapacityToo() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> QrCode.of("a".repeat(2400)));
    assertEquals(
        "text must be at most 2331 bytes to fit a QR code at error correction level M: 2400 bytes",
        e.getMessage());
  }

  @Test
  void of_tooLongMessage_doesNotContainTheText() {
    String secretish = "otpauth://totp/x?secret=" + "JBSWY3DPEHPK3PXP".repeat(200);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> QrCode.of(secretish, ErrorCorrection.H));
    assertFalse(e.getMessage().contains("JBSW"), e.getMessage());
  }

  private static void assertFits(String text, ErrorCorrection level) {
    QrCode qr = QrCode.of(text, level);
    assertEquals(40, qr.version());
    assertEquals(text, Scan.modules(Scan.modulesOf(qr), 2).getText());
  }

  private static void assertTooLong(String text, ErrorCorrection level, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> QrCode.of(text, level));
    assertEquals(message, e.getMessage());
  }

  static Stream<Arguments> urisAndLevels() {
    return Seeded.cases(
        200,
        random ->
            Arguments.of(
                Uris.otpauth(random), Seeded.oneOf(random, List.of(ErrorCorrection.values()))));
  }

  @Seeded.Property
  @MethodSource("urisAndLevels")
  void version_isTheSmallestThatZxingChoosesItself(String uri, ErrorCorrection level)
      throws WriterException {
    // The smaller of ZXing's one segment and its mixed segments (QR_COMPACT).
    int zxing =
        Math.min(
            Encoder.encode(uri, level.zxing()).getVersion().getVersionNumber(),
            Encoder.encode(uri, level.zxing(), Map.of(EncodeHintType.QR_COMPACT, true))
                .getVersion()
                .getVersionNumber());
    assertEquals(zxing, QrCode.of(uri, level).version());
  }

  static Stream<Arguments> unicodeTexts() {
    return Seeded.cases(100, random -> Arguments.of(Uris.unicodeText(random)));
  }

  @Seeded.Property
  @MethodSource("unicodeTexts")
  void version_ofUnicodeText_isTheSmallestThatZxingChoosesForUtf8(String text)
      throws WriterException {
    boolean ascii = text.chars().allMatch(c -> c < 0x80);
    Map<EncodeHintType, Object> hints =
        ascii ? Map.of() : Map.of(EncodeHintType.CHARACTER_SET, "UTF-8");
    int zxing =
        Encoder.encode(text, ErrorCorrection.M.zxing(), hints).getVersion().getVersionNumber();
    if (ascii) { // ASCII text takes mixed segments (ZXing's QR_COMPACT) where they are smaller
      zxing =
          Math.min(
              zxing,
              Encoder.encode(
                      text, ErrorCorrection.M.zxing(), Map.of(EncodeHintType.QR_COMPACT, true))
                  .getVersion()
                  .getVersionNumber());
    }

    assertEquals(zxing, QrCode.of(text).version());
  }

  @Test
  void of_asciiText_hasNoEci_otherTextHasUtf8Eci() {
    // ZXing reports "]Q1" for a code without ECI and "]Q2" for one with (ISO/IEC 15424).
    assertEquals("]Q1", symbology(QrCode.of(Uris.TYPICAL)));
    assertEquals("]Q1", symbology(QrCode.of("0123456789")));
    assertEquals("]Q1", symbology(QrCode.of("HELLO WORLD")));
    assertEquals("]Q2", symbology(QrCode.of("café")));
    assertEquals("]Q2", symbology(QrCode.of("东京 🎉")));
  }

  @Test
  void of_iso88591Text_isStillUtf8_soThatNoDecoderHasToGuess() {
    String text = "Ærøskøbing ½ © ÿ";
    QrCode qr = QrCode.of(text);

    var result = Scan.modules(Scan.modulesOf(qr), 3);
    assertEquals(text, result.getText());
    assertEquals("]Q2", result.getResultMetadata().get(ResultMetadataType.SYMBOLOGY_IDENTIFIER));
    byte[] segment =
        ((java.util.List<?>) result.getResultMetadata().get(ResultMetadataType.BYTE_SEGMENTS))
            .stream().map(byte[].class::cast).findFirst().orElseThrow();
    assertEquals(text, new String(segment, StandardCharsets.UTF_8));
  }

  private static Object symbology(QrCode qr) {
    return Scan.modules(Scan.modulesOf(qr), 3)
        .getResultMetadata()
        .get(ResultMetadataType.SYMBOLOGY_IDENTIFIER);
  }

  @Test
  void withQuietZone_rejectsFewerThanFourModules() {
    QrCode qr = QrCode.of(Uris.TYPICAL);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> qr.withQuietZone(3));
    assertEquals("quietZone must be between 4 and 64 modules: 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> qr.withQuietZone(65));
    assertEquals("quietZone must be between 4 and 64 modules: 65", e.getMessage());
  }

  @Test
  void withQuietZone_acceptsFourAndSixtyFourModules() {
    QrCode qr = QrCode.of(Uris.TYPICAL);

    assertEquals(41 + 2 * 4, qr.withQuietZone(4).size());
    assertEquals(41 + 2 * 64, qr.withQuietZone(64).size());
  }

  @Test
  void withQuietZone_widensEveryFormat() {
    QrCode qr = QrCode.of(Uris.TYPICAL).withQuietZone(10).withModuleSize(2);

    assertEquals(41 + 20, qr.size());
    for (int i = 0; i < qr.size(); i++) {
      assertFalse(qr.isDark(i, 9) || qr.isDark(9, i) || qr.isDark(i, 51) || qr.isDark(51, i));
    }
    assertTrue(qr.isDark(10, 10), "top-left finder pattern");
    assertEquals(122, PngFile.parse(qr.toPng()).width);
    assertEquals("0 0 61 61", SvgImage.parse(qr.toSvg()).root.getAttribute("viewBox"));
    assertEquals(31, qr.toTerminalString().lines().count());
  }

  @Test
  void withModuleSize_rejectsOutOfRange() {
    QrCode qr = QrCode.of(Uris.TYPICAL);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> qr.withModuleSize(0));
    assertEquals("moduleSize must be between 1 and 64 pixels: 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> qr.withModuleSize(65));
    assertEquals("moduleSize must be between 1 and 64 pixels: 65", e.getMessage());
  }

  @Test
  void withColors_rejectsWhatIsNotAHexColorOrKeyword() {
    QrCode qr = QrCode.of(Uris.TYPICAL);

    for (String bad :
        new String[] {
          "",
          "#",
          "#12",
          "#12345",
          "#1234567",
          "#gggggg",
          "red;",
          "\"/><script>",
          "rgb(0,0,0)",
          "#١٢٣",
          "ｒｅｄ",
          "a".repeat(33),
          "url(#x)",
          // the characters just outside the ranges 0-9, a-f, A-F of a hex digit
          "#/00",
          "#:00",
          "#`00",
          "#g00",
          "#@00",
          "#G00",
          // and just outside the ranges a-z, A-Z of a keyword
          "`",
          "{",
          "@",
          "["
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> qr.withColors(bad, "#fff"));
      assertEquals(
          "dark must be a hex color (#000, #000000) or a color keyword (black): \"" + bad + "\"",
          e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> qr.withColors("#000", bad));
      assertEquals(
          "light must be a hex color (#000, #000000) or a color keyword (black): \"" + bad + "\"",
          e.getMessage());
    }
    NullPointerException n =
        assertThrows(NullPointerException.class, () -> qr.withColors(null, "#fff"));
    assertEquals("dark", n.getMessage());
  }

  @Test
  void withColors_acceptsHexColorsAndKeywords() {
    QrCode qr = QrCode.of(Uris.TYPICAL);

    for (String good :
        new String[] {
          "#000",
          "#0008",
          "#1a2B3c",
          "#1A2B3C80",
          "#09afAF", // the ends of each range of hex digits
          "black",
          "transparent",
          "currentColor",
          "azAZ", // the ends of each range of letters
          "a".repeat(32) // the longest keyword
        }) {
      SvgImage svg = SvgImage.parse(qr.withColors(good, good).toSvg());
      assertEquals(good, svg.only("path").getAttribute("fill"));
      assertEquals(good, svg.only("rect").getAttribute("fill"));
    }
  }

  @Test
  void withTitle_rejectsBlankOrNonXmlText() {
    QrCode qr = QrCode.of(Uris.TYPICAL);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> qr.withTitle(" \t"));
    assertEquals("title must not be blank", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> qr.withTitle("Scan\u0007me"));
    assertEquals(
        "title must contain only characters allowed in XML: U+0007 at index 4", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> qr.withTitle("Scan \uD800"));
    assertEquals(
        "title must contain only characters allowed in XML: U+D800 at index 5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> qr.withTitle("Scan \uFFFE"));
    assertEquals(
        "title must contain only characters allowed in XML: U+FFFE at index 5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> qr.withTitle("Scan\u001Fme"));
    assertEquals(
        "title must contain only characters allowed in XML: U+001F at index 4", e.getMessage());
  }

  @Test
  void withTitle_rejectsSurrogatesThatAreNotAPair() {
    QrCode qr = QrCode.of(Uris.TYPICAL);

    // A high surrogate before a character that is not a low surrogate.
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> qr.withTitle("Scan \uD83Dme"));
    assertEquals(
        "title must contain only characters allowed in XML: U+D83D at index 5", e.getMessage());
    // A low surrogate on its own, and one before a high surrogate (a pair the wrong way round).
    e = assertThrows(IllegalArgumentException.class, () -> qr.withTitle("Scan \uDE00 me"));
    assertEquals(
        "title must contain only characters allowed in XML: U+DE00 at index 5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> qr.withTitle("Scan \uDE00\uD83D"));
    assertEquals(
        "title must contain only characters allowed in XML: U+DE00 at index 5", e.getMessage());
  }

  @Test
  void withTitle_acceptsTheEdgesOfXmlCharactersAndSurrogatePairs() {
    // Tab, line feed, carriage return, space, U+D7FF, U+E000 and U+FFFD are allowed; so is a
    // character outside the BMP (U+1F510), a surrogate pair, even as the last character.
    String title = "Scan\t\n\r \uD7FF\uE000\uFFFD \uD83D\uDD10 code \uD83D\uDD10";

    String svg = QrCode.of(Uris.TYPICAL).withTitle(title).toSvg();

    assertTrue(svg.contains("<title>" + title + "</title>"), svg);
  }

  @Test
  void withMethods_returnCopiesAndLeaveTheOriginalAlone() {
    QrCode qr = QrCode.of(Uris.TYPICAL);
    String svg = qr.toSvg();
    String terminal = qr.toTerminalString();

    QrCode changed =
        qr.withQuietZone(5)
            .withModuleSize(3)
            .withColors("#123", "#fed")
            .withTitle("Code QR")
            .withInvertedTerminal(true);

    assertNotSame(qr, changed);
    assertEquals(svg, qr.toSvg());
    assertEquals(terminal, qr.toTerminalString());
    assertEquals(qr.version(), changed.version());
    assertEquals(qr.errorCorrection(), changed.errorCorrection());
  }

  @Test
  void isDark_rejectsCoordinatesOutsideTheImage() {
    QrCode qr = QrCode.of(Uris.TYPICAL);

    assertThrows(IndexOutOfBoundsException.class, () -> qr.isDark(-1, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> qr.isDark(0, qr.size()));
    assertFalse(qr.isDark(0, 0), "quiet zone");
    assertTrue(qr.isDark(4, 4), "finder pattern corner");
  }

  @Test
  void dataUris_carryThePngAndTheSvg() {
    QrCode qr = QrCode.of(Uris.TYPICAL);

    String png = qr.toDataUri();
    String svg = qr.toSvgDataUri();

    assertTrue(png.startsWith("data:image/png;base64,"), png);
    assertEquals(
        java.util.HexFormat.of().formatHex(qr.toPng()),
        java.util.HexFormat.of()
            .formatHex(java.util.Base64.getDecoder().decode(png.substring(22))));
    assertTrue(svg.startsWith("data:image/svg+xml;base64,"), svg);
    assertEquals(
        qr.toSvg(),
        new String(
            java.util.Base64.getDecoder().decode(svg.substring(26)), StandardCharsets.UTF_8));
    assertTrue(png.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\''));
    assertTrue(svg.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\''));
  }
}
