package dev.twofactor.examples.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SealerKeyTest {
  @Test
  void properties_makeARandomKeyOnFirstStart_readableByTheOwnerOnly(@TempDir Path temp)
      throws IOException {
    Path data = temp.resolve("data");
    Map<String, Object> properties = SealerKey.properties(data);
    assertEquals("demo", properties.get("twofactor.sealer.current-key-id"));
    String key = (String) properties.get("twofactor.sealer.keys.demo");
    assertEquals(32, Base64.getDecoder().decode(key).length);
    Path file = data.resolve("sealer-key.properties");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(
        Files.readString(file, StandardCharsets.ISO_8859_1)
            .contains("A real deployment takes its keys from its secret store"));
  }

  @Test
  void properties_keepTheKeyAcrossStarts_andEachDataDirectoryHasItsOwn(@TempDir Path temp) {
    Map<String, Object> first = SealerKey.properties(temp.resolve("a"));
    assertEquals(first, SealerKey.properties(temp.resolve("a")));
    assertNotEquals(first, SealerKey.properties(temp.resolve("b")));
  }
}
