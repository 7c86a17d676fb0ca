package dev.twofactor.benchmarks;

import com.google.zxing.WriterException;
import dev.twofactor.qr.QrCode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Prints, as a Markdown table, the size in bytes of the PNG of {@link QrBenchmark#URI}'s code at 1
 * to 8 pixels per module, written by twofactor-qr and by ZXing javase's {@code MatrixToImageWriter}
 * (through ImageIO) at the same pixel size: the size targets of {@code BENCHMARKS.md}. Sizes do not
 * depend on the machine, so one run says all.
 *
 * <p>Run it as {@code java -cp benchmarks.jar dev.twofactor.benchmarks.PngSizes}.
 */
public final class PngSizes {
  /** The largest module size in the table, in pixels. */
  static final int MAX_MODULE_PIXELS = 8;

  /** The pixel size asked of javase in the last line: a "350-pixel" code. */
  static final int ASKED_PIXELS = 350;

  private PngSizes() {}

  /**
   * Prints the table.
   *
   * @param args none
   * @throws IOException if ImageIO fails; it does not
   * @throws WriterException if ZXing cannot encode the URI; it can
   */
  public static void main(String[] args) throws IOException, WriterException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.print(table(QrBenchmark.URI));
  }

  /** The table for one text: a header, one row per module size, then javase at 350 pixels. */
  static String table(String text) throws IOException, WriterException {
    QrCode code = QrCode.of(text);
    StringBuilder table = new StringBuilder();
    table.append("| px per module | image (px) | twofactor-qr (B) | javase (B) | difference |\n");
    table.append("|---:|---:|---:|---:|---:|\n");
    for (int moduleSize = 1; moduleSize <= MAX_MODULE_PIXELS; moduleSize++) {
      int pixels = code.size() * moduleSize;
      int ours = code.withModuleSize(moduleSize).toPng().length;
      int theirs = QrBenchmark.javasePng(QrBenchmark.javaseMatrix(text, pixels)).length;
      table.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %d | %d | %+d (%+.1f %%) |%n",
              moduleSize,
              pixels,
              ours,
              theirs,
              ours - theirs,
              100.0 * (ours - theirs) / theirs));
    }
    int asked = QrBenchmark.javasePng(QrBenchmark.javaseMatrix(text, ASKED_PIXELS)).length;
    table.append(
        String.format(
            Locale.ROOT,
            "%njavase asked for %d × %d px (it draws whole pixels per module and widens the margin"
                + " to fill the rest): %d B.%n",
            ASKED_PIXELS,
            ASKED_PIXELS,
            asked));
    return table.toString();
  }
}
