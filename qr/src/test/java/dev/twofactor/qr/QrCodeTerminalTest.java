package dev.twofactor.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link QrCode#toTerminalString()}: half blocks mapped back to modules and decoded. */
final class QrCodeTerminalTest {
  @Test
  void toTerminalString_hasTwoModuleRowsPerLine_quietZoneIncluded() {
    QrCode qr = QrCode.of(Uris.TYPICAL);

    String text = qr.toTerminalString();

    List<String> lines = text.lines().toList();
    assertEquals(25, lines.size(), "49 module rows");
    assertTrue(text.endsWith("\n"));
    lines.forEach(line -> assertEquals(49, line.length(), line));
    assertTrue(text.chars().allMatch(c -> " ▀▄█\n".indexOf(c) >= 0), "only half blocks");
    // Dark terminal: glyphs are light modules, so the quiet zone is full blocks ...
    assertEquals("█".repeat(49), lines.get(0));
    assertEquals("█".repeat(49), lines.get(1));
    // ... and the half row below the last module row is the terminal's background.
    assertEquals("▀".repeat(49), lines.get(24));
    assertTrue(lines.get(2).startsWith("████ ▄▄▄▄▄ █"), "finder pattern: " + lines.get(2));
  }

  @Test
  void toTerminalString_inverted_drawsTheDarkModules() {
    QrCode qr = QrCode.of(Uris.TYPICAL).withInvertedTerminal(true);

    List<String> lines = qr.toTerminalString().lines().toList();

    assertEquals(" ".repeat(49), lines.get(0));
    assertEquals(" ".repeat(49), lines.get(24));
    assertTrue(lines.get(2).startsWith("    █▀▀▀▀▀█ "), "finder pattern: " + lines.get(2));
  }

  static Stream<Arguments> urisDarkAndLight() {
    return Seeded.cases(300, random -> Arguments.of(Uris.otpauth(random), random.nextBoolean()));
  }

  @Seeded.Property
  @MethodSource("urisDarkAndLight")
  void toTerminalString_mappedBackToModules_decodesBackToTheUri(String uri, boolean inverted) {
    QrCode qr = QrCode.of(uri).withInvertedTerminal(inverted);

    boolean[][] modules = modules(qr.toTerminalString(), qr.size(), inverted);

    Scan.assertSameModules(Scan.modulesOf(qr), modules);
    assertEquals(uri, Scan.modules(modules, 3).getText());
  }

  /** Reads half blocks back: a glyph half is a light module, or a dark one when inverted. */
  private static boolean[][] modules(String text, int size, boolean inverted) {
    List<String> lines = text.lines().toList();
    assertEquals((size + 1) / 2, lines.size());
    boolean[][] dark = new boolean[size][size];
    for (int line = 0; line < lines.size(); line++) {
      String row = lines.get(line);
      assertEquals(size, row.length());
      for (int x = 0; x < size; x++) {
        char c = row.charAt(x);
        boolean upper = c == '█' || c == '▀';
        boolean lower = c == '█' || c == '▄';
        assertTrue(upper || lower || c == ' ', "unexpected character U+" + (int) c);
        dark[2 * line][x] = upper == inverted;
        if (2 * line + 1 < size) {
          dark[2 * line + 1][x] = lower == inverted;
        } else {
          assertTrue(!lower, "the half row below the image is left to the background");
        }
      }
    }
    return dark;
  }
}
