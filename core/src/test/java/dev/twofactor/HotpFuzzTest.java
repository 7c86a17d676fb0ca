package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twofactor.Verification.Reason;
import java.util.List;

/**
 * Coverage-guided fuzzing of {@link Hotp#verify}, the reader of counter-based codes typed by
 * people: it never throws, and accepts only the code of a counter of the look-ahead window.
 */
final class HotpFuzzTest {
  private static final long COUNTER = 41;
  private static final List<Hotp> POLICIES =
      List.of(
          Hotp.defaults(),
          Hotp.builder().algorithm(Algorithm.SHA256).digits(10).lookAhead(0).build());

  @FuzzTest(maxDuration = "30s")
  void verify_neverThrowsAndAcceptsOnlyACodeOfTheLookAhead(byte[] input) {
    String code = FuzzInput.text(input);
    for (Hotp hotp : POLICIES) {
      Verification v = hotp.verify(TotpFuzzTest.SECRET, code, COUNTER);
      if (v.isAccepted()) {
        assertTrue(v.step() >= COUNTER && v.step() <= COUNTER + hotp.lookAhead(), v.toString());
        assertEquals(
            hotp.generate(TotpFuzzTest.SECRET, v.step()),
            TotpFuzzTest.withoutBlanks(code),
            v.toString());
      } else {
        assertTrue(v.reason() == Reason.MALFORMED || v.reason() == Reason.MISMATCH, v.toString());
      }
    }
  }
}
