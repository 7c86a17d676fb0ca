package dev.twofactor.benchmarks;

import com.google.zxing.WriterException;
import dev.twofactor.Algorithm;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A check of the ratios that a loaded machine cannot skew: benchmark methods run in turn, a short
 * batch of calls each, round after round, and each method's time is divided by the time of its
 * reference method in the same round.
 *
 * <p>JMH measures one benchmark after another, each for seconds in its own JVM. When other
 * processes share the cores, the load changes between those measurements and the ratio of two of
 * them changes with it, by far more than the library's overhead. Here a method and its reference
 * are measured within milliseconds of each other, so both meet the same load, and the median of the
 * per-round ratios is a stable figure even on two busy cores. It is not a JMH benchmark (no forks,
 * no blackholes: every result is folded into a checksum that is printed), so the JMH table remains
 * the reference; this one tells whether a difference in it is the code or the machine.
 *
 * <p>Suites, one per JVM as in JMH's forks, so that the JIT sees only what one suite runs:
 *
 * <ul>
 *   <li>{@code SHA1}, {@code SHA256}, {@code SHA512}: the methods of {@link OtpBenchmark} with that
 *       algorithm, each divided by {@link OtpBenchmark#floor()}; {@code SHA1} also runs those of
 *       {@link TwoFactorBenchmark}, whose codes are SHA-1 codes.
 *   <li>{@code QR}: the methods of {@link QrBenchmark}; rendering divided by {@link
 *       QrBenchmark#png()}, so that the row of {@code javasePng} says how many times longer javase
 *       takes, and the text-to-PNG methods by {@link QrBenchmark#pngFromText()}.
 * </ul>
 *
 * <p>Run it as {@code java -cp benchmarks.jar dev.twofactor.benchmarks.InterleavedRatios SHA1},
 * optionally followed by the number of rounds, the calls per batch and the rounds of warm-up.
 */
public final class InterleavedRatios {
  /** The suites that {@link #main} accepts. */
  static final List<String> SUITES = List.of("SHA1", "SHA256", "SHA512", "QR");

  private static final int DEFAULT_ROUNDS = 1000;
  private static final int DEFAULT_CALLS = 400;
  private static final int DEFAULT_WARM_UP_ROUNDS = 200;

  private InterleavedRatios() {}

  /**
   * A benchmark method measured in batches: its row in the table, and the row whose time of the
   * same round it is divided by (its own name for a reference row).
   */
  record Task(String name, String params, String reference, Batch batch) {}

  /** Calls a benchmark method a number of times and folds what it returns into a number. */
  @FunctionalInterface
  interface Batch {
    long run(int calls) throws Exception;
  }

  /**
   * Measures one suite and prints a Markdown table: per method, the median time of a call and the
   * median, first and third quartiles of its per-round ratio to its reference.
   *
   * @param args the suite ({@code SHA1}, {@code SHA256}, {@code SHA512} or {@code QR}), then
   *     optionally the number of rounds (default 1000), of calls per batch (default 400) and of
   *     rounds of warm-up (default 200)
   * @throws Exception if a benchmark's setup or a call fails; they do not
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 4 || !SUITES.contains(args[0])) {
      System.err.println(
          "usage: java -cp benchmarks.jar "
              + InterleavedRatios.class.getName()
              + " SHA1|SHA256|SHA512|QR [rounds [calls-per-batch [warm-up-rounds]]]");
      System.exit(2);
      return;
    }
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_ROUNDS;
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_CALLS;
    int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_WARM_UP_ROUNDS;
    List<Task> tasks = tasks(args[0]);
    double[][] nanos = measure(tasks, rounds, calls, warmUp);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.print(table(tasks, nanos));
  }

  /** The tasks of a suite, set up and checked. */
  static List<Task> tasks(String suite) throws Exception {
    return switch (suite) {
      case "QR" -> qrTasks();
      case "SHA1" -> {
        List<Task> tasks = new ArrayList<>(otpTasks(Algorithm.SHA1));
        tasks.addAll(twoFactorTasks());
        yield tasks;
      }
      default -> otpTasks(Algorithm.valueOf(suite));
    };
  }

  // One lambda per benchmark method, so that each loop is compiled on its own and calls one
  // method only, as JMH's generated loops do.

  /** The methods of {@link OtpBenchmark} with one algorithm, each divided by the floor. */
  static List<Task> otpTasks(Algorithm algorithm) throws GeneralSecurityException {
    OtpBenchmark b = new OtpBenchmark();
    b.algorithm = algorithm;
    b.setUp();
    String params = algorithm.name();
    String floor = "OtpBenchmark.floor";
    return List.of(
        new Task(
            floor,
            params,
            floor,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.floor();
              }
              return sum;
            }),
        new Task(
            "OtpBenchmark.hotpGenerate",
            params,
            floor,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.hotpGenerate().charAt(0);
              }
              return sum;
            }),
        new Task(
            "OtpBenchmark.totpGenerate",
            params,
            floor,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.totpGenerate().charAt(0);
              }
              return sum;
            }),
        new Task(
            "OtpBenchmark.totpVerifyValid",
            params,
            floor,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.totpVerifyValid().isAccepted() ? 1 : 0;
              }
              return sum;
            }),
        new Task(
            "OtpBenchmark.totpVerifyWrong",
            params,
            floor,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.totpVerifyWrong().isAccepted() ? 1 : 0;
              }
              return sum;
            }),
        new Task(
            "OtpBenchmark.floorManySecrets",
            params,
            floor,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.floorManySecrets();
              }
              return sum;
            }),
        new Task(
            "OtpBenchmark.totpVerifyValidManySecrets",
            params,
            floor,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.totpVerifyValidManySecrets().isAccepted() ? 1 : 0;
              }
              return sum;
            }),
        new Task(
            "OtpBenchmark.totpVerifyWrongManySecrets",
            params,
            floor,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.totpVerifyWrongManySecrets().isAccepted() ? 1 : 0;
              }
              return sum;
            }));
  }

  /** The methods of {@link TwoFactorBenchmark}, each divided by the SHA-1 floor. */
  static List<Task> twoFactorTasks() {
    TwoFactorBenchmark b = new TwoFactorBenchmark();
    b.setUp();
    String floor = "OtpBenchmark.floor";
    return List.of(
        new Task(
            "TwoFactorBenchmark.verifyValid",
            "",
            floor,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.verifyValid().step();
              }
              return sum;
            }),
        new Task(
            "TwoFactorBenchmark.verifyWrong",
            "",
            floor,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.verifyWrong().isAccepted() ? 1 : 0;
              }
              return sum;
            }),
        new Task(
            "TwoFactorBenchmark.verifyReplayed",
            "",
            floor,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.verifyReplayed().isAccepted() ? 1 : 0;
              }
              return sum;
            }),
        new Task(
            "TwoFactorBenchmark.verifyThrottled",
            "",
            floor,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.verifyThrottled().isAccepted() ? 1 : 0;
              }
              return sum;
            }),
        new Task(
            "TwoFactorBenchmark.verifyNotEnrolled",
            "",
            floor,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.verifyNotEnrolled().isAccepted() ? 1 : 0;
              }
              return sum;
            }));
  }

  /**
   * The methods of {@link QrBenchmark}: rendering divided by {@code png}, text to PNG by {@code
   * pngFromText}.
   */
  static List<Task> qrTasks() throws IOException, WriterException {
    QrBenchmark b = new QrBenchmark();
    b.setUp();
    String png = "QrBenchmark.png";
    String fromText = "QrBenchmark.pngFromText";
    return List.of(
        new Task(
            png,
            "",
            png,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.png().length;
              }
              return sum;
            }),
        new Task(
            "QrBenchmark.javasePng",
            "",
            png,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.javasePng().length;
              }
              return sum;
            }),
        new Task(
            "QrBenchmark.imageIoWrite",
            "",
            png,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.imageIoWrite().size();
              }
              return sum;
            }),
        new Task(
            "QrBenchmark.pngOnePixel",
            "",
            png,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.pngOnePixel().length;
              }
              return sum;
            }),
        new Task(
            "QrBenchmark.svg",
            "",
            png,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.svg().length();
              }
              return sum;
            }),
        new Task(
            fromText,
            "",
            fromText,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.pngFromText().length;
              }
              return sum;
            }),
        new Task(
            "QrBenchmark.javasePngFromText",
            "",
            fromText,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.javasePngFromText().length;
              }
              return sum;
            }),
        new Task(
            "QrBenchmark.encode",
            "",
            fromText,
            calls -> {
              long sum = 0;
              for (int i = 0; i < calls; i++) {
                sum += b.encode().size();
              }
              return sum;
            }));
  }

  /**
   * Runs the rounds and returns, per task (in the order given) and round, the nanoseconds per call.
   */
  static double[][] measure(List<Task> tasks, int rounds, int calls, int warmUpRounds)
      throws Exception {
    double[][] nanos = new double[tasks.size()][rounds];
    long checksum = 0;
    for (int round = -warmUpRounds; round < rounds; round++) {
      for (int task = 0; task < tasks.size(); task++) {
        Batch batch = tasks.get(task).batch();
        long start = System.nanoTime();
        checksum += batch.run(calls);
        long end = System.nanoTime();
        if (round >= 0) {
          nanos[task][round] = (double) (end - start) / calls;
        }
      }
    }
    if (checksum == 42) {
      System.err.println("(checksum " + checksum + ")"); // keeps every result alive
    }
    return nanos;
  }

  /** Formats the measurements of a suite as Markdown table rows, with a header. */
  static String table(List<Task> tasks, double[][] nanos) {
    StringBuilder table = new StringBuilder();
    table.append(
        "| Method | Params | median ns/op | ratio to | ratio (median of rounds) | quartiles |\n");
    table.append("|---|---|---:|---|---:|---:|\n");
    for (int task = 0; task < tasks.size(); task++) {
      Task t = tasks.get(task);
      boolean reference = t.reference().equals(t.name());
      double[] ratios = ratios(tasks, nanos, task);
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.1f | %s | %s | %s |%n",
              t.name(),
              t.params(),
              quantile(nanos[task], 0.5),
              reference ? "" : t.reference(),
              reference ? "1" : String.format(Locale.ROOT, "%.3f", quantile(ratios, 0.5)),
              reference
                  ? ""
                  : String.format(
                      Locale.ROOT, "%.3f–%.3f", quantile(ratios, 0.25), quantile(ratios, 0.75))));
    }
    return table.toString();
  }

  /** A task's time divided by its reference's, round by round; names are unique in a suite. */
  private static double[] ratios(List<Task> tasks, double[][] nanos, int task) {
    String reference = tasks.get(task).reference();
    int index = -1;
    for (int i = 0; i < tasks.size(); i++) {
      if (tasks.get(i).name().equals(reference)) {
        index = i;
      }
    }
    if (index < 0) {
      throw new IllegalArgumentException(
          "reference must be a task of the suite: " + reference + " for " + tasks.get(task).name());
    }
    double[] ratios = new double[nanos[task].length];
    for (int round = 0; round < ratios.length; round++) {
      ratios[round] = nanos[task][round] / nanos[index][round];
    }
    return ratios;
  }

  /** The q-quantile of the values, by the nearest rank. */
  static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
