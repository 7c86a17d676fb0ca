package dev.twofactor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

final class OptionsTest {
  @Test
  void parse_noArguments_defaults() {
    assertEquals(new Options(false, false, false, null, false), Options.parse(List.of()));
  }

  @Test
  void parse_everyOption() {
    assertEquals(
        new Options(true, false, true, Path.of("qr files"), true),
        Options.parse(List.of("--light", "--out", "qr files", "--simulate", "-h")));
    assertTrue(Options.parse(List.of("--interactive")).interactive());
    assertTrue(Options.parse(List.of("--help")).help());
  }

  @Test
  void parse_unknownOption_isRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--simulated")));
    assertEquals("unknown option: --simulated", e.getMessage());
  }

  @Test
  void parse_outWithoutDirectory_isRejected() {
    assertEquals(
        "--out must be followed by a directory",
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--out")))
            .getMessage());
    assertEquals(
        "--out must be followed by a directory",
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--out", "")))
            .getMessage());
  }

  @Test
  void parse_simulateAndInteractive_isRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Options.parse(List.of("--simulate", "--interactive")));
    assertEquals("choose one of --simulate and --interactive", e.getMessage());
  }

  @Test
  void simulated_dependsOnTheTerminalUnlessChosen() {
    Options none = Options.parse(List.of());
    assertFalse(none.simulated(true), "at a terminal: interactive");
    assertTrue(none.simulated(false), "stdin not a terminal: simulated");
    Options simulate = Options.parse(List.of("--simulate"));
    assertTrue(simulate.simulated(true));
    assertTrue(simulate.simulated(false));
    Options interactive = Options.parse(List.of("--interactive"));
    assertFalse(interactive.simulated(true));
    assertFalse(interactive.simulated(false));
  }
}
