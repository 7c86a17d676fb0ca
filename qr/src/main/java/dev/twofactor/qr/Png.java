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
 * module row become long back-references for Deflate. (The Up filter, which turns the repeated
 * scanlines into zeros, is smaller at some module sizes and larger at others; None is the one the
 * size guarantee below rests on.) The image data is compressed twice, at Deflate levels 6 and 4,
 * and the smaller result is kept. Level 4 with padding bits of zero is exactly what the JDK's
 * ImageIO PNG writer produces from the same pixels, so the result is never larger than ImageIO's;
 * level 6 is usually a few percent smaller, but not always (at module sizes that are multiples of
 * 8 pixels it sometimes loses by a few bytes). Level 9 is not used: on these repetitive rows its
 * long hash chains make it three to seven times slower than level 6, and it is not smaller (a
 * typical enrollment code at 7 pixels per module: 786 bytes against 781).
 */
final class Png {
  private static final byte[] SIGNATURE = {
    (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
  };
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
  /** Room for a few hundred bytes of compressed data before a buffer grows. */
  private static final int INITIAL_CAPACITY = 1024;
  /** zlib's default level: usually the smallest here. */
  private static final int FIRST_LEVEL = 6;
  /** ImageIO's level, whose size the result must never exceed. */
  private static final int SECOND_LEVEL = 4;

  private byte[] out = new byte[INITIAL_CAPACITY];
  private int position = HEADER_LENGTH;

  private Png() {}

  /** The image: light modules white (bit 1), dark modules black (bit 0), quiet zone included. */
  static byte[] encode(ModuleMatrix matrix, int quietZone, int moduleSize) {
    int pixels = (matrix.dimension() + 2 * quietZone) * moduleSize;
    byte[] scanline = new byte[1 + (pixels + 7) / 8];
    Png best;
    Deflater deflater = new Deflater();
    try {
      best = compress(matrix, quietZone, moduleSize, scanline, deflater, FIRST_LEVEL);
      Png other = compress(matrix, quietZone, moduleSize, scanline, deflater, SECOND_LEVEL);
      if (other.position < best.position) {
        best = other;
      }
    } finally {
      deflater.end();
    }
    return best.finish(pixels);
  }

  private static Png compress(
      ModuleMatrix matrix,
      int quietZone,
      int moduleSize,
      byte[] scanline,
      Deflater deflater,
      int level) {
    deflater.reset();
    deflater.setLevel(level);
    Png png = new Png();
    png.imageData(matrix, quietZone, moduleSize, scanline, deflater);
    return png;
  }

  /** Deflates every scanline, from the position just after the IDAT type. */
  private void imageData(
      ModuleMatrix matrix, int quietZone, int moduleSize, byte[] scanline, Deflater deflater) {
    int modules = matrix.dimension() + 2 * quietZone;
    for (int row = 0; row < modules; row++) {
      fillScanline(scanline, matrix, row - quietZone, quietZone, moduleSize);
      for (int copy = 0; copy < moduleSize; copy++) {
        deflater.setInput(scanline);
        while (!deflater.needsInput()) {
          deflate(deflater);
        }
      }
    }
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
    int x = 0;
    while (x < dimension) {
      if (!matrix.isDark(x, y)) {
        x++;
        continue;
      }
      int end = x + 1;
      while (end < dimension && matrix.isDark(end, y)) {
        end++;
      }
      clearBits(scanline, (quietZone + x) * moduleSize, (quietZone + end) * moduleSize);
      x = end;
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
