package dev.twofactor.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Algorithm;
import java.util.List;
import org.junit.jupiter.api.Test;

final class InterleavedRatiosTest {
  @Test
  void measure_timesEveryMethodInEveryRound() throws Exception {
    double[][] nanos = InterleavedRatios.measure(Algorithm.SHA1, 3, 2);
    assertEquals(InterleavedRatios.METHODS.size(), nanos.length);
    for (double[] method : nanos) {
      assertEquals(3, method.length);
      for (double value : method) {
        assertTrue(Double.isFinite(value) && value >= 0, "nanoseconds per call: " + value);
      }
    }
  }

  @Test
  void table_dividesEachRoundByTheFloorOfTheSameRound() {
    double[][] nanos = new double[InterleavedRatios.METHODS.size()][];
    nanos[0] = new double[] {100, 200, 400};
    for (int i = 1; i < nanos.length; i++) {
      nanos[i] = new double[] {110 * i, 220 * i, 440 * i};
    }
    List<String> lines = InterleavedRatios.table(Algorithm.SHA256, nanos).lines().toList();
    assertEquals(2 + InterleavedRatios.METHODS.size(), lines.size());
    assertEquals("| OtpBenchmark.floor | SHA256 | 200.0 | 1 |  |", lines.get(2));
    assertEquals(
        "| OtpBenchmark.hotpGenerate | SHA256 | 220.0 | 1.100 | 1.100–1.100 |", lines.get(3));
    assertEquals(
        "| OtpBenchmark.totpVerifyWrongManySecrets | SHA256 | 1540.0 | 7.700 | 7.700–7.700 |",
        lines.get(9));
  }

  @Test
  void quantile_takesTheNearestRank() {
    double[] values = {5, 1, 4, 2, 3};
    assertEquals(1, InterleavedRatios.quantile(values, 0));
    assertEquals(2, InterleavedRatios.quantile(values, 0.25));
    assertEquals(3, InterleavedRatios.quantile(values, 0.5));
    assertEquals(4, InterleavedRatios.quantile(values, 0.75));
    assertEquals(5, InterleavedRatios.quantile(values, 1));
  }
}
