package dev.twofactor.qr;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.decoder.Mode;
import com.google.zxing.qrcode.decoder.Version;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns text into a module matrix with ZXing's encoder, choosing the character set and the version
 * here so that the text decodes back exactly and the capacity error can name its limit.
 *
 * <p>ZXing writes one segment. ASCII text is given to it without a character set: it then picks
 * numeric, alphanumeric or byte mode, and byte mode carries ISO-8859-1, whose first 128 code points
 * are ASCII, without an ECI header, which every decoder reads the same way. Any other text is
 * encoded as UTF-8 in byte mode behind an ECI designator 26 (UTF-8), so that a decoder does not
 * have to guess between ISO-8859-1, Shift_JIS and UTF-8.
 */
final class Encoding {
  private static final int LAST_VERSION = 40;
  private static final int MODE_INDICATOR_BITS = 4;

  /** An ECI header: the 4-bit ECI mode indicator and one 8-bit designator (26 is below 128). */
  private static final int ECI_HEADER_BITS = 4 + 8;

  private final Mode mode;
  private final boolean utf8;

  /** In bytes for byte mode, in characters otherwise: what the character count indicator counts. */
  private final int length;

  private Encoding(Mode mode, boolean utf8, int length) {
    this.mode = mode;
    this.utf8 = utf8;
    this.length = length;
  }

  /**
   * Encodes the text at the smallest version that holds it.
   *
   * @throws IllegalArgumentException if the text is empty, not well-formed UTF-16 or too long
   */
  static Encoded encode(String text, ErrorCorrection level) {
    Encoding encoding = analyse(text);
    int version = encoding.smallestVersion(level.zxing());
    if (version == 0) {
      throw new IllegalArgumentException(encoding.tooLongMessage(level));
    }
    // The version is passed, not left to ZXing: its own choice guesses the width of the character
    // count with version 1 first, and the limit in the error message must be the one enforced.
    Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
    hints.put(EncodeHintType.QR_VERSION, version);
    if (encoding.utf8) {
      hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
    }
    QRCode code;
    try {
      code = Encoder.encode(text, level.zxing(), hints);
    } catch (WriterException e) {
      // The version was computed with ZXing's own bit counts, so this is a bug, not bad input.
      throw new IllegalStateException(
          "QR encoder refused "
              + encoding.describeLength()
              + " at version "
              + version
              + "-"
              + level,
          e);
    }
    return new Encoded(ModuleMatrix.copyOf(code.getMatrix()), version);
  }

  /** A matrix and the version it was encoded at. */
  record Encoded(ModuleMatrix matrix, int version) {}

  private static Encoding analyse(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("text must not be empty");
    }
    boolean ascii = true;
    int utf8Bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        utf8Bytes += 1;
        continue;
      }
      ascii = false;
      if (c < 0x800) {
        utf8Bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        utf8Bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "text must be well-formed UTF-16: unpaired surrogate U+%04X at index %d",
                (int) c,
                i));
      } else {
        utf8Bytes += 3;
      }
    }
    if (!ascii) {
      return new Encoding(Mode.BYTE, true, utf8Bytes);
    }
    // The same choice ZXing makes for text without a character set (ISO-8859-1).
    return new Encoding(Encoder.chooseMode(text), false, text.length());
  }

  /** The smallest version (1 to 40) that holds the text at the level, or 0 if none does. */
  private int smallestVersion(ErrorCorrectionLevel level) {
    for (int number = 1; number <= LAST_VERSION; number++) {
      Version version = Version.getVersionForNumber(number);
      if (bitsNeeded(version) <= dataBits(version, level)) {
        return number;
      }
    }
    return 0;
  }

  /** The longest text of this kind that version 40 holds at the level, in {@link #length} units. */
  private int maxLength(ErrorCorrectionLevel level) {
    Version last = Version.getVersionForNumber(LAST_VERSION);
    int available = dataBits(last, level) - headerBits() - mode.getCharacterCountBits(last);
    return switch (mode) {
      // Three digits in 10 bits, a remainder of two in 7 and of one in 4.
      case NUMERIC ->
          3 * (available / 10) + (available % 10 >= 7 ? 2 : available % 10 >= 4 ? 1 : 0);
      // Two characters in 11 bits, a remainder of one in 6.
      case ALPHANUMERIC -> 2 * (available / 11) + (available % 11 >= 6 ? 1 : 0);
      default -> available / 8;
    };
  }

  private String tooLongMessage(ErrorCorrection level) {
    return "text must be at most "
        + maxLength(level.zxing())
        + " "
        + unit()
        + " to fit a QR code at error correction level "
        + level
        + ": "
        + describeLength();
  }

  private String describeLength() {
    return length + " " + unit();
  }

  private String unit() {
    return switch (mode) {
      case NUMERIC -> "digits";
      case ALPHANUMERIC -> "characters";
      default -> utf8 ? "bytes in UTF-8" : "bytes";
    };
  }

  private int headerBits() {
    return (utf8 ? ECI_HEADER_BITS : 0) + MODE_INDICATOR_BITS;
  }

  private int bitsNeeded(Version version) {
    int payload =
        switch (mode) {
          case NUMERIC -> 10 * (length / 3) + (length % 3 == 2 ? 7 : length % 3 == 1 ? 4 : 0);
          case ALPHANUMERIC -> 11 * (length / 2) + 6 * (length % 2);
          default -> 8 * length;
        };
    return headerBits() + mode.getCharacterCountBits(version) + payload;
  }

  private static int dataBits(Version version, ErrorCorrectionLevel level) {
    return 8
        * (version.getTotalCodewords() - version.getECBlocksForLevel(level).getTotalECCodewords());
  }
}
