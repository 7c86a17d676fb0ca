package dev.twofactor.qr;

import dev.twofactor.OtpAuthUri;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * A QR code (ISO/IEC 18004) for one text, with the options to render it as SVG, PNG, a {@code
 * data:} URI or terminal text.
 *
 * <pre>{@code
 * QrCode qr = QrCode.of(uri);       // an OtpAuthUri, or any text: QrCode.of(String)
 * String svg = qr.toSvg();          // inline in a page
 * String src = qr.toDataUri();      // <img src="...">
 * byte[] png = qr.toPng();          // a file or an HTTP response
 * System.out.print(qr.toTerminalString());
 * }</pre>
 *
 * <p>ZXing's encoder computes the module matrix once, when the code is created, at the smallest
 * version (1 to 40) that holds the text at the chosen error-correction level. Everything after that
 * is written by this class, without AWT: the PNG with {@link java.util.zip.Deflater}, the SVG and
 * the terminal text as strings. ASCII text, such as every otpauth URI, is encoded exactly as it is,
 * without ECI: in one segment (numeric, alphanumeric or byte mode), or, where that needs a smaller
 * version, in several, so that the run of Base32 characters of a secret takes alphanumeric mode's
 * 5.5 bits a character instead of 8 (ZXing's compact encoder; the version is then the same as
 * qrencode's or smaller). Any other text is encoded as UTF-8 in one byte segment behind an ECI
 * designator, so that a decoder does not have to guess its character set. Either way a reader gets
 * the text back exactly.
 *
 * <p>Instances are immutable and thread-safe. The {@code with…} methods return a copy with one
 * rendering option changed and reuse the matrix; they validate their argument at once, and the
 * {@code to…} methods do not throw.
 *
 * <p><b>Security note:</b> the code of an enrollment URI contains the shared secret. Render it in
 * the host application's own process, as this class does, and never through a third-party chart
 * service; serve it with {@code Cache-Control: no-store}; do not log the PNG, the SVG or the data
 * URI. This object keeps the module matrix, which encodes the secret as the image does, but not the
 * text; {@link #toString()} shows only the version, level and size. The SVG title is never taken
 * from the text: it is "QR code for two-factor enrollment" for an otpauth URI and "QR code"
 * otherwise, or what {@link #withTitle(String)} sets.
 */
public final class QrCode {
  /** The quiet zone that ISO/IEC 18004 requires around a QR code, in modules; the default. */
  public static final int MIN_QUIET_ZONE = 4;

  /** The widest quiet zone accepted, in modules. */
  public static final int MAX_QUIET_ZONE = 64;

  /** The default size of a module, in pixels of the PNG and of the SVG's width and height. */
  public static final int DEFAULT_MODULE_SIZE = 6;

  /** The largest module size accepted, in pixels. */
  public static final int MAX_MODULE_SIZE = 64;

  private static final String ENROLLMENT_TITLE = "QR code for two-factor enrollment";
  private static final String GENERIC_TITLE = "QR code";
  private static final String DEFAULT_DARK = "#000";
  private static final String DEFAULT_LIGHT = "#fff";
  private static final int MAX_KEYWORD_LENGTH = 32;

  private final ModuleMatrix matrix;
  private final ErrorCorrection errorCorrection;
  private final int version;
  private final int quietZone;
  private final int moduleSize;
  private final String dark;
  private final String light;
  private final String title;
  private final boolean invertedTerminal;

  private QrCode(
      ModuleMatrix matrix,
      ErrorCorrection errorCorrection,
      int version,
      int quietZone,
      int moduleSize,
      String dark,
      String light,
      String title,
      boolean invertedTerminal) {
    this.matrix = matrix;
    this.errorCorrection = errorCorrection;
    this.version = version;
    this.quietZone = quietZone;
    this.moduleSize = moduleSize;
    this.dark = dark;
    this.light = light;
    this.title = title;
    this.invertedTerminal = invertedTerminal;
  }

  /**
   * Encodes text at error-correction level {@link ErrorCorrection#M}, with a quiet zone of 4
   * modules, modules of 6 pixels, black on white.
   *
   * @param text the text, usually an otpauth URI; any well-formed Unicode text
   * @return the QR code
   * @throws IllegalArgumentException if the text is empty, has an unpaired surrogate, or is longer
   *     than a version 40 code holds at level M (the message names its length and the limit)
   */
  public static QrCode of(String text) {
    return of(text, ErrorCorrection.M);
  }

  /**
   * Encodes text at the given error-correction level, with a quiet zone of 4 modules, modules of 6
   * pixels, black on white.
   *
   * @param text the text, usually an otpauth URI; any well-formed Unicode text
   * @param errorCorrection the error-correction level
   * @return the QR code
   * @throws IllegalArgumentException if the text is empty, has an unpaired surrogate, or is longer
   *     than a version 40 code holds at that level (the message names its length and the limit)
   */
  public static QrCode of(String text, ErrorCorrection errorCorrection) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(errorCorrection, "errorCorrection");
    Encoding.Encoded encoded = Encoding.encode(text, errorCorrection);
    String title =
        text.regionMatches(true, 0, "otpauth:", 0, "otpauth:".length())
            ? ENROLLMENT_TITLE
            : GENERIC_TITLE;
    return new QrCode(
        encoded.matrix(),
        errorCorrection,
        encoded.version(),
        MIN_QUIET_ZONE,
        DEFAULT_MODULE_SIZE,
        DEFAULT_DARK,
        DEFAULT_LIGHT,
        title,
        false);
  }

  /**
   * Encodes an enrollment URI ({@link OtpAuthUri#toUriString()}) at error-correction level {@link
   * ErrorCorrection#M}, with a quiet zone of 4 modules, modules of 6 pixels, black on white.
   *
   * <p>The URI's text is ASCII, its names percent-encoded, so the code carries no ECI and every
   * scanner reads it the same way. The SVG title is "QR code for two-factor enrollment".
   *
   * @param uri the enrollment URI; the code contains its secret
   * @return the QR code
   * @throws IllegalArgumentException if the URI is longer than a version 40 code holds at level M
   *     (only with issuer and account names of several hundred characters)
   */
  public static QrCode of(OtpAuthUri uri) {
    return of(uri, ErrorCorrection.M);
  }

  /**
   * Encodes an enrollment URI ({@link OtpAuthUri#toUriString()}) at the given error-correction
   * level, with a quiet zone of 4 modules, modules of 6 pixels, black on white.
   *
   * @param uri the enrollment URI; the code contains its secret
   * @param errorCorrection the error-correction level
   * @return the QR code
   * @throws IllegalArgumentException if the URI is longer than a version 40 code holds at that
   *     level
   */
  public static QrCode of(OtpAuthUri uri, ErrorCorrection errorCorrection) {
    Objects.requireNonNull(uri, "uri");
    return of(uri.toUriString(), errorCorrection);
  }

  /**
   * Returns a copy with another quiet zone, the light margin that scanners need to find the code.
   *
   * @param modules the width of the margin on each side, in modules, 4 to 64; ISO/IEC 18004
   *     requires at least 4
   * @return a copy with that quiet zone
   * @throws IllegalArgumentException if {@code modules} is outside 4 to 64
   */
  public QrCode withQuietZone(int modules) {
    if (modules < MIN_QUIET_ZONE || modules > MAX_QUIET_ZONE) {
      throw new IllegalArgumentException(
          "quietZone must be between "
              + MIN_QUIET_ZONE
              + " and "
              + MAX_QUIET_ZONE
              + " modules: "
              + modules);
    }
    return copy(modules, moduleSize, dark, light, title, invertedTerminal);
  }

  /**
   * Returns a copy with another module size for {@link #toPng()} and for the {@code width} and
   * {@code height} of {@link #toSvg()}.
   *
   * <p>One pixel per module gives the smallest PNG (a few hundred bytes); a page then scales it up
   * with CSS {@code image-rendering: pixelated}, which keeps the edges sharp.
   *
   * @param pixels the side of a module in pixels, 1 to 64
   * @return a copy with that module size
   * @throws IllegalArgumentException if {@code pixels} is outside 1 to 64
   */
  public QrCode withModuleSize(int pixels) {
    if (pixels < 1 || pixels > MAX_MODULE_SIZE) {
      throw new IllegalArgumentException(
          "moduleSize must be between 1 and " + MAX_MODULE_SIZE + " pixels: " + pixels);
    }
    return copy(quietZone, pixels, dark, light, title, invertedTerminal);
  }

  /**
   * Returns a copy with other colours for {@link #toSvg()}; the PNG stays black on white.
   *
   * <p>A colour is a hex colour ({@code #000}, {@code #0008}, {@code #000000}, {@code #00000080})
   * or a CSS colour keyword of ASCII letters ({@code black}, {@code transparent}, {@code
   * currentColor}). Scanners need strong contrast and most expect dark on light: a light colour for
   * {@code dark} gives a code that many apps cannot read.
   *
   * @param dark the colour of the dark modules
   * @param light the colour of the light modules and the quiet zone
   * @return a copy with those colours
   * @throws IllegalArgumentException if a colour is neither a hex colour nor a keyword
   */
  public QrCode withColors(String dark, String light) {
    checkColor("dark", dark);
    checkColor("light", light);
    return copy(quietZone, moduleSize, dark, light, title, invertedTerminal);
  }

  /**
   * Returns a copy with another accessible title for {@link #toSvg()}, for example in the page's
   * language.
   *
   * <p><b>Security note:</b> the title is visible to anyone who reads the page or the SVG file;
   * never put the URI, the secret or anything taken from them in it.
   *
   * @param title the title, not blank, without characters that XML forbids (control characters
   *     other than tab, line feed and carriage return, unpaired surrogates, U+FFFE, U+FFFF)
   * @return a copy with that title
   * @throws IllegalArgumentException if the title is blank or has a character XML forbids
   */
  public QrCode withTitle(String title) {
    Objects.requireNonNull(title, "title");
    if (title.isBlank()) {
      throw new IllegalArgumentException("title must not be blank");
    }
    for (int i = 0; i < title.length(); i++) {
      char c = title.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < title.length()
              && Character.isLowSurrogate(title.charAt(i + 1));
      if (pair) {
        i++;
      } else if (!isXmlChar(c)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "title must contain only characters allowed in XML: U+%04X at index %d",
                (int) c,
                i));
      }
    }
    return copy(quietZone, moduleSize, dark, light, title, invertedTerminal);
  }

  /**
   * Returns a copy whose {@link #toTerminalString()} is for a light terminal (dark text on a light
   * background) if {@code inverted}, or for a dark terminal, the default, if not.
   *
   * @param inverted whether the half blocks stand for the dark modules instead of the light ones
   * @return a copy with that terminal rendering
   */
  public QrCode withInvertedTerminal(boolean inverted) {
    return copy(quietZone, moduleSize, dark, light, title, inverted);
  }

  /**
   * Returns the error-correction level.
   *
   * @return the level the code was encoded at
   */
  public ErrorCorrection errorCorrection() {
    return errorCorrection;
  }

  /**
   * Returns the QR version, which fixes the number of modules: {@code 17 + 4 × version} on a side.
   *
   * @return the version, 1 to 40: the smallest that holds the text at the level, in one segment or,
   *     for ASCII text, in segments of several modes
   */
  public int version() {
    return version;
  }

  /**
   * Returns the number of modules on each side, quiet zone included: the width and height of the
   * PNG in pixels at one pixel per module, of the SVG {@code viewBox}, and of the terminal text in
   * characters.
   *
   * @return {@code 17 + 4 × version() + 2 × quietZone}
   */
  public int size() {
    return matrix.dimension() + 2 * quietZone;
  }

  /**
   * Returns whether a module is dark, for rendering the code in another format.
   *
   * @param x the column, 0 to {@code size() - 1}, quiet zone included
   * @param y the row, 0 to {@code size() - 1}, quiet zone included
   * @return whether the module is dark; the quiet zone is light
   * @throws IndexOutOfBoundsException if {@code x} or {@code y} is outside 0 to {@code size() - 1}
   */
  public boolean isDark(int x, int y) {
    Objects.checkIndex(x, size());
    Objects.checkIndex(y, size());
    return matrix.isDark(x - quietZone, y - quietZone);
  }

  /**
   * Renders the code as an SVG document: one {@code <path>} for the dark modules over a {@code
   * <rect>} for the light ones, a {@code viewBox} in modules, {@code width} and {@code height} in
   * pixels ({@code size() ×} the module size), {@code shape-rendering= "crispEdges"} and a {@code
   * <title>}.
   *
   * <p>The document has no XML declaration, so that it can be put inline in HTML as it is, or be
   * saved as a UTF-8 {@code .svg} file.
   *
   * @return the SVG document
   */
  public String toSvg() {
    return Svg.render(matrix, quietZone, moduleSize, dark, light, title);
  }

  /**
   * Renders the code as a 1-bit grayscale PNG, black on white, {@code size() ×} the module size
   * pixels wide and high.
   *
   * <p>It is never larger than what the JDK's ImageIO writes for the same pixels (its image data is
   * compressed the same way, byte for byte); a typical enrollment URI takes about 830 bytes at 7
   * pixels per module and under 400 bytes at one pixel per module.
   *
   * @return the PNG file
   */
  public byte[] toPng() {
    return Png.encode(matrix, quietZone, moduleSize);
  }

  /**
   * Renders the code as a PNG {@code data:} URI for the {@code src} of an {@code <img>}: {@code
   * data:image/png;base64,…}.
   *
   * @return the data URI, ASCII only
   */
  public String toDataUri() {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(toPng());
  }

  /**
   * Renders the code as an SVG {@code data:} URI: {@code data:image/svg+xml;base64,…} of the UTF-8
   * document of {@link #toSvg()}.
   *
   * <p>Base64 rather than percent-encoding: it is about a fifth longer, but it is safe as it is in
   * an HTML attribute with either quote, in CSS {@code url()} and in JSON, with no escaping rule to
   * get wrong.
   *
   * @return the data URI, ASCII only
   */
  public String toSvgDataUri() {
    return "data:image/svg+xml;base64,"
        + Base64.getEncoder().encodeToString(toSvg().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Renders the code as terminal text: Unicode half blocks ({@code ▀ ▄ █} and space), two module
   * rows per line, quiet zone included, each line ending with {@code '\n'}.
   *
   * <p>The glyphs take the terminal's text colour. By default they draw the light modules, for a
   * terminal with light text on a dark background, so that a phone sees dark modules on a light
   * quiet zone; {@link #withInvertedTerminal(boolean)} draws the dark modules instead, for a light
   * terminal. Print it with a font whose block glyphs fill the cell (most terminal fonts do) and no
   * line spacing.
   *
   * @return {@code (size() + 1) / 2} lines of {@code size()} characters
   */
  public String toTerminalString() {
    return TerminalText.render(matrix, quietZone, invertedTerminal);
  }

  /**
   * Describes the code without its content.
   *
   * @return for example {@code QrCode[version=6, errorCorrection=M, size=49]}
   */
  @Override
  public String toString() {
    return "QrCode[version="
        + version
        + ", errorCorrection="
        + errorCorrection
        + ", size="
        + size()
        + "]";
  }

  private QrCode copy(
      int quietZone,
      int moduleSize,
      String dark,
      String light,
      String title,
      boolean invertedTerminal) {
    return new QrCode(
        matrix,
        errorCorrection,
        version,
        quietZone,
        moduleSize,
        dark,
        light,
        title,
        invertedTerminal);
  }

  private static void checkColor(String name, String color) {
    Objects.requireNonNull(color, name);
    if (!isHexColor(color) && !isKeyword(color)) {
      throw new IllegalArgumentException(
          name
              + " must be a hex color (#000, #000000) or a color keyword (black): \""
              + color
              + "\"");
    }
  }

  private static boolean isHexColor(String color) {
    int digits = color.length() - 1;
    if (!color.startsWith("#") || (digits != 3 && digits != 4 && digits != 6 && digits != 8)) {
      return false;
    }
    for (int i = 1; i < color.length(); i++) {
      char c = color.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return false;
      }
    }
    return true;
  }

  private static boolean isKeyword(String color) {
    if (color.isEmpty() || color.length() > MAX_KEYWORD_LENGTH) {
      return false;
    }
    for (int i = 0; i < color.length(); i++) {
      char c = color.charAt(i);
      if ((c < 'a' || c > 'z') && (c < 'A' || c > 'Z')) {
        return false;
      }
    }
    return true;
  }

  /** Whether XML 1.0 allows a character that is not part of a surrogate pair (§2.2). */
  private static boolean isXmlChar(char c) {
    return c == '\t'
        || c == '\n'
        || c == '\r'
        || (c >= 0x20 && c <= 0xd7ff)
        || (c >= 0xe000 && c <= 0xfffd);
  }
}
