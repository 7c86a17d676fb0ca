package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twofactor.Verification.Reason;
import java.util.List;
import java.util.Locale;

/**
 * Coverage-guided fuzzing of {@link TwoFactor#redeemRecoveryCode} with an account id and a recovery
 * code from outside: it throws only for an empty or too long account id, and accepts only one of
 * the account's codes, however it is spelled.
 */
final class TwoFactorRecoveryCodeFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void redeemRecoveryCode_throwsOnlyForBadAccountIdsAndAcceptsOnlyACode(byte[] input) {
    List<String> fields = FuzzInput.fields(input, 2);
    String account = fields.get(0);
    String code = fields.get(1);
    Verification v;
    try {
      v = TwoFactorVerifyFuzzTest.service().redeemRecoveryCode(account, code);
    } catch (IllegalArgumentException e) {
      assertTrue(AccountIds.problem(account) != null, e.toString());
      return;
    }
    if (RecoveryCodeSet.normalize(code) == null) {
      assertEquals(Reason.MALFORMED, v.reason(), v.toString());
    } else if (!account.equals(TwoFactorVerifyFuzzTest.ACCOUNT)) {
      assertEquals(Reason.NOT_ENROLLED, v.reason(), v.toString());
    } else if (v.isAccepted()) {
      String typed = normalized(code);
      assertTrue(
          TwoFactorVerifyFuzzTest.SETUP.recoveryCodes().stream()
              .anyMatch(c -> normalized(c).equals(typed)),
          v + " for " + typed);
    } else {
      assertTrue(v.reason() == Reason.MALFORMED || v.reason() == Reason.MISMATCH, v.toString());
    }
  }

  /** As documented: case, hyphens and spaces ignored, o read as 0, i and l as 1. */
  private static String normalized(String code) {
    return TotpFuzzTest.withoutBlanks(code)
        .replace("-", "")
        .toLowerCase(Locale.ROOT)
        .replace('o', '0')
        .replace('i', '1')
        .replace('l', '1');
  }
}
