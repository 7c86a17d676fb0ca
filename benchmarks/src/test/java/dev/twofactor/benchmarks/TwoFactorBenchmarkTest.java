package dev.twofactor.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Verification;
import org.junit.jupiter.api.Test;

/** Each benchmark gets the outcome its name says, on every call. */
final class TwoFactorBenchmarkTest {
  private static TwoFactorBenchmark benchmark() {
    TwoFactorBenchmark benchmark = new TwoFactorBenchmark();
    benchmark.setUp();
    return benchmark;
  }

  @Test
  void verifyValid_acceptsEveryCall_acrossEnrollingAgain() {
    TwoFactorBenchmark benchmark = benchmark();
    long previous = Long.MIN_VALUE;
    for (int i = 0; i < TwoFactorBenchmark.STEPS + 100; i++) {
      Verification v = benchmark.verifyValid();
      assertTrue(v.isAccepted(), v::toString);
      assertEquals(0, v.drift());
      if (i > 0 && v.step() < previous) {
        // Enrolled again: the codes start over from the first step after the confirmed one.
        assertEquals(previous - TwoFactorBenchmark.STEPS + 2, v.step(), "call " + i);
      } else if (i > 0) {
        assertEquals(previous + 1, v.step(), "call " + i);
      }
      previous = v.step();
    }
  }

  @Test
  void rejections_keepTheirReasonCallAfterCall() {
    TwoFactorBenchmark benchmark = benchmark();
    for (int i = 0; i < 100; i++) {
      assertEquals(Verification.Reason.MISMATCH, benchmark.verifyWrong().reason());
      assertEquals(Verification.Reason.REPLAYED, benchmark.verifyReplayed().reason());
      assertEquals(Verification.Reason.THROTTLED, benchmark.verifyThrottled().reason());
      assertEquals(Verification.Reason.NOT_ENROLLED, benchmark.verifyNotEnrolled().reason());
    }
    for (int i = 0; i < 3; i++) {
      assertEquals(Verification.Reason.MISMATCH, benchmark.redeemWrong().reason());
      assertEquals(Verification.Reason.NOT_ENROLLED, benchmark.redeemNotEnrolled().reason());
    }
  }
}
