package dev.twofactor.examples.web;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** Reads a QR code from a screenshot, as a phone's camera does: ZXing's decoder. */
final class QrReader {
  private QrReader() {}

  /**
   * Finds the QR code in a picture and returns its text.
   *
   * @param png the picture, for example a screenshot of the whole page
   * @return the text in the QR code
   * @throws AssertionError if the picture has no readable QR code
   */
  static String read(byte[] png) {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int width = image.getWidth();
    int height = image.getHeight();
    int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
    BinaryBitmap bitmap =
        new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
    try {
      return new QRCodeReader()
          .decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))
          .getText();
    } catch (NotFoundException e) {
      throw new AssertionError("no QR code in the picture", e);
    } catch (ReaderException e) {
      throw new AssertionError("the QR code in the picture cannot be read", e);
    }
  }
}
