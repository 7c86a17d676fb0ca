package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing of {@link Secret#fromBase32}, the reader of keys typed or pasted by
 * people: it accepts or throws {@link InvalidSecretException} with an index inside the text (or -1)
 * and no piece of the key in its message, and what it accepts is written and read back alike.
 */
final class SecretFuzzTest {
  private static final Pattern BASE32_RUN = Pattern.compile("[A-Za-z2-7]{16,}");

  @FuzzTest(maxDuration = "30s")
  @DictionaryEntries({"=", "-", " ", "\t", "======", "JBSWY3DP", "\u0131", "\u0130", "\uff21"})
  void fromBase32_acceptsOrRefusesWithoutShowingTheKey(byte[] input) {
    String text = FuzzInput.text(input);
    Secret secret;
    try {
      secret = Secret.fromBase32(text);
    } catch (InvalidSecretException e) {
      assertTrue(e.index() >= -1 && e.index() <= text.length(), "index " + e.index());
      String message = String.valueOf(e.getMessage()).toUpperCase(Locale.ROOT);
      Matcher run = BASE32_RUN.matcher(text);
      while (run.find()) {
        assertFalse(message.contains(run.group().toUpperCase(Locale.ROOT)), e.getMessage());
      }
      return;
    }
    assertTrue(secret.byteLength() >= Secret.MIN_IMPORTED_BYTES, secret.toString());
    String base32 = secret.toBase32();
    assertEquals(secret, Secret.fromBase32(base32));
    assertEquals(secret, Secret.fromBase32(secret.toGroupedBase32()));
    assertEquals(secret, Secret.fromBase32(base32.toLowerCase(Locale.ROOT)));
    assertEquals(base32, Secret.fromBytes(secret.copyBytes()).toBase32());
    assertFalse(secret.toString().contains(base32), secret.toString());
  }
}
