package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The plain-text sealer, the only implementation the interface itself provides. */
final class SecretSealerTest {
  private static final Secret SECRET = Secret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");

  @Test
  void insecurePlainText_isOneInstance() {
    assertSame(SecretSealer.insecurePlainText(), SecretSealer.insecurePlainText());
    assertEquals("SecretSealer.insecurePlainText()", SecretSealer.insecurePlainText().toString());
  }

  @Test
  void insecurePlainText_storesTheBase32Key() {
    SecretSealer plain = SecretSealer.insecurePlainText();
    String sealed = plain.seal("agent-42", SECRET);
    assertEquals("plain:JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", sealed);
    assertEquals(SECRET, plain.open("agent-42", sealed));
    assertEquals(SECRET, plain.open("another account", sealed));
  }

  @Test
  void insecurePlainText_refusesOtherTextWithoutShowingIt() {
    SecretSealer plain = SecretSealer.insecurePlainText();
    SealedSecretException foreign =
        assertThrows(SealedSecretException.class, () -> plain.open("agent-42", SECRET.toBase32()));
    assertEquals(
        "sealed secret of account \"agent-42\": not a plain-text secret (expected prefix"
            + " \"plain:\")",
        foreign.getMessage());
    SealedSecretException broken =
        assertThrows(
            SealedSecretException.class, () -> plain.open("agent-42", "plain:JBSWY3DPEHPK3PX1"));
    assertEquals(
        "sealed secret of account \"agent-42\": secret: invalid Base32 character '1' at index 15",
        broken.getMessage());
    assertFalse(broken.getMessage().contains("JBSW"));
    assertEquals(InvalidSecretException.class, broken.getCause().getClass());
  }
}
