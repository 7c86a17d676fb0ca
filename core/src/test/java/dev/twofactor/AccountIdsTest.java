package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The rule for account ids, at the edges of its length and of each range of characters. */
final class AccountIdsTest {
  @Test
  void problem_acceptsOneTo255Characters() {
    assertNull(AccountIds.problem("a"));
    assertNull(AccountIds.problem("a".repeat(255)));
    assertEquals("must be at most 255 characters: 256", AccountIds.problem("a".repeat(256)));
    assertEquals("must not be empty", AccountIds.problem(""));
  }

  @Test
  void problem_refusesEveryBidirectionalControlAndNothingNextToThem() {
    for (char c :
        new char[] {'\u061C', '\u200E', '\u200F', '\u202A', '\u202E', '\u2066', '\u2069'}) {
      assertEquals(
          "must not contain control or bidirectional characters: "
              + Ascii.describe(c)
              + " at index 1",
          AccountIds.problem("a" + c),
          Ascii.describe(c));
    }
    // Their neighbours are letters, spaces or unassigned: allowed (U+200D, the zero-width joiner,
    // is in emoji sequences).
    for (char c : new char[] {'\u061B', '\u200D', '\u2010', '\u202F', '\u2065', '\u206A'}) {
      assertNull(AccountIds.problem("a" + c), Ascii.describe(c));
    }
  }

  @Test
  void problem_refusesLoneSurrogatesAndKeepsPairs() {
    assertNull(AccountIds.problem("a\uD83D\uDD11"));
    assertEquals(
        "must be well-formed UTF-16: a lone surrogate U+D83D at index 1",
        AccountIds.problem("a\uD83D"));
    assertEquals(
        "must be well-formed UTF-16: a lone surrogate U+DD11 at index 0",
        AccountIds.problem("\uDD11a"));
  }

  @Test
  void check_throwsWithTheProblem() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AccountIds.check("a\u2028b"));
    assertEquals(
        "accountId must not contain control or bidirectional characters: U+2028 at index 1",
        e.getMessage());
    AccountIds.check("alice@example.com");
  }
}
