package dev.twofactor.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

final class SecretBenchmarkTest {
  @Test
  void fromBase32_readsTheSameKeyInBothSpellings() {
    SecretBenchmark benchmark = new SecretBenchmark();
    assertEquals(benchmark.fromBase32(), benchmark.fromBase32Grouped());
    assertEquals(20, benchmark.fromBase32().byteLength());
  }
}
