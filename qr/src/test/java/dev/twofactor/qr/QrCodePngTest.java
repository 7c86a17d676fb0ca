package dev.twofactor.qr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link QrCode#toPng()}: structure, pixels, round trip through ImageIO and ZXing, size. */
final class QrCodePngTest {
  @Test
  void toPng_hasSignatureHeaderImageDataAndEnd() {
    QrCode qr = QrCode.of(Uris.TYPICAL).withModuleSize(7);
    byte[] png = qr.toPng();

    PngFile file = PngFile.parse(png);

    assertArrayEquals(PngFile.SIGNATURE, java.util.Arrays.copyOf(png, 8));
    assertEquals(
        java.util.List.of("IHDR", "IDAT", "IEND"),
        file.chunks.stream().map(PngFile.Chunk::type).toList());
    assertEquals(343, file.width);
    assertEquals(343, file.height);
    // bit depth 1, colour type 0 (grayscale), compression 0, filter method 0, no interlace
    assertArrayEquals(new int[] {1, 0, 0, 0, 0}, file.ihdrFields);
    // IHDR as bytes: length 13, type, width, height, the five fields
    ByteBuffer header = ByteBuffer.wrap(png, 8, 25);
    assertEquals(13, header.getInt());
    assertEquals(0x49484452, header.getInt()); // "IHDR"
    assertEquals(343, header.getInt());
    assertEquals(343, header.getInt());
    // IEND: length 0, type, the CRC-32 of "IEND"
    assertEquals(
        "0000000049454e44ae426082",
        java.util.HexFormat.of().formatHex(png, png.length - 12, png.length));
  }

  @Test
  void toPng_pixelsAreTheModules_blackOnWhite_withZeroPadding() {
    QrCode qr = QrCode.of(Uris.TYPICAL).withModuleSize(3);

    PngFile file = PngFile.parse(qr.toPng());

    assertEquals(qr.size() * 3, file.width);
    for (int y = 0; y < file.height; y++) {
      assertEquals(0, file.filters[y], "filter type of row " + y);
      for (int x = 0; x < file.width; x++) {
        assertEquals(qr.isDark(x / 3, y / 3), file.isBlack(x, y), "pixel (" + x + ", " + y + ")");
      }
      for (int x = file.width; x < file.rows[y].length * 8; x++) {
        assertTrue(file.isBlack(x, y), "padding bit " + x + " of row " + y + " is 0");
      }
    }
  }

  static Stream<Arguments> urisAndModuleSizesOf2To4() {
    return Seeded.cases(
        300, random -> Arguments.of(Uris.otpauth(random), Seeded.between(random, 2, 4)));
  }

  @Seeded.Property
  @MethodSource("urisAndModuleSizesOf2To4")
  void toPng_decodesBackToTheUri(String uri, int moduleSize) {
    QrCode qr = QrCode.of(uri).withModuleSize(moduleSize);
    byte[] png = qr.toPng();

    assertEquals(uri, Scan.png(png).getText());
    PngFile file = PngFile.parse(png);
    assertEquals(qr.size() * moduleSize, file.width);
    assertEquals(file.width, file.height);
  }

  static Stream<Arguments> unicodeTexts() {
    return Seeded.cases(100, random -> Arguments.of(Uris.unicodeText(random)));
  }

  @Seeded.Property
  @MethodSource("unicodeTexts")
  void toPng_ofAnyUnicodeText_decodesBackExactly(String text) {
    assertEquals(text, Scan.png(QrCode.of(text).withModuleSize(3).toPng()).getText());
  }

  static Stream<Arguments> urisAndModuleSizesOf1To12() {
    return Seeded.cases(
        100, random -> Arguments.of(Uris.otpauth(random), Seeded.between(random, 1, 12)));
  }

  @Seeded.Property
  @MethodSource("urisAndModuleSizesOf1To12")
  void toPng_isNeverLargerThanImageIoForTheSamePixels(String uri, int moduleSize)
      throws IOException {
    QrCode qr = QrCode.of(uri).withModuleSize(moduleSize);

    int ours = qr.toPng().length;
    int imageIo = imageIoPng(qr, moduleSize).length;

    assertTrue(ours <= imageIo, ours + " bytes > ImageIO's " + imageIo);
  }

  static Stream<Arguments> fiftyUrisAndModuleSizesOf1To12() {
    return Seeded.cases(
        50, random -> Arguments.of(Uris.otpauth(random), Seeded.between(random, 1, 12)));
  }

