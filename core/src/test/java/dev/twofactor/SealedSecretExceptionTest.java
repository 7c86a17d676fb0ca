package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

final class SealedSecretExceptionTest {
  @Test
  void constructors_keepMessageAndCause() {
    IllegalStateException cause = new IllegalStateException("key service down");
    SealedSecretException e = new SealedSecretException("sealed secret: key service down", cause);
    assertEquals("sealed secret: key service down", e.getMessage());
    assertSame(cause, e.getCause());
    assertEquals(
        "sealed secret: unknown key",
        new SealedSecretException("sealed secret: unknown key").getMessage());
  }
}
