package dev.twofactor.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class ResultTableTest {
  private static String result(
      String benchmark, String algorithm, String wall, String cpu, String bytes) {
    String params =
        algorithm.isEmpty() ? "" : "\"params\" : { \"algorithm\" : \"" + algorithm + "\" },";
    return "{ \"jmhVersion\" : \"1.37\", \"benchmark\" : \"dev.twofactor.benchmarks."
        + benchmark
        + "\", \"mode\" : \"avgt\", \"threads\" : 1, \"forks\" : 1, \"jdkVersion\" : \"17.0.15\","
        + " \"vmName\" : \"OpenJDK 64-Bit Server VM\", \"vmVersion\" : \"17.0.15+6\","
        + " \"warmupIterations\" : 3, \"warmupTime\" : \"250 ms\","
        + " \"measurementIterations\" : 2, \"measurementTime\" : \"250 ms\", "
        + params
        + " \"primaryMetric\" : { \"score\" : 0, \"scoreError\" : \"NaN\","
        + " \"scoreUnit\" : \"ns/op\", \"rawData\" : [ [ "
        + wall
        + " ] ] },"
        + " \"secondaryMetrics\" : {"
        + " \"cpu.time.norm\" : { \"score\" : 0, \"scoreUnit\" : \"ns/op\", \"rawData\" : [ [ "
        + cpu
        + " ] ] },"
        + " \"gc.alloc.rate.norm\" : { \"score\" : 0, \"scoreUnit\" : \"B/op\", \"rawData\" : [ [ "
        + bytes
        + " ] ] } } }";
  }

  @Test
  void format_poolsRoundsAndDividesByTheFloorOfTheSameAlgorithm() {
    String round1 =
        "[ "
            + result("OtpBenchmark.floor", "SHA1", "100, 100", "90, 90", "40, 40")
            + ", "
            + result("OtpBenchmark.totpGenerate", "SHA1", "120, 120", "99, 99", "88, 88")
            + ", "
            + result("OtpBenchmark.floor", "SHA256", "200, 200, 200", "180, 180, 180", "48")
            + ", "
            + result("SecretBenchmark.fromBase32", "", "1000, 1000, 1000", "900, 900, 900", "8")
            + " ]";
    String round2 =
        "[ "
            + result("OtpBenchmark.floor", "SHA1", "100, 100", "90, 90", "40, 40")
            + ", "
            + result("OtpBenchmark.totpGenerate", "SHA1", "120, 120", "99, 99", "88, 88")
            + " ]";
    List<String> lines = ResultTable.format(List.of(round1, round2)).lines().toList();
    assertEquals(
        List.of(
            "JMH 1.37, OpenJDK 64-Bit Server VM 17.0.15+6 (17.0.15); 2 round(s) of 1 fork(s) ×"
                + " (3 warm-up × 250 ms, 2 measurement × 250 ms), 1 thread(s). Means over all"
                + " measurement iterations ± 99.9% confidence half-interval.",
            "",
            "| Benchmark | Params | ns/op | × floor | CPU ns/op | × floor (CPU) | B/op |",
            "|---|---|---:|---:|---:|---:|---:|",
            "| OtpBenchmark.floor | SHA1 | 100.0 ± 0.0 | 1 | 90.0 ± 0.0 | 1 | 40 |",
            "| OtpBenchmark.totpGenerate | SHA1 | 120.0 ± 0.0 | 1.20 ± 0.00 | 99.0 ± 0.0"
                + " | 1.10 ± 0.00 | 88 |",
            "| OtpBenchmark.floor | SHA256 | 200.0 ± 0.0 | 1 | 180.0 ± 0.0 | 1 | 48 |",
            "| SecretBenchmark.fromBase32 |  | 1000.0 ± 0.0 | 10.00 ± 0.00 | 900.0 ± 0.0"
                + " | 10.00 ± 0.00 | 8 |"),
        lines);
  }

  @Test
  void format_reportsTheErrorOfTheMeanAndOfTheRatio() {
    String json =
        "[ "
            + result("OtpBenchmark.floor", "SHA1", "90, 100, 110", "100, 100, 100", "40")
            + ", "
            + result("OtpBenchmark.totpGenerate", "SHA1", "180, 200, 220", "150, 150, 150", "88")
            + " ]";
    List<String> lines = ResultTable.format(List.of(json)).lines().toList();
    // Three samples, standard deviation 10 (20): t(0.9995, 2) = 31.60, times 10 / sqrt(3).
    // The ratio's relative error is the hypotenuse of both relative errors, 1.824 and 1.824.
    assertEquals(
        "| OtpBenchmark.floor | SHA1 | 100.0 ± 182.4 | 1 | 100.0 ± 0.0 | 1 | 40 |", lines.get(4));
    assertEquals(
        "| OtpBenchmark.totpGenerate | SHA1 | 200.0 ± 364.9 | 2.00 ± 5.16 | 150.0 ± 0.0"
            + " | 1.50 ± 0.00 | 88 |",
        lines.get(5));
  }

  @Test
  void format_withoutFloor_printsNoRatio() {
    String json = "[ " + result("SecretBenchmark.fromBase32", "", "1000", "900", "8") + " ]";
    assertEquals(
        "| SecretBenchmark.fromBase32 |  | 1000.0 ± n/a | n/a | 900.0 ± n/a | n/a | 8 |",
        ResultTable.format(List.of(json)).lines().toList().get(4));
  }

  @Test
  void format_comparesQrBenchmarksWithJavase_notWithTheFloor() {
    String json =
        "[ "
            + result("OtpBenchmark.floor", "SHA1", "100, 100, 100", "90, 90, 90", "40")
            + ", "
            + result("QrBenchmark.png", "", "1e5, 1e5, 1e5", "9e4, 9e4, 9e4", "4000")
            + ", "
            + result("QrBenchmark.javasePng", "", "2e6, 2e6, 2e6", "9e5, 9e5, 9e5", "9")
            + ", "
            + result("QrBenchmark.svg", "", "5e4, 5e4, 5e4", "5e4, 5e4, 5e4", "9")
            + " ]";
    List<String> lines = ResultTable.format(List.of(json)).lines().toList();
    assertEquals(
        List.of(
            "| OtpBenchmark.floor | SHA1 | 100.0 ± 0.0 | 1 | 90.0 ± 0.0 | 1 | 40 |",
            "| QrBenchmark.png |  | 100000.0 ± 0.0 | n/a | 90000.0 ± 0.0 | n/a | 4000 |",
            "| QrBenchmark.javasePng |  | 2000000.0 ± 0.0 | n/a | 900000.0 ± 0.0 | n/a | 9 |",
            "| QrBenchmark.svg |  | 50000.0 ± 0.0 | n/a | 50000.0 ± 0.0 | n/a | 9 |",
            "",
            "| Comparison | twofactor ns/op | other ns/op | other ÷ twofactor |"
                + " other ÷ twofactor (CPU) |",
            "|---|---:|---:|---:|---:|",
            "| rendering, matrix to PNG: javase MatrixToImageWriter + ImageIO (QrBenchmark.png,"
                + " QrBenchmark.javasePng) | 100000.0 ± 0.0 | 2000000.0 ± 0.0 | 20.00 ± 0.00"
                + " | 10.00 ± 0.00 |"),
        lines.subList(4, lines.size()));
  }

  @Test
  void format_refusesTimesInOtherUnits() {
    String json =
        "[ "
            + result("OtpBenchmark.floor", "SHA1", "1", "1", "1")
                .replace(
                    "\"ns/op\", \"rawData\" : [ [ 1 ] ] },",
                    "\"us/op\", \"rawData\" : [ [ 1 ] ] },")
            + " ]";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ResultTable.format(List.of(json)));
    assertEquals(
        "times must be in ns/op (-bm avgt -tu ns): us/op for OtpBenchmark.floor", e.getMessage());
  }

  @Test
  void jsonReader_readsEveryKindOfValue() {
    Object value =
        new ResultTable.JsonReader(
                " { \"a\" : [ 1, -2.5e3, true, false, null,"
                    + " \"x\\\"\\\\\\/\\n\\u00e9\" ], \"b\" : {} } ")
            .read();
    assertEquals(
        Map.of(
            "a",
            java.util.Arrays.asList(1.0, -2500.0, true, false, null, "x\"\\/\né"),
            "b",
            Map.of()),
        value);
  }

  @Test
  void jsonReader_saysWhereTheTextIsNotJson() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new ResultTable.JsonReader("[1, }").read());
    assertEquals("JSON: expected a value at index 4", e.getMessage());
  }

  /** The empty string, then 1000 strings of up to 255 characters of any kind. */
  static Stream<Arguments> strings() {
    return Seeded.cases(
        List.of(Arguments.of("")), 1000, random -> Arguments.of(Seeded.text(random, 0, 255)));
  }

  @Seeded.Property
  @MethodSource("strings")
  void jsonReader_readsEveryString(String s) {
    StringBuilder json = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      json.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) s.charAt(i)));
    }
    assertEquals(s, new ResultTable.JsonReader(json.append('"').toString()).read());
  }
}
