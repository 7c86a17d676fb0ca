package dev.twofactor.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module's public surface: the auto-configurations, the properties, the configurer and the
 * administration; everything else is package-private. On the class path, as Spring Boot
 * applications run; the jar's manifest names the automatic module {@code dev.twofactor.spring}.
 */
final class ModuleTest {
  @Test
  void publicTypes_areTheFewTheModuleDocuments() throws Exception {
    Set<String> types = new TreeSet<>();
    Path classes = Path.of("target/classes/dev/twofactor/spring");
    try (Stream<Path> files = Files.list(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = file.getFileName().toString().replace(".class", "");
        Class<?> type = Class.forName("dev.twofactor.spring." + name.replace('/', '.'));
        if (Modifier.isPublic(type.getModifiers())) {
          types.add(name);
        }
      }
    }

    assertEquals(
        Set.of(
            "TwoFactorAdministration",
            "TwoFactorAutoConfiguration",
            "TwoFactorConfigurer",
            "TwoFactorMetricsAutoConfiguration",
            "TwoFactorProperties",
            "TwoFactorProperties$Jdbc",
            "TwoFactorProperties$Policy",
            "TwoFactorProperties$RecoveryCodes",
            "TwoFactorProperties$Sealer",
            "TwoFactorProperties$Throttle",
            "TwoFactorProperties$TotpSettings",
            "TwoFactorProperties$TrustedDevices",
            "TwoFactorProperties$Web",
            "TwoFactorSecurityAutoConfiguration"),
        types);
  }

  @Test
  void module_isOnTheClassPath_withItsAutomaticModuleNameInThePom() throws IOException {
    assertFalse(TwoFactorConfigurer.class.getModule().isNamed());
    String pom = Files.readString(Path.of("pom.xml"));
    assertEquals(
        1,
        pom.split("<Automatic-Module-Name>dev.twofactor.spring</Automatic-Module-Name>", -1).length
            - 1);
  }

  @Test
  void autoConfigurations_areListedForSpringBoot() throws IOException {
    String imports =
        Files.readString(
            Path.of(
                "src/main/resources/META-INF/spring/"
                    + "org.springframework.boot.autoconfigure.AutoConfiguration.imports"));
    assertEquals(
        """
        dev.twofactor.spring.TwoFactorAutoConfiguration
        dev.twofactor.spring.TwoFactorSecurityAutoConfiguration
        dev.twofactor.spring.TwoFactorMetricsAutoConfiguration
        """,
        imports);
  }
}
