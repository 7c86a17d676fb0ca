package dev.twofactor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a fuzzer's raw input as text, so that the committed seeds are plain UTF-8 files.
 *
 * <p>Input that starts with a 0 byte is read as UTF-16BE after it, which reaches every {@code
 * char}, unpaired surrogates included; any other input is read as UTF-8, malformed bytes becoming
 * U+FFFD. Fields are separated by line feeds (byte 0x0A), so a seed of several fields is a file of
 * several lines.
 */
final class FuzzInput {
  private FuzzInput() {}

  /** The whole input as text. */
  static String text(byte[] input) {
    if (input.length > 0 && input[0] == 0) {
      char[] chars = new char[(input.length - 1) / 2];
      ByteBuffer.wrap(input, 1, chars.length * 2).asCharBuffer().get(chars);
      return new String(chars);
    }
    return new String(input, StandardCharsets.UTF_8);
  }

  /**
   * The input cut at its first {@code count - 1} line feeds, each part read as {@link #text}; fewer
   * parts are padded with empty strings.
   */
  static List<String> fields(byte[] input, int count) {
    List<String> fields = new ArrayList<>(count);
    int start = 0;
    for (int i = 0; i < input.length && fields.size() < count - 1; i++) {
      if (input[i] == '\n') {
        fields.add(text(java.util.Arrays.copyOfRange(input, start, i)));
        start = i + 1;
      }
    }
    fields.add(
        text(java.util.Arrays.copyOfRange(input, Math.min(start, input.length), input.length)));
    while (fields.size() < count) {
      fields.add("");
    }
    return fields;
  }
}
