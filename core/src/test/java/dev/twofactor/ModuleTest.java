package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class ModuleTest {
  private final ModuleDescriptor descriptor = descriptor();

  private static ModuleDescriptor descriptor() {
    Module module = Secret.class.getModule();
    assertTrue(module.isNamed(), "tests must run on the module path, as users' modular code does");
    return module.getDescriptor();
  }

  @Test
  void module_isNamedDevTwofactor() {
    assertEquals("dev.twofactor", descriptor.name());
  }

  @Test
  void module_exportsItsApiPackages() {
    Set<String> exports =
        descriptor.exports().stream()
            .map(e -> e.source() + (e.isQualified() ? " to " + e.targets() : ""))
            .collect(Collectors.toSet());
    assertEquals(Set.of("dev.twofactor"), exports);
    assertTrue(descriptor.opens().isEmpty(), "opens nothing");
  }

  @Test
  void module_requiresCommonsCodecAndJspecifyOnly() {
    Map<String, Set<Requires.Modifier>> requires =
        descriptor.requires().stream()
            .filter(r -> !r.name().equals("java.base"))
            .collect(Collectors.toMap(Requires::name, Requires::modifiers));
    assertEquals(
        Map.of(
            "org.apache.commons.codec", Set.of(),
            "org.jspecify", Set.of(Requires.Modifier.STATIC, Requires.Modifier.TRANSITIVE)),
        requires);
  }
}
