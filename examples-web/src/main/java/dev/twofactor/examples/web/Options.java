package dev.twofactor.examples.web;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The command line of the web demo.
 *
 * @param port {@code --port N}: the HTTP port, 8080 by default
 * @param database {@code --db URL}: a JDBC URL (PostgreSQL), or {@code null} for the embedded H2
 *     file in the data directory
 * @param user {@code --db-user NAME}: the database user, or {@code null}
 * @param password {@code --db-password TEXT}: the database password, or {@code null}
 * @param data {@code --data DIR}: where the H2 file and the demo's sealer key are kept
 * @param help {@code --help} or {@code -h}
 */
record Options(
    int port,
    @Nullable String database,
    @Nullable String user,
    @Nullable String password,
    Path data,
    boolean help) {

  static final String USAGE =
      """
      Usage: ./demo --web [--port N] [--db JDBC-URL [--db-user NAME] [--db-password TEXT]]
                          [--data DIR]

      Starts the ACME Help Desk, a Spring Boot application on twofactor-spring, at
      http://localhost:8080: sign in, set up an authenticator app from the QR code on your
      profile, sign in again with a code, and reset an agent as the administrator. It listens
      on this machine only (SERVER_ADDRESS=0.0.0.0 in the environment: on every interface).

        --port N            listen on port N (default 8080)
        --db JDBC-URL       keep the data in this database, for example
                            jdbc:postgresql://localhost:5432/helpdesk (default: an H2 file
                            in the data directory)
        --db-user NAME      the database user
        --db-password TEXT  the database password
        --data DIR          the data directory: the H2 file and the demo's sealer key
                            (default: examples-web/data)
        --help, -h          show this text
      """;

  /** The data directory when none is given, relative to the working directory (the project's). */
  static final Path DEFAULT_DATA = Path.of("examples-web", "data");

  /**
   * Reads the command line.
   *
   * @param args the arguments, without {@code --web}
   * @return the options
   * @throws IllegalArgumentException if an argument is unknown, an option lacks its value, the port
   *     is not a number from 1 to 65535, or a database user or password is given without {@code
   *     --db}
   */
  static Options parse(List<String> args) {
    int port = 8080;
    String database = null;
    String user = null;
    String password = null;
    Path data = DEFAULT_DATA;
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--help", "-h" -> help = true;
        case "--port" -> port = port(value(args, i++));
        case "--db" -> database = value(args, i++);
        case "--db-user" -> user = value(args, i++);
        case "--db-password" -> password = value(args, i++);
        case "--data" -> data = Path.of(value(args, i++));
        default -> throw new IllegalArgumentException("unknown option: " + arg);
      }
    }
    if (database == null && (user != null || password != null)) {
      throw new IllegalArgumentException("--db-user and --db-password need --db");
    }
    return new Options(port, database, user, password, data, help);
  }

  private static String value(List<String> args, int option) {
    if (option + 1 == args.size() || args.get(option + 1).isEmpty()) {
      throw new IllegalArgumentException(args.get(option) + " must be followed by a value");
    }
    return args.get(option + 1);
  }

  private static int port(String text) {
    // Not Integer.parseInt alone: it takes "+80" and digits of other scripts.
    boolean digits = text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    int port = digits ? Integer.parseInt(text) : 0;
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--port must be a number from 1 to 65535: " + text);
    }
    return port;
  }

  /** The JDBC URL of the data: the one given, or the H2 file in the data directory. */
  String jdbcUrl() {
    return database != null
        ? database
        : "jdbc:h2:file:" + data.toAbsolutePath().resolve("helpdesk") + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  /** The Spring Boot properties these options set. */
  Map<String, Object> properties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("server.port", port);
    properties.put("spring.datasource.url", jdbcUrl());
    if (user != null) {
      properties.put("spring.datasource.username", user);
    }
    if (password != null) {
      properties.put("spring.datasource.password", password);
    }
    return properties;
  }

  /** Describes the options without the database password. */
  @Override
  public String toString() {
    return "Options[port="
        + port
        + ", database="
        + database
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "set")
        + ", data="
        + data
        + ", help="
        + help
        + "]";
  }
}
