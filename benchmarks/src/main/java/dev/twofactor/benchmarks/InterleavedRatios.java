package dev.twofactor.benchmarks;

import dev.twofactor.Algorithm;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A check of the ratios to the floor that a loaded machine cannot skew: the methods of
 * {@link OtpBenchmark} run in turn, a short batch of calls each, round after round, and each
 * method's time is divided by the floor's time of the same round.
 *
 * <p>JMH measures one benchmark after another, each for seconds in its own JVM. When other
 * processes share the cores, the load changes between those measurements and the ratio of two of
 * them changes with it, by far more than the library's overhead. Here a method and the floor are
 * measured within a few milliseconds of each other, so both meet the same load, and the median of
 * the per-round ratios is a stable figure even on two busy cores. It is not a JMH benchmark (no
 * forks, no blackholes: every result is folded into a checksum that is printed), so the JMH table
 * remains the reference; this one tells whether a difference in it is the code or the machine.
 *
 * <p>Run it as {@code java -cp benchmarks.jar dev.twofactor.benchmarks.InterleavedRatios SHA1},
 * optionally followed by the number of rounds and the calls per batch; one algorithm per JVM, as
 * in JMH's forks, so that the JIT sees only that algorithm's {@code Mac}.
 */
public final class InterleavedRatios {
  /** The methods of {@link OtpBenchmark} that are measured, the floor first. */
  static final List<String> METHODS =
      List.of(
          "floor",
          "hotpGenerate",
          "totpGenerate",
          "totpVerifyValid",
          "totpVerifyWrong",
          "floorManySecrets",
          "totpVerifyValidManySecrets",
          "totpVerifyWrongManySecrets");

  private static final int WARM_UP_ROUNDS = 200;

  private InterleavedRatios() {}

  /**
   * Measures one algorithm and prints a Markdown table: per method, the median time of a call and
   * the median, first and third quartiles of its per-round ratio to the floor.
   *
   * @param args the algorithm ({@code SHA1}, {@code SHA256} or {@code SHA512}), then optionally
   *     the number of rounds (default 1000) and of calls per batch (default 400)
   * @throws GeneralSecurityException if the JDK lacks the HMAC; it never does
   */
  public static void main(String[] args) throws GeneralSecurityException {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: java -cp benchmarks.jar " + InterleavedRatios.class.getName()
          + " SHA1|SHA256|SHA512 [rounds [calls-per-batch]]");
      System.exit(2);
      return;
    }
    Algorithm algorithm = Algorithm.valueOf(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 400;
    double[][] nanos = measure(algorithm, rounds, batch);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.print(table(algorithm, nanos));
  }

  /**
   * Runs the rounds and returns, per method (in the order of {@link #METHODS}) and round, the
   * nanoseconds per call.
   */
  static double[][] measure(Algorithm algorithm, int rounds, int batch)
      throws GeneralSecurityException {
    OtpBenchmark benchmark = new OtpBenchmark();
    benchmark.algorithm = algorithm;
    benchmark.setUp();
    double[][] nanos = new double[METHODS.size()][rounds];
    long checksum = 0;
    for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
      for (int method = 0; method < METHODS.size(); method++) {
        long start = System.nanoTime();
        checksum += batch(benchmark, method, batch);
        long end = System.nanoTime();
        if (round >= 0) {
          nanos[method][round] = (double) (end - start) / batch;
        }
      }
    }
    if (checksum == 42) {
      System.err.println("(checksum " + checksum + ")"); // keeps every result alive
    }
    return nanos;
  }

  // One small method per benchmark method, so that each loop is compiled on its own and calls
  // one method only, as JMH's generated loops do.
  private static long batch(OtpBenchmark b, int method, int calls)
      throws GeneralSecurityException {
    return switch (method) {
      case 0 -> floor(b, calls);
      case 1 -> hotpGenerate(b, calls);
      case 2 -> totpGenerate(b, calls);
      case 3 -> totpVerifyValid(b, calls);
      case 4 -> totpVerifyWrong(b, calls);
      case 5 -> floorManySecrets(b, calls);
      case 6 -> totpVerifyValidManySecrets(b, calls);
      case 7 -> totpVerifyWrongManySecrets(b, calls);
      default -> throw new IllegalArgumentException("method must be below 8: " + method);
    };
  }

  private static long floor(OtpBenchmark b, int calls) throws GeneralSecurityException {
    long sum = 0;
    for (int i = 0; i < calls; i++) {
      sum += b.floor();
    }
    return sum;
  }

  private static long hotpGenerate(OtpBenchmark b, int calls) {
    long sum = 0;
    for (int i = 0; i < calls; i++) {
      sum += b.hotpGenerate().charAt(0);
    }
    return sum;
  }

  private static long totpGenerate(OtpBenchmark b, int calls) {
    long sum = 0;
    for (int i = 0; i < calls; i++) {
      sum += b.totpGenerate().charAt(0);
    }
    return sum;
  }

  private static long totpVerifyValid(OtpBenchmark b, int calls) {
    long sum = 0;
    for (int i = 0; i < calls; i++) {
      sum += b.totpVerifyValid().isAccepted() ? 1 : 0;
    }
    return sum;
  }

  private static long totpVerifyWrong(OtpBenchmark b, int calls) {
    long sum = 0;
    for (int i = 0; i < calls; i++) {
      sum += b.totpVerifyWrong().isAccepted() ? 1 : 0;
    }
    return sum;
  }

  private static long floorManySecrets(OtpBenchmark b, int calls)
      throws GeneralSecurityException {
    long sum = 0;
    for (int i = 0; i < calls; i++) {
      sum += b.floorManySecrets();
    }
    return sum;
  }

  private static long totpVerifyValidManySecrets(OtpBenchmark b, int calls) {
    long sum = 0;
    for (int i = 0; i < calls; i++) {
      sum += b.totpVerifyValidManySecrets().isAccepted() ? 1 : 0;
    }
    return sum;
  }

  private static long totpVerifyWrongManySecrets(OtpBenchmark b, int calls) {
    long sum = 0;
    for (int i = 0; i < calls; i++) {
      sum += b.totpVerifyWrongManySecrets().isAccepted() ? 1 : 0;
    }
    return sum;
  }

  /** Formats the measurements of one algorithm as Markdown table rows, with a header. */
  static String table(Algorithm algorithm, double[][] nanos) {
    StringBuilder table = new StringBuilder();
    table.append("| Method | Params | median ns/op | × floor (median of rounds) | quartiles |\n");
    table.append("|---|---|---:|---:|---:|\n");
    double[] floor = nanos[0];
    for (int method = 0; method < METHODS.size(); method++) {
      double[] ratios = new double[floor.length];
      for (int round = 0; round < floor.length; round++) {
        ratios[round] = nanos[method][round] / floor[round];
      }
      table.append(
          String.format(
              Locale.ROOT,
              "| OtpBenchmark.%s | %s | %.1f | %s | %s |%n",
              METHODS.get(method),
              algorithm,
              quantile(nanos[method], 0.5),
              method == 0 ? "1" : String.format(Locale.ROOT, "%.3f", quantile(ratios, 0.5)),
              method == 0
                  ? ""
                  : String.format(
                      Locale.ROOT, "%.3f–%.3f", quantile(ratios, 0.25), quantile(ratios, 0.75))));
    }
    return table.toString();
  }

  /** The q-quantile of the values, by the nearest rank. */
  static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
