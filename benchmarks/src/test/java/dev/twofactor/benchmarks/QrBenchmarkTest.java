package dev.twofactor.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.qr.QrCode;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The setup checks the pixels of every PNG; these check what the names promise beyond that. */
final class QrBenchmarkTest {
  private static QrBenchmark benchmark() throws Exception {
    QrBenchmark benchmark = new QrBenchmark();
    benchmark.setUp();
    return benchmark;
  }

  @Test
  void png_isTheLibrarysPngAt343Pixels() throws Exception {
    QrBenchmark benchmark = benchmark();
    byte[] png = benchmark.png();
    assertArrayEquals(QrCode.of(QrBenchmark.URI).withModuleSize(7).toPng(), png);
    assertEquals(343, QrBenchmark.read(png).getWidth());
    assertArrayEquals(png, benchmark.pngFromText());
    assertEquals(49, QrBenchmark.read(benchmark.pngOnePixel()).getWidth());
  }

  @Test
  void javasePng_isOneBitAt343Pixels_fromTheMatrixOrTheText() throws Exception {
    QrBenchmark benchmark = benchmark();
    BufferedImage image = QrBenchmark.read(benchmark.javasePng());
    assertEquals(343, image.getWidth());
    assertEquals(1, image.getColorModel().getPixelSize(), "javase writes 1-bit PNGs");
    assertArrayEquals(benchmark.javasePng(), benchmark.javasePngFromText());
    assertTrue(benchmark.imageIoWrite().size() > 0);
  }

  @Test
  void encode_andSvg_areTheTypicalUrisCode() throws Exception {
    QrBenchmark benchmark = benchmark();
    assertEquals("QrCode[version=6, errorCorrection=M, size=49]", benchmark.encode().toString());
    assertTrue(benchmark.svg().contains("viewBox=\"0 0 49 49\""), benchmark.svg());
  }
}
