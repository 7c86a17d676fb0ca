package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The payload of a pending secret: its code parameters in ASCII, a zero byte, then the key. */
final class CodeParametersTest {
  private static final Secret SECRET = Secret.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");

  private static byte[] payload(String detail) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(detail.getBytes(StandardCharsets.US_ASCII));
    out.write(0);
    out.writeBytes(SECRET.copyBytes());
    return out.toByteArray();
  }

  private static void assertMalformed(String message, byte[] payload) {
    SealedSecretException e =
        assertThrows(SealedSecretException.class, () -> CodeParameters.fromPayload(payload));
    assertEquals(message, e.getMessage());
  }

  @Test
  void withSecret_isReadBackByFromPayloadAndSecretOf() {
    CodeParameters parameters = new CodeParameters(Algorithm.SHA512, 8, 60);
    byte[] payload = parameters.withSecret(SECRET);
    assertArrayEquals(payload("SHA512:8:60"), payload);
    assertEquals(parameters, CodeParameters.fromPayload(payload));
    assertEquals(SECRET, CodeParameters.secretOf(payload));
  }

  @Test
  void fromPayload_acceptsDigitsAndPeriodsAtTheEdgesOfTheirRanges() {
    assertEquals(
        new CodeParameters(Algorithm.SHA1, 6, 1), CodeParameters.fromPayload(payload("SHA1:6:1")));
    assertEquals(
        new CodeParameters(Algorithm.SHA256, 10, 86_400),
        CodeParameters.fromPayload(payload("SHA256:10:86400")));
  }

  @Test
  void fromPayload_refusesDigitsAndPeriodsOutsideTheirRanges() {
    String message = "malformed pending secret: no valid code parameters";
    for (String detail :
        new String[] {
          "SHA1:5:30",
          "SHA1:11:30",
          "SHA1:6:0",
          "SHA1:6:86401",
          "SHA1:6:-1",
          "SHA1:+6:30",
          "sha1:6:30",
          "MD5:6:30",
          "SHA1:6",
          "SHA1:6:30:1",
          ""
        }) {
      assertMalformed(message, payload(detail));
    }
  }

  @Test
  void fromPayload_looksForTheZeroByteInTheFirst32BytesOnly() {
    // 31 bytes of parameters, the zero byte at index 31: read.
    String detail31 = "SHA1:" + "0".repeat(19) + "6:00030";
    assertEquals(31, detail31.length());
    assertEquals(
        new CodeParameters(Algorithm.SHA1, 6, 30), CodeParameters.fromPayload(payload(detail31)));
    // 32 bytes, the zero byte at index 32: refused, as a payload without one is.
    String detail32 = "SHA1:" + "0".repeat(19) + "6:000030";
    assertMalformed("malformed pending secret: no code parameters", payload(detail32));
    assertMalformed(
        "malformed pending secret: no code parameters",
        "SHA1:6:30".getBytes(StandardCharsets.US_ASCII));
    assertMalformed("malformed pending secret: no code parameters", new byte[0]);
  }

  @Test
  void secretOf_refusesAKeyThatIsNoSecret() {
    byte[] payload = {'S', 'H', 'A', '1', ':', '6', ':', '3', '0', 0, 1, 2, 3};
    SealedSecretException e =
        assertThrows(SealedSecretException.class, () -> CodeParameters.secretOf(payload));
    assertEquals(
        "malformed pending secret: key must be at least 10 bytes (80 bits): 3", e.getMessage());
  }
}
