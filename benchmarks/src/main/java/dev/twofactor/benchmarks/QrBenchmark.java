package dev.twofactor.benchmarks;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.twofactor.qr.QrCode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The QR code of a typical enrollment URI as SVG and PNG, next to what a host application without
 * twofactor-qr would do: ZXing javase's {@code MatrixToImageWriter} and the JDK's ImageIO, at the
 * same pixel size.
 *
 * <p>Both start from ZXing core's encoder, which turns the text into the module matrix (choosing
 * the mask is most of its work). The benchmarks separate the two halves:
 *
 * <ul>
 *   <li><b>Encoding</b> (text to matrix), shared by both ways: {@link #encode()}.
 *   <li><b>Rendering</b> (matrix to image), where they differ: {@link #png()} against {@link
 *       #javasePng()}, both from a matrix made in the setup; and {@link #pngOnePixel()}, {@link
 *       #svg()}, and {@link #imageIoWrite()}, ImageIO's PNG writer alone.
 *   <li><b>End to end</b> (text to PNG): {@link #pngFromText()} against {@link
 *       #javasePngFromText()}.
 * </ul>
 *
 * <p>The PNGs are {@value #MODULE_PIXELS} pixels per module, {@code 49 × 7 = 343} pixels wide and
 * high: the URI needs a version 6 code at level M (41 modules and a quiet zone of 4 on each side),
 * and 343 is the size closest to 350 at a whole number of pixels per module. javase gets the same
 * level (M), quiet zone (4) and pixel size, and {@link #setUp()} checks that both images have the
 * same pixels, so that the two ways do the same work. The ratios are not to {@code floor}, which is
 * thousands of times smaller, but between these benchmarks: see {@code ResultTable}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class QrBenchmark {
  /** A typical enrollment URI: 101 ASCII characters, as {@code OtpAuthUri} writes it. */
  public static final String URI =
      "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
          + "&issuer=ACME%20Co";

  /** Pixels per module of the compared PNGs. */
  public static final int MODULE_PIXELS = 7;

  /** Modules on each side of {@link #URI}'s code, quiet zone included. */
  static final int MODULES = 49;

  private QrCode code;
  private QrCode onePixel;
  private BitMatrix javaseMatrix;
  private BufferedImage javaseImage;

  /** Creates the benchmark state; JMH calls it once per fork, then {@link #setUp()}. */
  public QrBenchmark() {}

  /**
   * Encodes the URI both ways, and checks that both give the same pixels and that every PNG decodes
   * to them.
   *
   * @throws IOException if ImageIO fails; it does not
   * @throws WriterException if ZXing cannot encode the URI; it can
   */
  @Setup
  public void setUp() throws IOException, WriterException {
    code = QrCode.of(URI).withModuleSize(MODULE_PIXELS);
    onePixel = code.withModuleSize(1);
    javaseMatrix = javaseMatrix(URI, MODULES * MODULE_PIXELS);
    javaseImage = MatrixToImageWriter.toBufferedImage(javaseMatrix);
    check();
  }

  /**
   * ZXing's matrix of the text at level M with a quiet zone of 4 modules, scaled to the pixel size
   * as javase's {@code QRCodeWriter} does.
   */
  static BitMatrix javaseMatrix(String text, int pixels) throws WriterException {
    Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
    hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
    hints.put(EncodeHintType.MARGIN, QrCode.MIN_QUIET_ZONE);
    return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, pixels, pixels, hints);
  }

  /** The PNG that javase's {@code MatrixToImageWriter} writes for a matrix, through ImageIO. */
  static byte[] javasePng(BitMatrix matrix) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    MatrixToImageWriter.writeToStream(matrix, "PNG", out);
    return out.toByteArray();
  }

  private void check() throws IOException, WriterException {
    if (code.size() != MODULES) {
      throw new IllegalStateException("the URI must need 49 modules: " + code);
    }
    int pixels = MODULES * MODULE_PIXELS;
    if (javaseMatrix.getWidth() != pixels || javaseMatrix.getHeight() != pixels) {
      throw new IllegalStateException(
          "javase's matrix must be " + pixels + " pixels: " + javaseMatrix.getWidth());
    }
    for (int y = 0; y < pixels; y++) {
      for (int x = 0; x < pixels; x++) {
        if (javaseMatrix.get(x, y) != code.isDark(x / MODULE_PIXELS, y / MODULE_PIXELS)) {
          throw new IllegalStateException(
              "javase and twofactor-qr differ at (" + x + ", " + y + ")");
        }
      }
    }
    requireModules(png(), MODULE_PIXELS);
    requireModules(pngOnePixel(), 1);
    requireModules(javasePng(), MODULE_PIXELS);
    requireModules(pngFromText(), MODULE_PIXELS);
    requireModules(javasePngFromText(), MODULE_PIXELS);
    requireModules(javasePng(javaseMatrix(URI, MODULES)), 1);
    ByteArrayOutputStream written = imageIoWrite();
    requireModules(written.toByteArray(), MODULE_PIXELS);
    if (!encode().toString().equals(QrCode.of(URI).toString()) || !svg().startsWith("<svg")) {
      throw new IllegalStateException("encode and svg must give a code and an SVG");
    }
  }

  /** Checks that a PNG decodes to the code's modules at the given number of pixels per module. */
  private void requireModules(byte[] png, int moduleSize) {
    BufferedImage image = read(png);
    int pixels = MODULES * moduleSize;
    if (image.getWidth() != pixels || image.getHeight() != pixels) {
      throw new IllegalStateException("a PNG must be " + pixels + " pixels: " + image.getWidth());
    }
    for (int y = 0; y < pixels; y++) {
      for (int x = 0; x < pixels; x++) {
        boolean dark = (image.getRGB(x, y) & 0xffffff) == 0;
        if (dark != code.isDark(x / moduleSize, y / moduleSize)) {
          throw new IllegalStateException("a PNG differs from the code at (" + x + ", " + y + ")");
        }
      }
    }
  }

  /** Reads a PNG with ImageIO. */
  static BufferedImage read(byte[] png) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      if (image == null) {
        throw new IllegalStateException("ImageIO cannot read the PNG");
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Encoding alone: {@link QrCode#of(String)}, ZXing's encoder and a copy of its matrix.
   *
   * @return the code
   */
  @Benchmark
  public QrCode encode() {
    return QrCode.of(URI);
  }

  /**
   * Rendering a PNG of 343 × 343 pixels from the matrix: {@link QrCode#toPng()}.
   *
   * @return the PNG
   */
  @Benchmark
  public byte[] png() {
    return code.toPng();
  }

  /**
   * Rendering a PNG of 49 × 49 pixels, one per module, from the matrix.
   *
   * @return the PNG
   */
  @Benchmark
  public byte[] pngOnePixel() {
    return onePixel.toPng();
  }

  /**
   * Rendering the SVG document from the matrix: {@link QrCode#toSvg()}.
   *
   * @return the SVG
   */
  @Benchmark
  public String svg() {
    return code.toSvg();
  }

  /**
   * Rendering a PNG of 343 × 343 pixels from javase's matrix, already scaled to the pixel size:
   * {@code MatrixToImageWriter.writeToStream}, which fills a {@code BufferedImage} and writes it
   * with ImageIO.
   *
   * @return the PNG
   * @throws IOException never: it writes to memory
   */
  @Benchmark
  public byte[] javasePng() throws IOException {
    return javasePng(javaseMatrix);
  }

  /**
   * ImageIO's PNG writer alone, from the {@code BufferedImage} that javase fills: the part of
   * {@link #javasePng()} that is not {@code MatrixToImageWriter}'s own.
   *
   * @return the stream holding the PNG
   * @throws IOException never: it writes to memory
   */
  @Benchmark
  public ByteArrayOutputStream imageIoWrite() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    if (!ImageIO.write(javaseImage, "png", out)) {
      throw new IllegalStateException("ImageIO has no PNG writer");
    }
    return out;
  }

  /**
   * End to end, text to a PNG of 343 × 343 pixels: {@code QrCode.of(uri).withModuleSize(7)
   * .toPng()}.
   *
   * @return the PNG
   */
  @Benchmark
  public byte[] pngFromText() {
    return QrCode.of(URI).withModuleSize(MODULE_PIXELS).toPng();
  }

  /**
   * End to end, text to a PNG of 343 × 343 pixels with javase: {@code QRCodeWriter.encode} at level
   * M, then {@code MatrixToImageWriter.writeToStream}.
   *
   * @return the PNG
   * @throws IOException never: it writes to memory
   * @throws WriterException never: the URI fits
   */
  @Benchmark
  public byte[] javasePngFromText() throws IOException, WriterException {
    return javasePng(javaseMatrix(URI, MODULES * MODULE_PIXELS));
  }
}
