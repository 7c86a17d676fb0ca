package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twofactor.Verification.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of {@link Totp#verify}, the reader of codes typed by people: it never
 * throws, and accepts only the code of a step inside the window, as typed or with spaces.
 */
final class TotpFuzzTest {
  static final Secret SECRET = Secret.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<Totp> POLICIES =
      List.of(Totp.defaults(), Totp.builder().algorithm(Algorithm.SHA512).digits(8).build());

  @FuzzTest(maxDuration = "30s")
  void verify_neverThrowsAndAcceptsOnlyACodeOfTheWindow(byte[] input) {
    String code = FuzzInput.text(input);
    for (Totp totp : POLICIES) {
      long now = totp.stepAt(NOW);
      check(
          totp,
          code,
          totp.verify(SECRET, code, NOW),
          Long.MIN_VALUE,
          Set.of(Reason.MALFORMED, Reason.MISMATCH));
      check(
          totp,
          code,
          totp.verify(SECRET, code, NOW, now),
          now + 1,
          Set.of(Reason.MALFORMED, Reason.MISMATCH, Reason.REPLAYED));
    }
  }

  private static void check(
      Totp totp, String code, Verification v, long firstAllowed, Set<Reason> refusals) {
    long now = totp.stepAt(NOW);
    if (v.isAccepted()) {
      assertTrue(
          v.step() >= Math.max(firstAllowed, now - totp.windowBehind())
              && v.step() <= now + totp.windowAhead(),
          v.toString());
      assertEquals(v.step() - now, v.drift(), v.toString());
      assertEquals(totp.generateAtStep(SECRET, v.step()), withoutBlanks(code), v.toString());
    } else {
      assertTrue(refusals.contains(v.reason()), v.toString());
    }
  }

  /** The code without whitespace or space characters, anywhere. */
  static String withoutBlanks(String code) {
    StringBuilder out = new StringBuilder();
    code.codePoints()
        .filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c))
        .forEach(out::appendCodePoint);
    return out.toString();
  }
}
