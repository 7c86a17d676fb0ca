package dev.twofactor.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Algorithm;
import dev.twofactor.Verification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each benchmark computes what its name says, so that the table measures the right thing. */
final class OtpBenchmarkTest {
  private static OtpBenchmark benchmark(Algorithm algorithm) throws Exception {
    OtpBenchmark benchmark = new OtpBenchmark();
    benchmark.algorithm = algorithm;
    benchmark.setUp();
    return benchmark;
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void floor_truncatesTheHmacThatTotpFormats(Algorithm algorithm) throws Exception {
    OtpBenchmark benchmark = benchmark(algorithm);
    int code = Integer.parseInt(benchmark.totpGenerate());
    assertEquals(benchmark.floor() % 1_000_000, code);
    assertEquals(benchmark.totpGenerate(), benchmark.hotpGenerate());
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void totpVerifyValid_acceptsAtTheCurrentStep(Algorithm algorithm) throws Exception {
    Verification v = benchmark(algorithm).totpVerifyValid();
    assertTrue(v.isAccepted(), v::toString);
    assertEquals(0, v.drift());
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void totpVerifyWrong_isAMismatch(Algorithm algorithm) throws Exception {
    assertEquals(Verification.Reason.MISMATCH, benchmark(algorithm).totpVerifyWrong().reason());
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void manySecrets_useAnotherSecretOnEveryCall(Algorithm algorithm) throws Exception {
    OtpBenchmark benchmark = benchmark(algorithm);
    java.util.Set<Integer> values = new java.util.HashSet<>();
    for (int i = 0; i < OtpBenchmark.SECRETS; i++) {
      values.add(benchmark.floorManySecrets());
      assertTrue(benchmark.totpVerifyValidManySecrets().isAccepted());
      assertEquals(Verification.Reason.MISMATCH, benchmark.totpVerifyWrongManySecrets().reason());
    }
    // 1024 random 31-bit values: a repeat would mean the same key was used twice.
    assertTrue(values.size() > OtpBenchmark.SECRETS - 3, "distinct HMACs: " + values.size());
  }
}
