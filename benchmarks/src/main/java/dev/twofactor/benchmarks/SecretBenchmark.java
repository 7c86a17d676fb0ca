package dev.twofactor.benchmarks;

import dev.twofactor.Secret;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Reading secrets: what a server pays when it keeps Base32 text in its store and turns it into a
 * {@link Secret} for every verification. Its ratio is to {@link OtpBenchmark#floor()} with SHA-1.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SecretBenchmark {
  /** A 160-bit key as an issuer shows it for typing: grouped by four, lower case. */
  private String grouped = "jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp";

  /** A 160-bit key as an otpauth:// URI carries it: upper case, unpadded. */
  private String plain = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

  /** Creates the benchmark state; JMH calls it once per fork. */
  public SecretBenchmark() {}

  /**
   * {@link Secret#fromBase32} of 32 upper-case characters, the form of otpauth:// URIs.
   *
   * @return the secret
   */
  @Benchmark
  public Secret fromBase32() {
    return Secret.fromBase32(plain);
  }

  /**
   * {@link Secret#fromBase32} of the same key lower case, in groups of four separated by spaces.
   *
   * @return the secret
   */
  @Benchmark
  public Secret fromBase32Grouped() {
    return Secret.fromBase32(grouped);
  }
}
