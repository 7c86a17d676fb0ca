package dev.twofactor.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of {@link QrCode#of(String)} with text from outside: a scanner's decoder
 * reads back exactly the text from the modules, or the text is empty, has an unpaired surrogate or
 * is too long, and the {@link IllegalArgumentException} does not show it.
 *
 * <p>The raw input is read as UTF-8 (malformed bytes become U+FFFD), or, after a first 0 byte, as
 * UTF-16BE, which reaches every {@code char}, unpaired surrogates included.
 */
final class QrCodeFuzzTest {
  /** A version 40 code at level M holds 2331 bytes; less the mode, ECI and length headers. */
  private static final int FITS_ALWAYS = 2_320;

  @FuzzTest(maxDuration = "30s")
  void of_encodesWhatAScannerReadsBackOrRefusesWithoutShowingIt(byte[] input) {
    String text = text(input);
    QrCode qr;
    try {
      qr = QrCode.of(text);
    } catch (IllegalArgumentException e) {
      boolean wellFormed =
          text.codePoints()
              .noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
      assertTrue(
          text.isEmpty()
              || !wellFormed
              || text.getBytes(StandardCharsets.UTF_8).length > FITS_ALWAYS,
          e.toString());
      if (text.length() >= 8) {
        assertFalse(String.valueOf(e.getMessage()).contains(text), e.getMessage());
      }
      return;
    }
    assertEquals(text, Scan.symbol(qr));
  }

  private static String text(byte[] input) {
    if (input.length > 0 && input[0] == 0) {
      char[] chars = new char[(input.length - 1) / 2];
      ByteBuffer.wrap(input, 1, chars.length * 2).asCharBuffer().get(chars);
      return new String(chars);
    }
    return new String(input, StandardCharsets.UTF_8);
  }
}
