package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

final class ModuleTest {
  private final ModuleDescriptor descriptor = descriptor();

  private static ModuleDescriptor descriptor() {
    Module module = JdbcCredentialRepository.class.getModule();
    assertTrue(module.isNamed(), "tests must run on the module path, as users' modular code does");
    return module.getDescriptor();
  }

  @Test
  void module_isNamedDevTwofactorJdbc() {
    assertEquals("dev.twofactor.jdbc", descriptor.name());
  }

  @Test
  void module_exportsItsOnePackage() {
    Set<String> exports =
        descriptor.exports().stream()
            .map(e -> e.source() + (e.isQualified() ? " to " + e.targets() : ""))
            .collect(Collectors.toSet());
    assertEquals(Set.of("dev.twofactor.jdbc"), exports);
    assertTrue(descriptor.opens().isEmpty(), "opens nothing");
  }

  @Test
  void module_requiresCoreJavaSqlAndJspecifyOnly() {
    Map<String, Set<Requires.Modifier>> requires =
        descriptor.requires().stream()
            .filter(r -> !r.name().equals("java.base"))
            .collect(Collectors.toMap(Requires::name, Requires::modifiers));
    assertEquals(
        Map.of(
            // transitive: CredentialRecord and DataSource are part of the repository's API
            "dev.twofactor", Set.of(Requires.Modifier.TRANSITIVE),
            "java.sql", Set.of(Requires.Modifier.TRANSITIVE),
            "org.jspecify", Set.of(Requires.Modifier.STATIC, Requires.Modifier.TRANSITIVE)),
        requires);
  }

  @Test
  void module_shipsTheDdlOfEachDialect() {
    JdbcDataSource neverConnected = new JdbcDataSource();
    JdbcCredentialRepository repository = JdbcCredentialRepository.builder(neverConnected).build();
    for (JdbcCredentialRepository.Dialect dialect : JdbcCredentialRepository.Dialect.values()) {
      assertTrue(
          repository.ddl(dialect).contains("CREATE TABLE IF NOT EXISTS two_factor ("),
          dialect.resource());
    }
  }
}
