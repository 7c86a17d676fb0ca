package dev.twofactor.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the CPU time of the benchmark threads per operation, as the secondary
 * metric {@value #LABEL} in ns/op; enable it with {@code -prof
 * dev.twofactor.benchmarks.CpuTimeProfiler}.
 *
 * <p>JMH's score is wall-clock time, which on a shared machine also counts the time the benchmark
 * thread waited for a core that another process held: with two cores and a build running beside it,
 * a benchmark can take four times as long as on an idle machine, by an amount that changes from one
 * benchmark to the next. The CPU time that the operating system charges to the benchmark's own
 * threads leaves that waiting out; it still includes what sharing a core costs (caches evicted by
 * the other processes), so it is an upper bound of the cost on an idle machine, and much closer to
 * it than wall-clock time when the machine is loaded. Both are reported; on an idle machine they
 * agree.
 *
 * <p>The time is measured for each measurement iteration, from the CPU time of every thread whose
 * name JMH gives its workers ({@code …-jmh-worker-N}), divided by all the operations of the
 * iteration, as {@code -prof gc} normalises its allocation.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  /** The name of the secondary metric in JMH's results. */
  public static final String LABEL = "cpu.time.norm";

  private static final String WORKER = "-jmh-worker-";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> before = new HashMap<>();

  /** Creates the profiler; JMH calls it once per fork. */
  public CpuTimeProfiler() {
    if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
      threads.setThreadCpuTimeEnabled(true);
    }
  }

  /**
   * Describes the profiler for {@code -lprof}.
   *
   * @return the description
   */
  @Override
  public String getDescription() {
    return "CPU time of the benchmark threads per operation (" + LABEL + ", ns/op)";
  }

  /**
   * Records the CPU time that the worker threads have used so far.
   *
   * @param benchmarkParams the benchmark
   * @param iterationParams the iteration
   */
  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    before.clear();
    for (long id : workers()) {
      before.put(id, threads.getThreadCpuTime(id));
    }
  }

  /**
   * Returns the CPU time the worker threads used during the iteration, per operation.
   *
   * @param benchmarkParams the benchmark
   * @param iterationParams the iteration
   * @param result the iteration's result, with its operation count
   * @return the one metric {@value #LABEL}, or nothing if the JVM cannot measure thread CPU time
   */
  @Override
  public Collection<? extends Result<?>> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long ops = result.getMetadata().getAllOps();
    if (!threads.isThreadCpuTimeSupported() || ops <= 0) {
      return List.of();
    }
    long nanos = 0;
    for (long id : workers()) {
      long now = threads.getThreadCpuTime(id);
      if (now >= 0) {
        // A worker started during the iteration has used all of its time in it.
        nanos += now - before.getOrDefault(id, 0L);
      }
    }
    return List.of(new ScalarResult(LABEL, (double) nanos / ops, "ns/op", AggregationPolicy.AVG));
  }

  private long[] workers() {
    return java.util.Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
        .filter(info -> info != null && info.getThreadName().contains(WORKER))
        .mapToLong(ThreadInfo::getThreadId)
        .toArray();
  }
}
