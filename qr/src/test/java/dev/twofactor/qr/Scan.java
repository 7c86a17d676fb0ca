package dev.twofactor.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.Decoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** Reads QR codes back with ZXing's reader, as a phone would: find, sample, decode. */
final class Scan {
  private Scan() {}

  /** Reads a PNG with ImageIO, an independent PNG decoder, and decodes the QR code in it. */
  static Result png(byte[] png) {
    BufferedImage image = readPng(png);
    int[] argb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    return pixels(image.getWidth(), image.getHeight(), argb);
  }

  static BufferedImage readPng(byte[] png) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertTrue(image != null, "ImageIO found no PNG reader for the bytes");
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Draws a module grid (true = dark) with {@code scale} pixels per module, with no quiet zone
   * added, and decodes it.
   */
  static Result modules(boolean[][] dark, int scale) {
    int size = dark.length;
    int pixels = size * scale;
    int[] argb = new int[pixels * pixels];
    for (int y = 0; y < pixels; y++) {
      for (int x = 0; x < pixels; x++) {
        argb[y * pixels + x] = dark[y / scale][x / scale] ? 0xff000000 : 0xffffffff;
      }
    }
    return pixels(pixels, pixels, argb);
  }

  /**
   * Decodes ARGB pixels as a phone would, with ZXing's detector; if the detector finds no code,
   * decodes them as a pure image (the code alone, unrotated, as every image here is), which reads
   * the same modules through the same decoder.
   *
   * <p>The fallback is there because ZXing's detector misses some large, clean codes (for example a
   * version 21 code at 3 pixels per module, which zbar reads); it also reads images at one pixel
   * per module. Pixel-exact checks of every format are separate from decoding.
   */
  static Result pixels(int width, int height, int[] argb) {
    BinaryBitmap bitmap =
        new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, argb)));
    try {
      return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
    } catch (NotFoundException | ChecksumException | FormatException e) {
      // read it as a pure image below
    }
    try {
      return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
    } catch (NotFoundException | ChecksumException | FormatException e) {
      throw new AssertionError("ZXing could not read the code: " + e, e);
    }
  }

  /**
   * Decodes the symbol's modules as they are, without looking for the code in an image: the decoder
   * that a scanner runs once it has found and sampled the grid. Much quicker than {@link #modules},
   * for the fuzz test, which reads many large codes.
   */
  static String symbol(QrCode qr) {
    int dimension = 17 + 4 * qr.version();
    int quietZone = (qr.size() - dimension) / 2;
    boolean[][] dark = new boolean[dimension][dimension];
    for (int y = 0; y < dimension; y++) {
      for (int x = 0; x < dimension; x++) {
        dark[y][x] = qr.isDark(quietZone + x, quietZone + y);
      }
    }
    try {
      return new Decoder().decode(dark).getText();
    } catch (ChecksumException | FormatException e) {
      throw new AssertionError("ZXing could not decode the modules: " + e, e);
    }
  }

  /** The modules of a code as the public API reports them, quiet zone included. */
  static boolean[][] modulesOf(QrCode qr) {
    boolean[][] dark = new boolean[qr.size()][qr.size()];
    for (int y = 0; y < qr.size(); y++) {
      for (int x = 0; x < qr.size(); x++) {
        dark[y][x] = qr.isDark(x, y);
      }
    }
    return dark;
  }

  static void assertSameModules(boolean[][] expected, boolean[][] actual) {
    assertEquals(expected.length, actual.length, "rows");
    for (int y = 0; y < expected.length; y++) {
      for (int x = 0; x < expected.length; x++) {
        assertEquals(expected[y][x], actual[y][x], "module (" + x + ", " + y + ")");
      }
    }
  }
}
