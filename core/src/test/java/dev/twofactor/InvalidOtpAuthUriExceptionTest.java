package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twofactor.InvalidOtpAuthUriException.Reason;
import org.junit.jupiter.api.Test;

final class InvalidOtpAuthUriExceptionTest {
  @Test
  void exception_carriesReasonIndexAndMessage() {
    InvalidOtpAuthUriException e =
        assertThrows(
            InvalidOtpAuthUriException.class,
            () -> OtpAuthUri.parse("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&digits=12"));
    assertEquals(Reason.INVALID_DIGITS, e.reason());
    assertEquals(50, e.index());
    assertEquals("digits must be a number from 6 to 10: 12 at index 50", e.getMessage());
  }

  @Test
  void exception_isAnIllegalArgumentExceptionLikeInvalidSecretException() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.parse("mailto:a@b"));
    assertInstanceOf(InvalidOtpAuthUriException.class, e);
    assertEquals(Reason.WRONG_SCHEME, ((InvalidOtpAuthUriException) e).reason());
  }
}
