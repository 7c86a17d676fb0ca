package dev.twofactor.qr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A strict reader of the PNGs this module writes, written from the PNG specification: it checks the
 * signature, every chunk's length and CRC-32, the IHDR fields, the chunk order and IEND, then
 * inflates and unfilters the image data into pixels.
 */
final class PngFile {
  static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** One chunk: its type and its data, the CRC already checked. */
  static final class Chunk {
    private final String type;
    private final byte[] data;

    Chunk(String type, byte[] data) {
      this.type = type;
      this.data = data;
    }

    String type() {
      return type;
    }

    byte[] data() {
      return data;
    }
  }

  final List<Chunk> chunks;
  final int width;
  final int height;

  /** Bit depth, colour type, compression, filter and interlace method, as in IHDR. */
  final int[] ihdrFields;

  /** The unfiltered bytes of each row, without the filter type. */
  final byte[][] rows;

  /** The filter type of each row. */
  final int[] filters;

  private PngFile(
      List<Chunk> chunks, int width, int height, int[] ihdrFields, byte[][] rows, int[] filters) {
    this.chunks = chunks;
    this.width = width;
    this.height = height;
    this.ihdrFields = ihdrFields;
    this.rows = rows;
    this.filters = filters;
  }

  static PngFile parse(byte[] png) {
    assertArrayEquals(SIGNATURE, Arrays.copyOf(png, 8), "signature");
    ByteBuffer in = ByteBuffer.wrap(png, 8, png.length - 8);
    List<Chunk> chunks = new ArrayList<>();
    while (in.hasRemaining()) {
      assertTrue(in.remaining() >= 12, "a chunk needs 12 bytes at " + in.position());
      int length = in.getInt();
      assertTrue(length >= 0 && length <= in.remaining() - 8, "chunk length " + length);
      byte[] typeAndData = new byte[4 + length];
      in.get(typeAndData);
      CRC32 crc = new CRC32();
      crc.update(typeAndData);
      String type = new String(typeAndData, 0, 4, StandardCharsets.US_ASCII);
      assertEquals((int) crc.getValue(), in.getInt(), "CRC-32 of " + type);
      chunks.add(new Chunk(type, Arrays.copyOfRange(typeAndData, 4, typeAndData.length)));
    }
    assertEquals("IHDR", chunks.get(0).type(), "first chunk");
    Chunk last = chunks.get(chunks.size() - 1);
    assertEquals("IEND", last.type(), "last chunk");
    assertEquals(0, last.data().length, "IEND is empty");
    ByteBuffer ihdr = ByteBuffer.wrap(chunks.get(0).data());
    assertEquals(13, ihdr.remaining(), "IHDR length");
    int width = ihdr.getInt();
    int height = ihdr.getInt();
    int[] fields = new int[5];
    for (int i = 0; i < 5; i++) {
      fields[i] = ihdr.get() & 0xff;
    }
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    boolean idatSeen = false;
    for (int i = 1; i < chunks.size() - 1; i++) {
      Chunk chunk = chunks.get(i);
      assertEquals("IDAT", chunk.type(), "only image data between IHDR and IEND");
      idatSeen = true;
      compressed.writeBytes(chunk.data());
    }
    assertTrue(idatSeen, "IDAT present");
    assertEquals(1, fields[0], "bit depth");
    assertEquals(0, fields[1], "colour type grayscale");
    int rowBytes = (width + 7) / 8;
    byte[] raw = inflate(compressed.toByteArray(), height * (1 + rowBytes));
    byte[][] rows = new byte[height][];
    int[] filters = new int[height];
    byte[] previous = new byte[rowBytes];
    for (int y = 0; y < height; y++) {
      int at = y * (1 + rowBytes);
      filters[y] = raw[at];
      byte[] row = Arrays.copyOfRange(raw, at + 1, at + 1 + rowBytes);
      unfilter(filters[y], row, previous);
      rows[y] = row;
      previous = row;
    }
    return new PngFile(chunks, width, height, fields, rows, filters);
  }

  /** Whether the pixel is black (bit 0) in this 1-bit grayscale image. */
  boolean isBlack(int x, int y) {
    return (rows[y][x >>> 3] & (0x80 >>> (x & 7))) == 0;
  }

  private static byte[] inflate(byte[] zlib, int expectedLength) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(zlib);
      byte[] raw = new byte[expectedLength];
      int n = 0;
      while (n < expectedLength && !inflater.finished()) {
        int read = inflater.inflate(raw, n, expectedLength - n);
        assertTrue(read > 0 || !inflater.needsInput(), "zlib stream ended early");
        n += read;
      }
      assertEquals(expectedLength, n, "bytes of image data");
      byte[] rest = new byte[1];
      assertEquals(0, inflater.inflate(rest), "no image data past the last row");
      assertTrue(inflater.finished(), "zlib stream complete, with its Adler-32");
      assertEquals(0, inflater.getRemaining(), "nothing after the zlib stream");
      return raw;
    } catch (DataFormatException e) {
      throw new AssertionError("invalid zlib stream", e);
    } finally {
      inflater.end();
    }
  }

  /** PNG §9.2 filters, with one byte per pixel for bit depths below 8. */
  private static void unfilter(int filter, byte[] row, byte[] previous) {
    for (int i = 0; i < row.length; i++) {
      int a = i > 0 ? row[i - 1] & 0xff : 0;
      int b = previous[i] & 0xff;
      int c = i > 0 ? previous[i - 1] & 0xff : 0;
      int predictor =
          switch (filter) {
            case 0 -> 0;
            case 1 -> a;
            case 2 -> b;
            case 3 -> (a + b) / 2;
            case 4 -> paeth(a, b, c);
            default -> throw new AssertionError("filter type " + filter);
          };
      row[i] = (byte) (row[i] + predictor);
    }
  }

  private static int paeth(int a, int b, int c) {
    int p = a + b - c;
    int pa = Math.abs(p - a);
    int pb = Math.abs(p - b);
    int pc = Math.abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  }
}
