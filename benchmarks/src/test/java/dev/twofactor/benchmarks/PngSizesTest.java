package dev.twofactor.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.qr.QrCode;
import java.util.List;
import org.junit.jupiter.api.Test;

final class PngSizesTest {
  @Test
  void table_hasARowPerModuleSize_withBothSizes() throws Exception {
    List<String> lines = PngSizes.table(QrBenchmark.URI).lines().toList();
    assertEquals(
        "| px per module | image (px) | twofactor-qr (B) | javase (B) | difference |",
        lines.get(0));
    QrCode code = QrCode.of(QrBenchmark.URI);
    for (int moduleSize = 1; moduleSize <= PngSizes.MAX_MODULE_PIXELS; moduleSize++) {
      String[] cells = lines.get(1 + moduleSize).split("\\|", -1);
      assertEquals(Integer.toString(moduleSize), cells[1].strip());
      assertEquals(Integer.toString(49 * moduleSize), cells[2].strip());
      assertEquals(
          Integer.toString(code.withModuleSize(moduleSize).toPng().length), cells[3].strip());
      int javase =
          QrBenchmark.javasePng(QrBenchmark.javaseMatrix(QrBenchmark.URI, 49 * moduleSize)).length;
      assertEquals(Integer.toString(javase), cells[4].strip());
    }
    String last = lines.get(lines.size() - 1);
    assertTrue(last.startsWith("javase asked for 350 × 350 px"), last);
  }
}
