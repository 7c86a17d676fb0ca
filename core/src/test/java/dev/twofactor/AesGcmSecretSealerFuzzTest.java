package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Coverage-guided fuzzing of {@link AesGcmSecretSealer#open} with associated data (here the UTF-8
 * of an account id) and a sealed text read from a database: it opens only what it sealed with that
 * associated data, throws {@link SealedSecretException} otherwise, and shows neither the secret nor
 * the key; and every value seals and opens back.
 */
final class AesGcmSecretSealerFuzzTest {
  private static final byte[] KEY =
      HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  private static final byte[] OLD_KEY =
      HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100");
  private static final Secret SECRET = Secret.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  private static final AesGcmSecretSealer SEALER =
      AesGcmSecretSealer.builder().currentKey("k1", KEY).previousKey("k0", OLD_KEY).build();

  @FuzzTest(maxDuration = "30s")
  @DictionaryEntries({"aes-gcm:", "k1:", "k0:", "agent-42", "-", "_", "="})
  void open_opensOnlyWhatItSealedAndShowsNoSecret(byte[] input) {
    List<String> fields = FuzzInput.fields(input, 2);
    String account = fields.get(0);
    String sealed = fields.get(1);
    byte[] binding = account.getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(
        SECRET.copyBytes(), SEALER.open(SEALER.seal(SECRET.copyBytes(), binding), binding));
    byte[] opened;
    try {
      opened = SEALER.open(sealed, binding);
    } catch (SealedSecretException e) {
      // The message names the account and the key id, so it may show what they happen to contain.
      String given = (account + "\n" + sealed).toLowerCase(Locale.ROOT);
      String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      for (String hidden :
          List.of(
              SECRET.toBase32().toLowerCase(Locale.ROOT),
              HexFormat.of().formatHex(SECRET.copyBytes()),
              HexFormat.of().formatHex(KEY))) {
        if (!given.contains(hidden)) {
          assertFalse(message.contains(hidden), message);
        }
      }
      return;
    }
    // Only SECRET is ever sealed under these keys (the seed corpus holds such texts).
    assertArrayEquals(SECRET.copyBytes(), opened);
  }
}
