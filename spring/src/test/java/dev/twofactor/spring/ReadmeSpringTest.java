package dev.twofactor.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.twofactor.CredentialRepository;
import dev.twofactor.TwoFactor;
import dev.twofactor.jdbc.JdbcCredentialRepository;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Runs the README's Spring Boot section as a new user would: its properties (and nothing of this
 * module's test configuration), its key from the environment, its one line (the {@code README
 * spring} block of {@link TestApp}). Its DDL is PostgreSQL's, which must be the repository's own;
 * the application runs on H2, with the table the repository gives for H2.
 */
final class ReadmeSpringTest {
  private static final Path README = Path.of("../README.md");
  private static final String KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

  @Test
  void readmeDdl_isTheRepositorysPostgresqlDdl() throws IOException {
    JdbcCredentialRepository repository =
        JdbcCredentialRepository.builder(new org.h2.jdbcx.JdbcDataSource()).build();

    assertEquals(repository.ddl(JdbcCredentialRepository.Dialect.POSTGRESQL), block("sql"));
  }

  @Test
  void readmeKey_isReadFromTheEnvironmentVariableItNames() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("TWOFACTOR_SEALER_KEYS_K1", KEY)));

    TwoFactorProperties.Sealer sealer =
        new Binder(ConfigurationPropertySources.get(environment))
            .bind("twofactor.sealer", TwoFactorProperties.Sealer.class)
            .orElseThrow(IllegalStateException::new);

    assertEquals(Map.of("k1", KEY), sealer.keys());
  }

  @Test
  void readmeApplication_signsInWithTheSecondFactor() throws Exception {
    List<String> arguments = new ArrayList<>();
    arguments.add("spring.config.name=none-but-the-readme");
    Properties readme = new Properties();
    readme.load(new StringReader(block("properties")));
    readme.forEach((k, v) -> arguments.add(k + "=" + v));
    arguments.add("twofactor.sealer.keys.k1=" + KEY);
    arguments.add("spring.datasource.url=jdbc:h2:mem:readme");
    try (ConfigurableApplicationContext app =
        Apps.start(TestApp.class, arguments.toArray(String[]::new))) {
      try (Connection c = app.getBean(DataSource.class).getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            ((JdbcCredentialRepository) app.getBean(CredentialRepository.class))
                .ddl(JdbcCredentialRepository.Dialect.H2));
      }
      MockMvc mvc = Apps.mvc(app);
      FakeClock clock = app.getBean(FakeClock.class);
      Host host = new Host(mvc, app.getBean(TwoFactor.class), clock);
      MockHttpSession session = host.signIn("new-user");
      mvc.perform(get("/tickets").with(Host.browser(session)))
          .andExpect(redirectedUrl("/account/two-factor"));
      String start =
          mvc.perform(post("/account/two-factor/start").with(Host.browser(session)).with(csrf()))
              .andReturn()
              .getResponse()
              .getContentAsString(StandardCharsets.UTF_8);
      Matcher key = Pattern.compile("<p><code>([A-Z2-7 ]+)</code></p>").matcher(start);
      assertTrue(key.find(), start);
      SoftwareAuthenticator phone =
          SoftwareAuthenticator.scan(
              "otpauth://totp/ACME:new-user?secret=" + key.group(1).replace(" ", ""));
      mvc.perform(
              post("/account/two-factor/confirm")
                  .param("code", phone.code(clock))
                  .with(Host.browser(session))
                  .with(csrf()))
          .andExpect(status().isOk());
      mvc.perform(get("/tickets?continue").with(Host.browser(session))).andExpect(status().isOk());
    }
  }

  /**
   * The README's table of properties is the IDE metadata that Spring Boot's processor writes: the
   * same properties, each with the same default, and each with a description.
   */
  @Test
  void readmeProperties_areTheMetadatasPropertiesWithTheirDefaults() throws IOException {
    Map<String, Object> metadata =
        JsonParserFactory.getJsonParser()
            .parseMap(
                Files.readString(
                    Path.of("target/classes/META-INF/spring-configuration-metadata.json"),
                    StandardCharsets.UTF_8));
    Map<String, String> described = new TreeMap<>();
    if (metadata.get("properties") instanceof List<?> properties) {
      for (Object property : properties) {
        Map<?, ?> p = (Map<?, ?>) property;
        String name = String.valueOf(p.get("name"));
        assertTrue(
            p.get("description") instanceof String d && !d.isBlank(), name + " has a description");
        described.put(
            name, p.containsKey("defaultValue") ? String.valueOf(p.get("defaultValue")) : "—");
      }
    }

    assertEquals(described, readmeTable());
  }

  /** The README's properties and their defaults ({@code —} for none). */
  private static Map<String, String> readmeTable() throws IOException {
    Map<String, String> table = new TreeMap<>();
    for (String row : section().split("\n", -1)) {
      if (!row.startsWith("| `twofactor.")) {
        continue;
      }
      String[] cells = row.split(" \\| ", -1);
      String[] names = cells[0].substring(2).split(", ", -1);
      String[] defaults = cells[1].startsWith("—") ? new String[0] : cells[1].split(", ", -1);
      String prefix = "";
      for (int i = 0; i < names.length; i++) {
        String name = names[i].replace("`", "").replace(".<id>", "");
        if (name.startsWith(".")) {
          name = prefix + name;
        }
        prefix = name.substring(0, name.lastIndexOf('.'));
        String value = i < defaults.length ? defaults[i].replace("`", "") : "—";
        table.put(name, value);
      }
    }
    return table;
  }

  private static String section() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    String section = readme.substring(readme.indexOf("## Spring Boot"));
    return section.substring(0, section.indexOf("\n## ", 1));
  }

  /** The first block of a language in the README's Spring Boot section. */
  private static String block(String language) throws IOException {
    String section = section();
    Matcher m = Pattern.compile("```" + language + "\n(.*?)```\n", Pattern.DOTALL).matcher(section);
    assertTrue(m.find(), "README's Spring Boot section has a " + language + " block");
    return m.group(1);
  }
}
