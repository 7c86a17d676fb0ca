package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Verification.Reason;
import org.junit.jupiter.api.Test;

/**
 * The order and the bounds of the window searches. With a modulus of 10 (one-digit codes) many
 * steps share a code, so the tests can show which of several matching steps a search returns; with
 * the modulus of six digits each code below is found at one step only.
 */
final class HmacTest {
  private static final Secret SECRET = Secret.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  private static final long SIX_DIGITS = 1_000_000;
  private static final Hmac HMAC = Hmac.perThread(Algorithm.SHA1).get();

  private static long code(long step, long modulus) {
    return HMAC.truncate(SECRET, step) % modulus;
  }

  /** The first step from 1 on whose one-digit code differs from both neighbours', which agree. */
  private static long centreWithTheSameCodeBehindAndAhead() {
    for (long centre = 1; ; centre++) {
      long behind = code(centre - 1, 10);
      if (behind == code(centre + 1, 10) && behind != code(centre, 10)) {
        return centre;
      }
    }
  }

  @Test
  void search_triesTheStepBehindBeforeTheStepAhead() {
    long centre = centreWithTheSameCodeBehindAndAhead();
    long code = code(centre - 1, 10);
    Verification v = HMAC.search(SECRET, code, 10, centre, 1, 1, Long.MIN_VALUE);
    assertEquals(centre - 1, v.step());
    assertEquals(-1, v.drift());
    // Behind is used already: ahead is the next candidate, not a replay.
    v = HMAC.search(SECRET, code, 10, centre, 1, 1, centre - 1);
    assertEquals(centre + 1, v.step());
    assertEquals(1, v.drift());
    // Both are used: a replay, not a mismatch.
    assertEquals(Reason.REPLAYED, HMAC.search(SECRET, code, 10, centre, 1, 1, centre + 1).reason());
    assertEquals(
        Reason.MISMATCH, HMAC.search(SECRET, code, 10, centre, 0, 0, Long.MIN_VALUE).reason());
  }

  @Test
  void search_looksNoFurtherThanEachSideOfTheWindow() {
    long centre = 1_000;
    for (int behind = 0; behind <= 3; behind++) {
      for (int ahead = 0; ahead <= 3; ahead++) {
        for (long step = centre - 4; step <= centre + 4; step++) {
          Verification v =
              HMAC.search(SECRET, code(step, SIX_DIGITS), SIX_DIGITS, centre, behind, ahead, 0);
          boolean inside = step >= centre - behind && step <= centre + ahead;
          assertEquals(inside, v.isAccepted(), behind + " " + ahead + " " + step);
          if (inside) {
            assertEquals(step, v.step());
          }
        }
      }
    }
  }

  @Test
  void search_neverLooksBeforeStepZero() {
    long code = code(0, SIX_DIGITS);
    assertEquals(0, HMAC.search(SECRET, code, SIX_DIGITS, 0, 3, 0, -1).step());
    assertEquals(
        Reason.MISMATCH,
        HMAC.search(SECRET, code(-1, SIX_DIGITS), SIX_DIGITS, 0, 3, 3, Long.MIN_VALUE).reason());
  }

  /** searchPair for the pair of codes at {@code step} and {@code step + 1}, six digits. */
  private static long searchPair(long step, long centre, int range, long lastUsed) {
    return HMAC.searchPair(
        SECRET,
        code(step, SIX_DIGITS),
        code(step + 1, SIX_DIGITS),
        SIX_DIGITS,
        centre,
        range,
        lastUsed);
  }

  @Test
  void searchPair_findsBothCodesOfAPairInsideTheRange() {
    long centre = 1_000;
    int range = 3;
    // From centre - range up to the pair whose second code is at centre + range.
    for (long step = centre - range; step < centre + range; step++) {
      assertEquals(step, searchPair(step, centre, range, 0), "pair at " + step);
    }
    assertEquals(-1, searchPair(centre - range - 1, centre, range, 0));
    assertEquals(-1, searchPair(centre + range, centre, range, 0));
    assertEquals(centre - 1, searchPair(centre - 1, centre, 1, 0));
    assertEquals(centre, searchPair(centre, centre, 1, 0));
    assertEquals(-1, searchPair(centre + 1, centre, 1, 0));
  }

  @Test
  void searchPair_tellsAReplayedPairFromAMismatch() {
    long centre = 1_000;
    assertEquals(centre, searchPair(centre, centre, 2, centre - 1));
    assertEquals(-2, searchPair(centre, centre, 2, centre));
    assertEquals(-2, searchPair(centre - 2, centre, 2, centre + 5));
    long first = code(centre, SIX_DIGITS);
    assertEquals(-1, HMAC.searchPair(SECRET, first, first, SIX_DIGITS, centre, 2, 0));
  }

  @Test
  void searchPair_triesThePairBehindBeforeThePairAhead() {
    // One-digit codes: a centre where the pairs at centre - 1 and centre + 1 are alike and the
    // pair at the centre is not.
    for (long centre = 1; ; centre++) {
      long code = code(centre - 1, 10);
      long next = code(centre, 10);
      if (code == code(centre + 1, 10)
          && next == code(centre + 2, 10)
          && !(code == code(centre, 10) && next == code(centre + 1, 10))) {
        assertEquals(
            centre - 1, HMAC.searchPair(SECRET, code, next, 10, centre, 2, Long.MIN_VALUE));
        assertEquals(centre + 1, HMAC.searchPair(SECRET, code, next, 10, centre, 2, centre - 1));
        return;
      }
      assertTrue(centre < 10_000, "no such centre in the first 10000 steps");
    }
  }

  @Test
  void searchPair_neverLooksBeforeStepZero() {
    assertEquals(0, searchPair(0, 0, 2, -1));
    assertEquals(0, searchPair(0, 1, 2, -1));
  }
}
