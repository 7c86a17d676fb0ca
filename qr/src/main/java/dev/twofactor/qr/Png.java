package dev.twofactor.qr;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a module matrix as a 1-bit grayscale PNG (PNG specification, third edition): the
 * signature, IHDR, one IDAT and IEND, each chunk with its CRC-32.
 *
 * <p>Every scanline has filter type 0 (None): the {@code moduleSize} identical scanlines of a
 * module row become long back-references for Deflate. The image data is compressed once, at Deflate
 * level 4 with the default strategy. That is what the JDK's ImageIO PNG writer does with a 1-bit
 * grayscale image (filter None, padding bits of zero, level 4), and Deflate's output does not
 * depend on how its input is handed over, so the image data is byte for byte ImageIO's: the file is
 * never larger than ImageIO's for the same pixels (ImageIO starts a new IDAT chunk every 32 KiB of
 * compressed data; this writes one).
 *
 * <p>Why not smaller: level 6 is 3 to 7 % smaller on most of these images (a typical enrollment
 * code at 7 pixels per module: 781 bytes against 826) but larger on some (in a sample of 150
 * enrollment URIs, a third of the codes at 8 pixels per module, a few at 1, 4 and 5), so a bound
 * would need both levels, and level 6 takes twice as long as level 4 on these repetitive rows: with
 * both, {@code toPng()} took three times as long (BENCHMARKS.md). The Up filter, which turns
 * repeated scanlines into zeros, gives larger files at every level.
 */
