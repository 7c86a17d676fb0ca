package dev.twofactor.qr;

/**
 * Writes a module matrix as lines of Unicode half blocks, two module rows per line.
 *
 * <p>A terminal cell is about twice as tall as it is wide, so its upper and lower halves are two
 * square modules. The glyphs ({@code ▀ ▄ █}) are drawn in the terminal's text colour and the space
 * shows its background. For a dark terminal (light text) the glyphs stand for the light modules,
 * the quiet zone included, so that the code appears dark on light as scanners expect; inverted, for
 * a light terminal, they stand for the dark modules.
 */
final class TerminalText {
  private static final char UPPER_HALF = '\u2580';
  private static final char LOWER_HALF = '\u2584';
  private static final char FULL = '\u2588';

  private TerminalText() {}

  static String render(ModuleMatrix matrix, int quietZone, boolean inverted) {
    int size = matrix.dimension() + 2 * quietZone;
    int lines = (size + 1) / 2;
    StringBuilder text = new StringBuilder(lines * (size + 1));
    for (int line = 0; line < lines; line++) {
      int top = 2 * line;
      for (int x = 0; x < size; x++) {
        boolean upper = glyph(matrix, quietZone, size, x, top, inverted);
        boolean lower = glyph(matrix, quietZone, size, x, top + 1, inverted);
        text.append(upper ? (lower ? FULL : UPPER_HALF) : (lower ? LOWER_HALF : ' '));
      }
      text.append('\n');
    }
    return text.toString();
  }

  /**
   * Whether the module at ({@code x}, {@code y}) of the image, quiet zone included, is drawn with
   * the text colour; the half row below an image of odd size is left to the background.
   */
  private static boolean glyph(
      ModuleMatrix matrix, int quietZone, int size, int x, int y, boolean inverted) {
    if (y >= size) {
      return false;
    }
    boolean dark = matrix.isDark(x - quietZone, y - quietZone);
    return dark == inverted;
  }
}
