package dev.twofactor.qr;

import com.google.zxing.qrcode.encoder.ByteMatrix;

/** The dark and light modules of a QR symbol, without its quiet zone; immutable. */
final class ModuleMatrix {
  private final int dimension;
  private final boolean[] dark;

  private ModuleMatrix(int dimension, boolean[] dark) {
    this.dimension = dimension;
    this.dark = dark;
  }

  /** Copies ZXing's matrix, whose cells are 1 for dark and 0 for light once it is complete. */
  static ModuleMatrix copyOf(ByteMatrix matrix) {
    int dimension = matrix.getWidth();
    boolean[] dark = new boolean[dimension * dimension];
    byte[][] rows = matrix.getArray();
    for (int y = 0; y < dimension; y++) {
      for (int x = 0; x < dimension; x++) {
        dark[y * dimension + x] = rows[y][x] == 1;
      }
    }
    return new ModuleMatrix(dimension, dark);
  }

  /** Modules on each side of the symbol: 21 for version 1, up to 177 for version 40. */
  int dimension() {
    return dimension;
  }

  /** Whether the module at column {@code x}, row {@code y} is dark; outside the symbol is light. */
  boolean isDark(int x, int y) {
    return x >= 0 && y >= 0 && x < dimension && y < dimension && dark[y * dimension + x];
  }

  /**
   * Returns the column of the first dark module at or after column {@code x} of row {@code y}, or
   * {@link #dimension()} if there is none.
   */
  int nextDark(int x, int y) {
    int column = x;
    while (column < dimension && !dark[y * dimension + column]) {
      column++;
    }
    return column;
  }

  /**
   * Returns the column after the run of dark modules that starts at column {@code x}, row {@code
   * y}.
   */
  int endOfRun(int x, int y) {
    int column = x;
    while (column < dimension && dark[y * dimension + column]) {
      column++;
    }
    return column;
  }
}
