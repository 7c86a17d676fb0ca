package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import javax.crypto.Mac;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class AlgorithmTest {
  @ParameterizedTest
  @CsvSource({
    "SHA1, SHA1", "sha1, SHA1", "SHA-1, SHA1", "sha-1, SHA1", "HmacSHA1, SHA1",
    "SHA256, SHA256", "sha256, SHA256", "SHA-256, SHA256", "Sha-256, SHA256", "hmacsha256, SHA256",
    "SHA512, SHA512", "sha512, SHA512", "SHA-512, SHA512"
  })
  void fromName_readsAnyCaseAndDashes(String name, Algorithm expected) {
    assertEquals(expected, Algorithm.fromName(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "MD5", "SHA384", "SHA-3", "ſha1", "SHA1 ", "SHA\u0131"})
  void fromName_rejectsOtherNames(String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Algorithm.fromName(name));
    assertEquals("algorithm must be one of SHA1, SHA256, SHA512: \"" + name + "\"", e.getMessage());
  }

  @Test
  void macLength_matchesTheJdkMac() throws Exception {
    for (Algorithm algorithm : Algorithm.values()) {
      assertEquals(Mac.getInstance(algorithm.macAlgorithm()).getMacLength(), algorithm.macLength());
      assertEquals(algorithm.name(), algorithm.uriName());
    }
  }
}
