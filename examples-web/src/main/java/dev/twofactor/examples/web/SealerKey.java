package dev.twofactor.examples.web;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

/**
 * The demo's key that seals two-factor secrets: generated on first start and kept in a file beside
 * the database, so that enrolled agents survive a restart.
 *
 * <p>A real deployment never does this: it takes the key from its secret store, for example as the
 * environment variable {@code TWOFACTOR_SEALER_KEYS_K1}, which Spring Boot reads as {@code
 * twofactor.sealer.keys.k1}. A key in a file beside the database is lost or stolen with it.
 */
final class SealerKey {
  static final String FILE_NAME = "sealer-key.properties";
  static final String KEY_ID = "demo";

  private SealerKey() {}

  /**
   * Reads the key file in a directory, or creates it with a new random key, readable by its owner
   * only.
   *
   * @param directory the data directory
   * @return the {@code twofactor.sealer.*} properties of the key
   * @throws UncheckedIOException if the file can be neither read nor written
   */
  static Map<String, Object> properties(Path directory) {
    Path file = file(directory);
    try {
      if (!Files.exists(file)) {
        create(directory, file);
      }
      Properties properties = new Properties();
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
        properties.load(in);
      }
      String id = properties.getProperty("twofactor.sealer.current-key-id", "");
      String key = properties.getProperty("twofactor.sealer.keys." + id, "");
      return Map.of("twofactor.sealer.current-key-id", id, "twofactor.sealer.keys." + id, key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the demo's sealer key " + file, e);
    }
  }

  static Path file(Path directory) {
    return directory.toAbsolutePath().resolve(FILE_NAME);
  }

  private static void create(Path directory, Path file) throws IOException {
    Files.createDirectories(directory);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String text =
        "# The ACME Help Desk demo's key for sealing two-factor secrets (AES-256), generated on\n"
            + "# first start. A real deployment takes its keys from its secret store, for example\n"
            + "# the environment variable TWOFACTOR_SEALER_KEYS_K1, never from a file beside the\n"
            + "# database. Without this file the secrets in the database cannot be opened.\n"
            + "twofactor.sealer.current-key-id="
            + KEY_ID
            + "\ntwofactor.sealer.keys."
            + KEY_ID
            + "="
            + Base64.getEncoder().encodeToString(key)
            + "\n";
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      return;
    }
    Files.writeString(file, text, StandardCharsets.ISO_8859_1);
  }
}
