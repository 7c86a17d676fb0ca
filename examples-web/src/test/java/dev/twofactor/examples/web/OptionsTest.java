package dev.twofactor.examples.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class OptionsTest {
  @Test
  void parse_withoutArguments_listensOn8080_withTheH2FileInTheDataDirectory() {
    Options options = Options.parse(List.of());
    assertEquals(
        new Options(8080, null, null, null, Path.of("examples-web", "data"), false), options);
    assertEquals(
        "jdbc:h2:file:"
            + Path.of("examples-web", "data", "helpdesk").toAbsolutePath()
            + ";DB_CLOSE_ON_EXIT=FALSE",
        options.jdbcUrl());
    assertEquals(8080, options.properties().get("server.port"));
    assertFalse(options.properties().containsKey("spring.datasource.username"));
  }

  @Test
  void parse_readsEveryOption() {
    Options options =
        Options.parse(
            List.of(
                "--port",
                "9090",
                "--db",
                "jdbc:postgresql://db/helpdesk",
                "--db-user",
                "desk",
                "--db-password",
                "s3cret",
                "--data",
                "/var/lib/helpdesk",
                "--help"));
    assertEquals(
        new Options(
            9090,
            "jdbc:postgresql://db/helpdesk",
            "desk",
            "s3cret",
            Path.of("/var/lib/helpdesk"),
            true),
        options);
    assertEquals(
        Map.of(
            "server.port", 9090,
            "spring.datasource.url", "jdbc:postgresql://db/helpdesk",
            "spring.datasource.username", "desk",
            "spring.datasource.password", "s3cret"),
        options.properties());
  }

  @Test
  void toString_hidesThePassword() {
    String text =
        Options.parse(List.of("--db", "jdbc:postgresql://db/x", "--db-password", "s3cret"))
            .toString();
    assertFalse(text.contains("s3cret"), text);
    assertTrue(text.contains("password=set"), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65536", "+80", "-1", "８０", "٨٠", "80a", "", "123456"})
  void parse_refusesAPortThatIsNotANumberFrom1To65535(String port) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Options.parse(List.of("--port", port, "-h")));
    assertEquals(
        port.isEmpty()
            ? "--port must be followed by a value"
            : "--port must be a number from 1 to 65535: " + port,
        e.getMessage());
  }

  @Test
  void parse_refusesAnOptionWithoutItsValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--db")));
    assertEquals("--db must be followed by a value", e.getMessage());
  }

  @Test
  void parse_refusesAnUnknownOption() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--simulate")));
    assertEquals("unknown option: --simulate", e.getMessage());
  }

  @Test
  void parse_refusesADatabaseUserWithoutADatabase() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Options.parse(List.of("--db-user", "desk")));
    assertEquals("--db-user and --db-password need --db", e.getMessage());
  }
}
