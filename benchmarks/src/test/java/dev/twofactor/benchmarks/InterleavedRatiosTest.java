package dev.twofactor.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Algorithm;
import java.util.List;
import org.junit.jupiter.api.Test;

final class InterleavedRatiosTest {
  private static InterleavedRatios.Task task(String name, String reference) {
    return new InterleavedRatios.Task(name, "SHA256", reference, calls -> calls);
  }

  @Test
  void measure_timesEveryTaskInEveryRound() throws Exception {
    List<InterleavedRatios.Task> tasks = InterleavedRatios.otpTasks(Algorithm.SHA1);
    double[][] nanos = InterleavedRatios.measure(tasks, 3, 2, 1);
    assertEquals(tasks.size(), nanos.length);
    for (double[] method : nanos) {
      assertEquals(3, method.length);
      for (double value : method) {
        assertTrue(Double.isFinite(value) && value >= 0, "nanoseconds per call: " + value);
      }
    }
  }

  @Test
  void tasks_ofEverySuite_runAndNameTheirReferences() throws Exception {
    for (String suite : InterleavedRatios.SUITES) {
      List<InterleavedRatios.Task> tasks = InterleavedRatios.tasks(suite);
      List<String> names = tasks.stream().map(InterleavedRatios.Task::name).toList();
      assertEquals(names.size(), names.stream().distinct().count(), suite + ": unique names");
      for (InterleavedRatios.Task task : tasks) {
        assertTrue(names.contains(task.reference()), task + " has its reference in " + suite);
        task.batch().run(2);
      }
      double[][] nanos = InterleavedRatios.measure(tasks, 1, 1, 0);
      assertEquals(2 + tasks.size(), InterleavedRatios.table(tasks, nanos).lines().count());
    }
  }

  @Test
  void tasks_sha1_includesTheServiceAndQr_theCodesOfQrBenchmark() throws Exception {
    List<String> sha1 =
        InterleavedRatios.tasks("SHA1").stream().map(InterleavedRatios.Task::name).toList();
    List<String> qr =
        InterleavedRatios.tasks("QR").stream().map(InterleavedRatios.Task::name).toList();
    assertTrue(sha1.contains("TwoFactorBenchmark.verifyValid"), sha1::toString);
    assertEquals("OtpBenchmark.floor", sha1.get(0));
    assertEquals(
        List.of(
            "QrBenchmark.png",
            "QrBenchmark.javasePng",
            "QrBenchmark.imageIoWrite",
            "QrBenchmark.pngOnePixel",
            "QrBenchmark.svg",
            "QrBenchmark.pngFromText",
            "QrBenchmark.javasePngFromText",
            "QrBenchmark.encode"),
        qr);
  }

  @Test
  void table_dividesEachRoundByTheReferenceOfTheSameRound() {
    List<InterleavedRatios.Task> tasks =
        List.of(
            task("OtpBenchmark.floor", "OtpBenchmark.floor"),
            task("OtpBenchmark.hotpGenerate", "OtpBenchmark.floor"),
            task("QrBenchmark.png", "QrBenchmark.png"),
            task("QrBenchmark.javasePng", "QrBenchmark.png"));
    double[][] nanos = {
      {100, 200, 400}, {110, 220, 440}, {10, 10, 10}, {100, 300, 200},
    };
    List<String> lines = InterleavedRatios.table(tasks, nanos).lines().toList();
    assertEquals(
        List.of(
            "| Method | Params | median ns/op | ratio to | ratio (median of rounds) | quartiles |",
            "|---|---|---:|---|---:|---:|",
            "| OtpBenchmark.floor | SHA256 | 200.0 |  | 1 |  |",
            "| OtpBenchmark.hotpGenerate | SHA256 | 220.0 | OtpBenchmark.floor | 1.100 |"
                + " 1.100–1.100 |",
            "| QrBenchmark.png | SHA256 | 10.0 |  | 1 |  |",
            "| QrBenchmark.javasePng | SHA256 | 200.0 | QrBenchmark.png | 20.000 |"
                + " 10.000–30.000 |"),
        lines);
  }

  @Test
  void table_refusesAReferenceOutsideTheSuite() {
    List<InterleavedRatios.Task> tasks = List.of(task("a", "b"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> InterleavedRatios.table(tasks, new double[][] {{1}}));
    assertEquals("reference must be a task of the suite: b for a", e.getMessage());
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
