package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plain-text sealer, the only implementation the interface itself provides. */
final class SecretSealerTest {
  private static final Secret SECRET = Secret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
  private static final byte[] BINDING = "agent-42/secret".getBytes(StandardCharsets.UTF_8);

  @Test
  void insecurePlainText_isOneInstance() {
    assertSame(SecretSealer.insecurePlainText(), SecretSealer.insecurePlainText());
    assertEquals("SecretSealer.insecurePlainText()", SecretSealer.insecurePlainText().toString());
  }

  @Test
  void insecurePlainText_storesTheValueReadablyAndRefusesAnotherBinding() {
    SecretSealer plain = SecretSealer.insecurePlainText();
    String sealed = plain.seal(SECRET.copyBytes(), BINDING);
    assertTrue(sealed.startsWith("plain:SGVsbG8h3q2-70hlbGxvId6tvu8."), sealed);
    assertArrayEquals(SECRET.copyBytes(), plain.open(sealed, BINDING));
    SealedSecretException e =
        assertThrows(
            SealedSecretException.class,
            () -> plain.open(sealed, "agent-7/secret".getBytes(StandardCharsets.UTF_8)));
    assertEquals("plain-text value of another account, purpose or enrollment", e.getMessage());
    assertTrue(plain.isCurrent(sealed));
    assertEquals(Optional.empty(), plain.keyId(sealed));
  }

  @Test
  void insecurePlainText_readsTheBase32OfVersion01WithAnyBinding() {
    SecretSealer plain = SecretSealer.insecurePlainText();
    assertArrayEquals(
        SECRET.copyBytes(), plain.open("plain:JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", new byte[0]));
  }

  @Test
  void insecurePlainText_refusesOtherTextWithoutShowingIt() {
    SecretSealer plain = SecretSealer.insecurePlainText();
    SealedSecretException foreign =
        assertThrows(SealedSecretException.class, () -> plain.open(SECRET.toBase32(), BINDING));
    assertEquals("not a plain-text value (expected prefix \"plain:\")", foreign.getMessage());
    SealedSecretException broken =
        assertThrows(
            SealedSecretException.class, () -> plain.open("plain:JBSWY3DPEHPK3PX1", BINDING));
    assertEquals(
        "malformed plain-text secret: secret: invalid Base32 character '1' at index 15",
        broken.getMessage());
    assertFalse(broken.getMessage().contains("JBSW"));
    assertEquals(InvalidSecretException.class, broken.getCause().getClass());
  }

  @Test
  void defaults_sayEveryTextIsCurrentAndEveryKeyIsThere() {
    SecretSealer minimal =
        new SecretSealer() {
          @Override
          public String seal(byte[] plaintext, byte[] associatedData) {
            return "x";
          }

          @Override
          public byte[] open(String sealed, byte[] associatedData) {
            return new byte[0];
          }
        };
    assertTrue(minimal.isCurrent("x"));
    assertTrue(minimal.hasKey("k1"));
    assertEquals(Optional.empty(), minimal.keyId("x"));
  }
}
