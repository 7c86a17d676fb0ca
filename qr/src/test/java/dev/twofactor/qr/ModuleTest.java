package dev.twofactor.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    Module module = QrCode.class.getModule();
    assertTrue(module.isNamed(), "tests must run on the module path, as users' modular code does");
    return module.getDescriptor();
  }

  @Test
  void module_isNamedDevTwofactorQr() {
    assertEquals("dev.twofactor.qr", descriptor.name());
  }

  @Test
  void module_exportsOnlyItsApiPackage() {
    Set<String> exports =
        descriptor.exports().stream()
            .map(e -> e.source() + (e.isQualified() ? " to " + e.targets() : ""))
            .collect(Collectors.toSet());
    assertEquals(Set.of("dev.twofactor.qr"), exports);
    assertTrue(descriptor.opens().isEmpty(), "opens nothing");
  }

  @Test
  void module_requiresCoreZxingAndJspecifyOnly() {
    Map<String, Set<Requires.Modifier>> requires =
        descriptor.requires().stream()
            .filter(r -> !r.name().equals("java.base"))
            .collect(Collectors.toMap(Requires::name, Requires::modifiers));
    assertEquals(
        Map.of(
            "dev.twofactor", Set.of(Requires.Modifier.TRANSITIVE),
            "com.google.zxing", Set.of(),
            "org.jspecify", Set.of(Requires.Modifier.STATIC, Requires.Modifier.TRANSITIVE)),
        requires);
  }

  @Test
  void module_doesNotRequireJavaDesktop() {
    // No AWT or ImageIO: the module must work in headless servers, jlink'ed runtimes and native
    // images. (The tests read PNGs with ImageIO through --add-reads, which the descriptor does
    // not see.)
    assertFalse(
        descriptor.requires().stream().anyMatch(r -> r.name().equals("java.desktop")),
        "requires java.desktop");
  }

  @Test
  void zxing_isTheCoreModuleAndNotJavase() {
    Module zxing = com.google.zxing.qrcode.encoder.Encoder.class.getModule();
    assertEquals("com.google.zxing", zxing.getName());
    assertFalse(
        QrCode.class.getModule().getLayer().findModule("com.google.zxing.javase").isPresent(),
        "ZXing javase is not on the module path");
  }
}