  @Seeded.Property
  @MethodSource("fiftyUrisAndModuleSizesOf1To12")
  void toPng_imageData_isImageIosByteForByte(String uri, int moduleSize) throws IOException {
    QrCode qr = QrCode.of(uri).withModuleSize(moduleSize);

    assertArrayEquals(imageData(imageIoPng(qr, moduleSize)), imageData(qr.toPng()));
  }

  /** The zlib stream of a PNG: the data of its IDAT chunks, one after the other. */
  private static byte[] imageData(byte[] png) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (PngFile.Chunk chunk : PngFile.parse(png).chunks) {
      if (chunk.type().equals("IDAT")) {
        data.writeBytes(chunk.data());
      }
    }
    return data.toByteArray();
  }

  @Test
  void toPng_typicalEnrollmentUri_sizes() throws IOException {
    QrCode qr = QrCode.of(Uris.TYPICAL);

    byte[] onePixel = qr.withModuleSize(1).toPng();
    byte[] sevenPixels = qr.withModuleSize(7).toPng();

    assertTrue(onePixel.length < 400, onePixel.length + " bytes at 1 px per module");
    assertTrue(sevenPixels.length < 830, sevenPixels.length + " bytes at 7 px per module");
    assertTrue(sevenPixels.length <= imageIoPng(qr, 7).length);
  }

  @Test
  void toPng_onePixelPerModule_scaledUpAsAPageWould_decodes() {
    byte[] png = QrCode.of(Uris.TYPICAL).withModuleSize(1).toPng();
    BufferedImage image = Scan.readPng(png);
    int scale = 4;
    int pixels = image.getWidth() * scale;
    int[] argb = new int[pixels * pixels];
    for (int y = 0; y < pixels; y++) {
      for (int x = 0; x < pixels; x++) {
        argb[y * pixels + x] = image.getRGB(x / scale, y / scale); // image-rendering: pixelated
      }
    }

    assertEquals(Uris.TYPICAL, Scan.pixels(pixels, pixels, argb).getText());
    assertEquals(Uris.TYPICAL, Scan.png(png).getText(), "and without scaling");
  }

  @Test
  void toPng_extremeOptions_areValidAndDecode() {
    QrCode largest = QrCode.of("a".repeat(1273), ErrorCorrection.H);
    QrCode small = QrCode.of("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=7");

    assertPixelsAreModules(largest.withModuleSize(1), 1);
    assertPixelsAreModules(small.withQuietZone(64).withModuleSize(1), 1);
    assertPixelsAreModules(small.withModuleSize(64), 64);
    assertEquals("a".repeat(1273), Scan.png(largest.withModuleSize(2).toPng()).getText());
    assertEquals(
        "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=7",
        Scan.png(small.withModuleSize(64).toPng()).getText());
  }

  @Test
  void toPng_largestCodeAtOnePixelPerModule_growsTheBufferAndIsImageIosByteForByte()
      throws IOException {
    // 7089 digits fill version 40-L; one pixel per module leaves little for Deflate to repeat, so
    // the image data is several kilobytes and the buffer grows more than once while it is written.
    QrCode qr = QrCode.of("1".repeat(7089), ErrorCorrection.L).withModuleSize(1);
    assertEquals(40, qr.version());

    byte[] png = qr.toPng();

    assertTrue(imageData(png).length > 4096, imageData(png).length + " bytes of image data");
    assertArrayEquals(imageData(imageIoPng(qr, 1)), imageData(png));
    assertPixelsAreModules(qr, 1);
  }

  private static void assertPixelsAreModules(QrCode qr, int moduleSize) {
    PngFile file = PngFile.parse(qr.toPng());
    assertEquals(qr.size() * moduleSize, file.width);
    for (int y = 0; y < file.height; y += moduleSize) {
      for (int x = 0; x < file.width; x += moduleSize) {
        assertEquals(qr.isDark(x / moduleSize, y / moduleSize), file.isBlack(x, y));
      }
    }
  }

  /** What ZXing's javase MatrixToImageWriter does: a TYPE_BYTE_BINARY image through ImageIO. */
  static byte[] imageIoPng(QrCode qr, int moduleSize) throws IOException {
    int pixels = qr.size() * moduleSize;
    BufferedImage image = new BufferedImage(pixels, pixels, BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < pixels; y++) {
      for (int x = 0; x < pixels; x++) {
        image.setRGB(x, y, qr.isDark(x / moduleSize, y / moduleSize) ? 0xff000000 : 0xffffffff);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, "png", out));
    return out.toByteArray();
  }
}
