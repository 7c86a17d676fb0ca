package dev.twofactor.spring;

import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Starts test applications with {@link SpringApplicationBuilder}, each configuration once per test
 * run, on a random port of the loopback interface: tests drive them through MockMvc (Spring
 * Security's filter chain without HTTP) or over HTTP.
 */
final class Apps {
  private static final Map<String, ConfigurableApplicationContext> running =
      new ConcurrentHashMap<>();

  private Apps() {}

  /** Returns the running application of this configuration and these properties, started once. */
  static ConfigurableApplicationContext shared(Class<?> app, String... properties) {
    return running.computeIfAbsent(
        app.getName() + List.of(properties), key -> start(app, properties));
  }

  /** Starts a new application; the caller closes it. */
  static ConfigurableApplicationContext start(Class<?> app, String... properties) {
    List<String> arguments = new ArrayList<>();
    for (String property : properties) {
      // As command-line arguments, they override application.properties.
      arguments.add("--" + property);
    }
    return new SpringApplicationBuilder(app)
        .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
        .run(arguments.toArray(String[]::new));
  }

  static MockMvc mvc(ConfigurableApplicationContext context) {
    return MockMvcBuilders.webAppContextSetup((WebApplicationContext) context)
        .apply(springSecurity())
        .build();
  }
}