final class Png {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] IHDR = "IHDR".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] IDAT = "IDAT".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] IEND = "IEND".getBytes(StandardCharsets.US_ASCII);
  private static final int IHDR_LENGTH = 13;
  private static final int BIT_DEPTH = 1;
  private static final int COLOR_TYPE_GRAYSCALE = 0;
  private static final int FILTER_NONE = 0;

  /** Length, type and CRC around the data of a chunk. */
  private static final int CHUNK_OVERHEAD = 12;

  /** The signature, the IHDR chunk and the length and type of IDAT: what precedes the data. */
  private static final int HEADER_LENGTH = SIGNATURE.length + CHUNK_OVERHEAD + IHDR_LENGTH + 8;

  /** The CRC of IDAT and the IEND chunk: what follows the data. */
  private static final int TRAILER_LENGTH = 4 + CHUNK_OVERHEAD;

  /**
   * The most bytes of scanlines handed to the {@code Deflater} at once. Each hand-over is a native
   * call: one per scanline (a 343-pixel code has 343 scanlines of 44 bytes) took half as long again
   * as the compression itself. A typical code's 15 KB of scanlines go over in one call; the largest
   * images (version 40, quiet zone and module size 64: 48 MB) in pieces of this size.
   */
  private static final int MAX_BATCH = 64 * 1024;

  /** Room for a few hundred bytes of compressed data before a buffer grows. */
  private static final int INITIAL_CAPACITY = 1024;

  /** ImageIO's level: the output is never larger than ImageIO's. */
  private static final int LEVEL = 4;

  private byte[] out = new byte[INITIAL_CAPACITY];
  private int position = HEADER_LENGTH;

  private Png() {}

  /** The image: light modules white (bit 1), dark modules black (bit 0), quiet zone included. */
  static byte[] encode(ModuleMatrix matrix, int quietZone, int moduleSize) {
    int pixels = (matrix.dimension() + 2 * quietZone) * moduleSize;
    byte[] scanline = new byte[1 + (pixels + 7) / 8];
    // At least one scanline; at most the whole image, whose size fits an int (the largest is
    // 19,520 scanlines of 2,441 bytes).
    byte[] batch =
        new byte[Math.min(scanline.length * pixels, Math.max(scanline.length, MAX_BATCH))];
    Png png = new Png();
    Deflater deflater = new Deflater(LEVEL);
    try {
      png.imageData(matrix, quietZone, moduleSize, scanline, batch, deflater);
    } finally {
      deflater.end();
    }
    return png.finish(pixels);
  }

  /**
   * Deflates every scanline, from the position just after the IDAT type: each module row is filled
   * once and copied into the batch for each of its scanlines; a full batch goes to the deflater in
   * one call.
   */
  private void imageData(
      ModuleMatrix matrix,
      int quietZone,
      int moduleSize,
      byte[] scanline,
      byte[] batch,
      Deflater deflater) {
    int modules = matrix.dimension() + 2 * quietZone;
    int filled = 0;
    for (int row = 0; row < modules; row++) {
      fillScanline(scanline, matrix, row - quietZone, quietZone, moduleSize);
      for (int copy = 0; copy < moduleSize; copy++) {
        if (batch.length - filled < scanline.length) {
          deflateBatch(deflater, batch, filled);
          filled = 0;
        }
        System.arraycopy(scanline, 0, batch, filled, scanline.length);
        filled += scanline.length;
      }
    }
    deflateBatch(deflater, batch, filled);
    deflater.finish();
    while (!deflater.finished()) {
      deflate(deflater);
    }
  }

  /** Writes the chunks around the image data and returns the file. */
  private byte[] finish(int pixels) {
    int dataEnd = position;
    ensure(TRAILER_LENGTH);
    position = 0;
    write(SIGNATURE);
    int ihdr = beginChunk(IHDR);
    writeInt(pixels); // width
    writeInt(pixels); // height
    out[position++] = BIT_DEPTH;
    out[position++] = COLOR_TYPE_GRAYSCALE;
    out[position++] = 0; // compression method 0: zlib Deflate
    out[position++] = 0; // filter method 0: a filter type per scanline
    out[position++] = 0; // no interlace
    endChunk(ihdr);
    int idat = beginChunk(IDAT);
    position = dataEnd;
    endChunk(idat);
    endChunk(beginChunk(IEND));
    return Arrays.copyOf(out, position);
  }

  /**
   * Fills one scanline: filter type None, then white except under the dark modules of symbol row
   * {@code y}. Padding bits after the last pixel are 0, as ImageIO writes them; the specification
   * lets them be anything.
   */
  private static void fillScanline(
      byte[] scanline, ModuleMatrix matrix, int y, int quietZone, int moduleSize) {
    scanline[0] = FILTER_NONE;
    Arrays.fill(scanline, 1, scanline.length, (byte) 0xff);
    int dimension = matrix.dimension();
    int pixels = (dimension + 2 * quietZone) * moduleSize;
    if ((pixels & 7) != 0) {
      clearBits(scanline, pixels, (scanline.length - 1) * 8);
    }
    if (y < 0 || y >= dimension) {
      return; // a row of the quiet zone
    }
    for (int x = matrix.nextDark(0, y); x < dimension; ) {
      int end = matrix.endOfRun(x, y);
      clearBits(scanline, (quietZone + x) * moduleSize, (quietZone + end) * moduleSize);
      x = matrix.nextDark(end, y);
    }
  }

  /** Clears the bits of pixels {@code [from, to)}, most significant bit first, after the filter. */
  private static void clearBits(byte[] scanline, int from, int to) {
    int first = 1 + (from >>> 3);
    int last = 1 + ((to - 1) >>> 3);
    int headMask = 0xff >>> (from & 7); // the pixels at or after 'from' in its byte
    int tailMask = (0xff << (7 - ((to - 1) & 7))) & 0xff; // the pixels up to 'to - 1' in its byte
    if (first == last) {
      scanline[first] &= (byte) ~(headMask & tailMask);
      return;
    }
    scanline[first] &= (byte) ~headMask;
    Arrays.fill(scanline, first + 1, last, (byte) 0);
    scanline[last] &= (byte) ~tailMask;
  }

  /** Hands the first {@code length} bytes of the batch to the deflater and takes its output. */
  private void deflateBatch(Deflater deflater, byte[] batch, int length) {
    deflater.setInput(batch, 0, length);
    while (!deflater.needsInput()) {
      deflate(deflater);
    }
  }

  private void deflate(Deflater deflater) {
    ensure(256);
    position += deflater.deflate(out, position, out.length - position);
  }

  private void ensure(int free) {
    if (out.length - position < free) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, position + free));
    }
  }

  private void write(byte[] bytes) {
    System.arraycopy(bytes, 0, out, position, bytes.length);
    position += bytes.length;
  }

  /** Writes a placeholder length and the type; returns where the chunk starts. */
  private int beginChunk(byte[] type) {
    int start = position;
    writeInt(0);
    write(type);
    return start;
  }

  /** Writes the chunk's length and its CRC-32 over type and data (PNG §5.3). */
  private void endChunk(int start) {
    int dataLength = position - start - 8; // after the length and the type
    putInt(start, dataLength);
    CRC32 crc = new CRC32();
    crc.update(out, start + 4, 4 + dataLength);
    writeInt((int) crc.getValue());
  }

  private void writeInt(int value) {
    putInt(position, value);
    position += 4;
  }

  private void putInt(int at, int value) {
    out[at] = (byte) (value >>> 24);
    out[at + 1] = (byte) (value >>> 16);
    out[at + 2] = (byte) (value >>> 8);
    out[at + 3] = (byte) value;
  }
}
