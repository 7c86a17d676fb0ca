package dev.twofactor.examples;

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
    Module module = Demo.class.getModule();
    assertTrue(module.isNamed(), "tests must run on the module path, as the demo does");
    return module.getDescriptor();
  }

  @Test
  void module_isNamedDevTwofactorExamples() {
    assertEquals("dev.twofactor.examples", descriptor.name());
  }

  @Test
  void module_exportsAndOpensNothing() {
    // An application: started with java -m dev.twofactor.examples/dev.twofactor.examples.Demo.
    assertEquals(Set.of(), descriptor.exports());
    assertTrue(descriptor.opens().isEmpty(), "opens nothing");
  }

  @Test
  void module_requiresCoreQrTestkitAndJspecifyOnly() {
    Map<String, Set<Requires.Modifier>> requires =
        descriptor.requires().stream()
            .filter(r -> !r.name().equals("java.base"))
            .collect(Collectors.toMap(Requires::name, Requires::modifiers));
    assertEquals(
        Map.of(
            "dev.twofactor", Set.of(),
            "dev.twofactor.qr", Set.of(),
            "dev.twofactor.testkit", Set.of(),
            "org.jspecify", Set.of(Requires.Modifier.STATIC)),
        requires);
  }
}
