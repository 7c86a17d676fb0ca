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
 * Turns text into a module matrix with ZXing's encoder, choosing the character set, the segments
 * and the version here so that the text decodes back exactly, the code is as small as a standard
 * encoder makes it, and the capacity error can name its limit.
 *
 * <p>ASCII text is given to ZXing without a character set: byte mode then carries ISO-8859-1, whose
 * first 128 code points are ASCII, without an ECI header, which every decoder reads the same way.
 * By default ZXing writes one segment in the one mode that fits every character (numeric,
 * alphanumeric or byte). When segments in several modes need a smaller version (in an otpauth URI
 * the Base32 secret is a long run of alphanumeric characters), ZXing's {@link
 * EncodeHintType#QR_COMPACT} encoder writes them instead: it finds the shortest sequence of
 * numeric, alphanumeric and byte segments. It is used only then, because it costs about a third of
 * the encoding time more; whether it helps is computed here first, exactly and cheaply, with the
 * same shortest-sequence rule ({@link #mixedBits}).
 *
 * <p>Any other text is encoded as UTF-8 in one byte segment behind an ECI designator 26 (UTF-8), so
 * that a decoder does not have to guess between ISO-8859-1, Shift_JIS and UTF-8; mixed segments are
 * not used for it, because ZXing's compact encoder would switch character sets and use Kanji mode,
 * which decoders handle less uniformly.
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
    if (!encoding.utf8) {
      int mixed = smallestMixedVersion(text, level.zxing());
      if (mixed != 0 && (version == 0 || mixed < version)) {
        return encodeCompact(text, level, mixed);
      }
    }
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

  /** Encodes ASCII text in mixed segments with ZXing's compact encoder, which picks the version. */
  private static Encoded encodeCompact(String text, ErrorCorrection level, int expectedVersion) {
    QRCode code;
    try {
      code = Encoder.encode(text, level.zxing(), Map.of(EncodeHintType.QR_COMPACT, Boolean.TRUE));
    } catch (WriterException e) {
      // The text fits at expectedVersion, by the same bit counts: this is a bug, not bad input.
      throw new IllegalStateException(
          "QR encoder refused "
              + text.length()
              + " ASCII characters in mixed segments at version "
              + expectedVersion
              + "-"
              + level,
          e);
    }
    return new Encoded(ModuleMatrix.copyOf(code.getMatrix()), code.getVersion().getVersionNumber());
  }

  /**
   * The smallest version (1 to 40) that holds ASCII text at the level in the shortest sequence of
   * numeric, alphanumeric and byte segments, or 0 if none does. The width of the character counts
   * depends on the version class (1-9, 10-26, 27-40), so each class is computed on its own.
   */
  static int smallestMixedVersion(String text, ErrorCorrectionLevel level) {
    int[] classEnds = {9, 26, LAST_VERSION};
    int first = 1;
    for (int last : classEnds) {
      int bits = mixedBits(text, Version.getVersionForNumber(last));
      for (int number = first; number <= last; number++) {
        if (bits <= dataBits(Version.getVersionForNumber(number), level)) {
          return number;
        }
      }
      first = last + 1;
    }
    return 0;
  }

  /**
   * The fewest bits that encode ASCII text in segments of numeric, alphanumeric and byte mode, at
   * the character-count widths of a version (ISO/IEC 18004 §7.4): a shortest path over the
   * characters whose states are the mode of the current segment and, for numeric and alphanumeric,
   * how many characters of its current group of 3 or 2 are already written. A new segment costs a
   * 4-bit mode indicator and the count; then a digit costs 4, 3, 3 bits (10 for three), an
   * alphanumeric character 6, 5 (11 for two), a byte 8.
   */
  static int mixedBits(String text, Version version) {
    int numericHeader = MODE_INDICATOR_BITS + Mode.NUMERIC.getCharacterCountBits(version);
    int alphanumericHeader = MODE_INDICATOR_BITS + Mode.ALPHANUMERIC.getCharacterCountBits(version);
    int byteHeader = MODE_INDICATOR_BITS + Mode.BYTE.getCharacterCountBits(version);
    int unreachable = Integer.MAX_VALUE / 2;
    // States: a numeric segment with 0, 1 or 2 digits of its current group written; an
    // alphanumeric one with 0 or 1 character of its current pair; a byte segment. "0 written"
    // means a group was just completed (or, before the first character, nothing is written).
    int n0 = unreachable;
    int n1 = unreachable;
    int n2 = unreachable;
    int a0 = unreachable;
    int a1 = unreachable;
    int b = unreachable;
    boolean first = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int before = first ? 0 : min(n0, n1, n2, a0, a1, b);
      int nextN0 = unreachable;
      int nextN1 = unreachable;
      int nextN2 = unreachable;
      int nextA0 = unreachable;
      int nextA1 = unreachable;
      if (c >= '0' && c <= '9') {
        // Continue a numeric segment, or start one.
        nextN1 = Math.min(n0 + 4, before + numericHeader + 4);
        nextN2 = n1 + 3;
        nextN0 = n2 + 3;
      }
      if (isAlphanumeric(c)) {
        nextA1 = Math.min(a0 + 6, before + alphanumericHeader + 6);
        nextA0 = a1 + 5;
      }
      int nextB = Math.min(b + 8, before + byteHeader + 8);
      n0 = nextN0;
      n1 = nextN1;
      n2 = nextN2;
      a0 = nextA0;
      a1 = nextA1;
      b = nextB;
      first = false;
    }
    return min(n0, n1, n2, a0, a1, b);
  }

  /** The 45 characters of alphanumeric mode: digits, upper-case letters and {@code $%*+-./:}. */
  private static boolean isAlphanumeric(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || " $%*+-./:".indexOf(c) >= 0;
  }

  private static int min(int a, int b, int c, int d, int e, int f) {
    return Math.min(Math.min(Math.min(a, b), Math.min(c, d)), Math.min(e, f));
  }

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
