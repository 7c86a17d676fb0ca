package dev.twofactor.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Prints the table of {@code BENCHMARKS.md} from the JSON results of one or more JMH runs: for each
 * benchmark, its time, its ratio to {@link OtpBenchmark#floor()} of the same algorithm, and the
 * bytes it allocates per call (JMH's {@code -prof gc}).
 *
 * <p>{@code benchmarks/run} runs every benchmark in one or more rounds ({@code ROUNDS}), each a JMH
 * invocation with one fork, so that with several rounds a benchmark and its floor are both measured
 * early and late in the run rather than minutes apart: on a shared machine the load changes in
 * between. This tool pools the measurement iterations of all rounds and prints their mean with the
 * 99.9% confidence half-interval (Student's t, as JMH computes it), for wall-clock time and for the
 * CPU time of {@link CpuTimeProfiler}.
 *
 * <p>Rows without an {@code algorithm} parameter (reading secrets, the service) are compared with
 * the SHA-1 floor. The rows of {@link QrBenchmark}, thousands of floors each, are not: a second
 * table compares them with ZXing javase's, pair by pair ({@link #COMPARISONS}), as how many times
 * longer javase takes. A ratio's error combines the relative errors of both means. Run it as {@code
 * java -cp benchmarks.jar dev.twofactor.benchmarks.ResultTable result-1.json result-2.json ...}.
 */
public final class ResultTable {
  private static final String PACKAGE = "dev.twofactor.benchmarks.";
  private static final String FLOOR = "OtpBenchmark.floor";
  private static final String DEFAULT_ALGORITHM = "SHA1";
  private static final double CONFIDENCE = 0.999;

  /** The benchmark class whose rows are compared with each other, not with the floor. */
  private static final String WITHOUT_FLOOR = "QrBenchmark.";

  /** The rows of the second table: what twofactor does, and what it is compared with. */
  static final List<Comparison> COMPARISONS =
      List.of(
          new Comparison(
              "rendering, matrix to PNG: javase MatrixToImageWriter + ImageIO",
              "QrBenchmark.png",
              "QrBenchmark.javasePng"),
          new Comparison(
              "rendering, matrix to PNG: ImageIO's PNG writer alone",
              "QrBenchmark.png",
              "QrBenchmark.imageIoWrite"),
          new Comparison(
              "end to end, text to PNG: javase QRCodeWriter + MatrixToImageWriter",
              "QrBenchmark.pngFromText",
              "QrBenchmark.javasePngFromText"));

  private ResultTable() {}

  /** A benchmark of twofactor and the one of another library that does the same work. */
  record Comparison(String label, String ours, String theirs) {}

  /**
   * Reads the JMH result files ({@code -rf json -rff FILE}) of one run and prints its table on
   * standard output.
   *
   * @param args the paths of the JSON files, one per round
   * @throws IOException if a file cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println(
          "usage: java -cp benchmarks.jar " + ResultTable.class.getName() + " jmh-result.json...");
      System.exit(2);
      return;
    }
    List<String> rounds = new ArrayList<>();
    for (String file : args) {
      rounds.add(Files.readString(Path.of(file), StandardCharsets.UTF_8));
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.print(format(rounds));
  }

  /** A mean and the half-width of its 99.9% confidence interval (NaN if unknown). */
  record Score(double value, double error) {
    static Score of(ListStatistics samples) {
      if (samples.getN() == 0) {
        return new Score(Double.NaN, Double.NaN);
      }
      return new Score(samples.getMean(), samples.getMeanErrorAt(CONFIDENCE));
    }

    /** This score divided by another, with the relative errors of both combined. */
    String ratioTo(Score floor) {
      if (Double.isNaN(value) || Double.isNaN(floor.value)) {
        return "n/a";
      }
      double ratio = value / floor.value;
      double relative = Math.hypot(relativeError(), floor.relativeError());
      return fixed(ratio, 2) + " ± " + fixed(ratio * relative, 2);
    }

    private double relativeError() {
      return Double.isNaN(error) ? 0 : error / value;
    }

    @Override
    public String toString() {
      return Double.isNaN(value) ? "n/a" : fixed(value, 1) + " ± " + fixed(error, 1);
    }
  }

  /** One benchmark with one set of parameters, and its samples from every round. */
  static final class Row {
    final String benchmark;
    final Map<String, String> params;
    final ListStatistics time = new ListStatistics();
    final ListStatistics cpu = new ListStatistics();
    final ListStatistics bytes = new ListStatistics();

    Row(String benchmark, Map<String, String> params) {
      this.benchmark = benchmark;
      this.params = params;
    }

    String algorithm() {
      return params.getOrDefault("algorithm", DEFAULT_ALGORITHM);
    }

    String group() {
      String clazz = benchmark.substring(0, benchmark.lastIndexOf('.'));
      return clazz + " " + new TreeMap<>(params);
    }
  }

  /**
   * Formats the JSON results of the rounds of a run as a Markdown table, preceded by the run
   * settings.
   */
  static String format(List<String> rounds) {
    Map<String, Row> rows = new LinkedHashMap<>();
    Map<?, ?> first = null;
    for (String json : rounds) {
      List<?> results = as(List.class, new JsonReader(json).read(), "the results array");
      for (Object element : results) {
        Map<?, ?> result = as(Map.class, element, "a result");
        if (first == null) {
          first = result;
        }
        add(rows, result);
      }
    }
    List<Row> sorted = new ArrayList<>(rows.values());
    // Keep JMH's order inside a group (floor first), but group by class and parameters.
    sorted.sort(Comparator.comparing(Row::group));
    StringBuilder table = new StringBuilder();
    if (first != null) {
      table.append(settings(first, rounds.size())).append("\n\n");
    }
    table.append("| Benchmark | Params | ns/op | × floor | CPU ns/op | × floor (CPU) | B/op |\n");
    table.append("|---|---|---:|---:|---:|---:|---:|\n");
    for (Row row : sorted) {
      Row floor = row.benchmark.startsWith(WITHOUT_FLOOR) ? null : floorOf(sorted, row.algorithm());
      Score time = Score.of(row.time);
      Score cpu = Score.of(row.cpu);
      table
          .append("| ")
          .append(row.benchmark)
          .append(" | ")
          .append(String.join(", ", new TreeMap<>(row.params).values()))
          .append(" | ")
          .append(time)
          .append(" | ")
          .append(ratio(row, floor, time, Score.of(floor == null ? row.time : floor.time)))
          .append(" | ")
          .append(cpu)
          .append(" | ")
          .append(ratio(row, floor, cpu, Score.of(floor == null ? row.cpu : floor.cpu)))
          .append(" | ")
          .append(fixed(row.bytes.getN() == 0 ? Double.NaN : row.bytes.getMean(), 0))
          .append(" |\n");
    }
    comparisons(table, sorted);
    return table.toString();
  }

  /** Appends the table of {@link #COMPARISONS} whose rows both ran, if any did. */
  private static void comparisons(StringBuilder table, List<Row> rows) {
    boolean header = false;
    for (Comparison c : COMPARISONS) {
      Row ours = find(rows, c.ours());
      Row theirs = find(rows, c.theirs());
      if (ours == null || theirs == null) {
        continue;
      }
      if (!header) {
        table.append("\n| Comparison | twofactor ns/op | other ns/op | other ÷ twofactor |");
        table.append(" other ÷ twofactor (CPU) |\n|---|---:|---:|---:|---:|\n");
        header = true;
      }
      table
          .append("| ")
          .append(c.label())
          .append(" (")
          .append(c.ours())
          .append(", ")
          .append(c.theirs())
          .append(") | ")
          .append(Score.of(ours.time))
          .append(" | ")
          .append(Score.of(theirs.time))
          .append(" | ")
          .append(Score.of(theirs.time).ratioTo(Score.of(ours.time)))
          .append(" | ")
          .append(Score.of(theirs.cpu).ratioTo(Score.of(ours.cpu)))
          .append(" |\n");
    }
  }

  private static @Nullable Row find(List<Row> rows, String benchmark) {
    for (Row row : rows) {
      if (row.benchmark.equals(benchmark)) {
        return row;
      }
    }
    return null;
  }

  private static String ratio(Row row, @Nullable Row floor, Score score, Score floorScore) {
    if (floor == null) {
      return "n/a";
    }
    return row == floor ? "1" : score.ratioTo(floorScore);
  }

  private static void add(Map<String, Row> rows, Map<?, ?> result) {
    String benchmark = string(result.get("benchmark"));
    if (benchmark.startsWith(PACKAGE)) {
      benchmark = benchmark.substring(PACKAGE.length());
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (result.get("params") instanceof Map<?, ?> map) {
      map.forEach((k, v) -> params.put(string(k), string(v)));
    }
    String name = benchmark;
    Row row = rows.computeIfAbsent(name + " " + new TreeMap<>(params), k -> new Row(name, params));
    samples(row.time, as(Map.class, result.get("primaryMetric"), "primaryMetric"), name);
    Map<?, ?> secondary = result.get("secondaryMetrics") instanceof Map<?, ?> m ? m : Map.of();
    if (secondary.get(CpuTimeProfiler.LABEL) instanceof Map<?, ?> cpu) {
      samples(row.cpu, cpu, name);
    }
    if (secondary.get("gc.alloc.rate.norm") instanceof Map<?, ?> alloc) {
      samples(row.bytes, alloc, name);
    }
  }

  /** Adds every iteration of every fork of a metric ({@code rawData}) to the samples. */
  private static void samples(ListStatistics samples, Map<?, ?> metric, String benchmark) {
    String unit = string(metric.get("scoreUnit"));
    if (!unit.equals("ns/op") && !unit.equals("B/op")) {
      throw new IllegalArgumentException(
          "times must be in ns/op (-bm avgt -tu ns): " + unit + " for " + benchmark);
    }
    for (Object fork : as(List.class, metric.get("rawData"), "rawData")) {
      for (Object iteration : as(List.class, fork, "rawData of a fork")) {
        double value = number(iteration);
        if (!Double.isNaN(value)) {
          samples.addValue(value);
        }
      }
    }
  }

  private static @Nullable Row floorOf(List<Row> rows, String algorithm) {
    for (Row row : rows) {
      if (row.benchmark.equals(FLOOR) && row.algorithm().equals(algorithm)) {
        return row;
      }
    }
    return null;
  }

  private static String settings(Map<?, ?> first, int rounds) {
    return String.format(
        Locale.ROOT,
        "JMH %s, %s %s (%s); %d round(s) of %s fork(s) × (%s warm-up × %s, %s measurement × %s),"
            + " %s thread(s). Means over all measurement iterations ± 99.9%% confidence"
            + " half-interval.",
        string(first.get("jmhVersion")),
        string(first.get("vmName")),
        string(first.get("vmVersion")),
        string(first.get("jdkVersion")),
        rounds,
        string(first.get("forks")),
        string(first.get("warmupIterations")),
        string(first.get("warmupTime")),
        string(first.get("measurementIterations")),
        string(first.get("measurementTime")),
        string(first.get("threads")));
  }

  private static String fixed(double value, int decimals) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static String string(@Nullable Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(value);
  }

  private static <T> T as(Class<T> type, @Nullable Object value, String what) {
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          "JMH result: "
              + what
              + " must be a JSON "
              + (type == Map.class ? "object" : "array")
              + ": "
              + value);
    }
    return type.cast(value);
  }

  private static double number(@Nullable Object value) {
    if (value instanceof Double d) {
      return d;
    }
    // JMH writes "NaN" and "Infinity" as strings, JSON having no such numbers.
    return value instanceof String s ? Double.parseDouble(s) : Double.NaN;
  }

  /** Reads the JSON that JMH writes: objects, arrays, strings, numbers, booleans and null. */
  static final class JsonReader {
    private final String text;
    private int pos;

    JsonReader(String text) {
      this.text = text;
    }

    @Nullable Object read() {
      Object value = value();
      skipSpace();
      if (pos != text.length()) {
        throw error("end of input");
      }
      return value;
    }

    private @Nullable Object value() {
      skipSpace();
      if (pos >= text.length()) {
        throw error("a value");
      }
      char c = text.charAt(pos);
      return switch (c) {
        case '{' -> object();
        case '[' -> array();
        case '"' -> string();
        case 't' -> literal("true", true);
        case 'f' -> literal("false", false);
        case 'n' -> literal("null", null);
        default -> number();
      };
    }

    private Map<String, @Nullable Object> object() {
      Map<String, @Nullable Object> map = new LinkedHashMap<>();
      pos++;
      skipSpace();
      if (peek('}')) {
        pos++;
        return map;
      }
      while (true) {
        skipSpace();
        if (!peek('"')) {
          throw error("a member name");
        }
        String name = string();
        skipSpace();
        expect(':');
        map.put(name, value());
        skipSpace();
        if (peek(',')) {
          pos++;
        } else {
          expect('}');
          return map;
        }
      }
    }

    private List<@Nullable Object> array() {
      List<@Nullable Object> list = new ArrayList<>();
      pos++;
      skipSpace();
      if (peek(']')) {
        pos++;
        return list;
      }
      while (true) {
        list.add(value());
        skipSpace();
        if (peek(',')) {
          pos++;
        } else {
          expect(']');
          return list;
        }
      }
    }

    private String string() {
      StringBuilder s = new StringBuilder();
      pos++;
      while (true) {
        if (pos >= text.length()) {
          throw error("a closing quote");
        }
        char c = text.charAt(pos++);
        if (c == '"') {
          return s.toString();
        }
        if (c != '\\') {
          s.append(c);
          continue;
        }
        if (pos >= text.length()) {
          throw error("an escaped character");
        }
        char escaped = text.charAt(pos++);
        switch (escaped) {
          case 'b' -> s.append('\b');
          case 'f' -> s.append('\f');
          case 'n' -> s.append('\n');
          case 'r' -> s.append('\r');
          case 't' -> s.append('\t');
          case 'u' -> {
            if (pos + 4 > text.length()) {
              throw error("four hex digits");
            }
            s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> s.append(escaped);
        }
      }
    }

    private Double number() {
      int start = pos;
      while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
      if (start == pos) {
        throw error("a value");
      }
      return Double.valueOf(text.substring(start, pos));
    }

    private @Nullable Object literal(String word, @Nullable Object value) {
      if (!text.startsWith(word, pos)) {
        throw error(word);
      }
      pos += word.length();
      return value;
    }

    private boolean peek(char c) {
      return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
      if (!peek(c)) {
        throw error("'" + c + "'");
      }
      pos++;
    }

    private void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private IllegalArgumentException error(String expected) {
      return new IllegalArgumentException("JSON: expected " + expected + " at index " + pos);
    }
  }
}
