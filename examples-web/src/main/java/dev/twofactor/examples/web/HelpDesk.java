package dev.twofactor.examples.web;

import dev.twofactor.spring.TwoFactorAdministration;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The ACME Help Desk: a Spring Boot application whose agents sign in with a password and, once they
 * set up an authenticator app on their profile, with the code from it. Started by {@code ./demo
 * --web}; {@code ./demo --web --help} lists the options.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class HelpDesk {
  /** Spring Boot creates the application; {@link #main} starts it. */
  HelpDesk() {}

  /**
   * Starts the help desk and prints its address and accounts.
   *
   * @param args the options of {@link Options#USAGE}
   */
  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(Options.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(Options.USAGE);
      return;
    }
    System.out.println("Starting the ACME Help Desk...");
    ConfigurableApplicationContext context = start(options, Clock.systemUTC());
    welcome(System.out, options, context);
  }

  /**
   * Starts the application.
   *
   * @param options the command line
   * @param clock the application's clock, which the two-factor service and Spring Security use
   * @param properties further Spring Boot properties ({@code "name=value"}), which win over the
   *     application's own; none when started from the command line
   * @return the running application
   */
  static ConfigurableApplicationContext start(Options options, Clock clock, String... properties) {
    Map<String, Object> defaults = new LinkedHashMap<>(options.properties());
    defaults.putAll(SealerKey.properties(options.data()));
    return new SpringApplicationBuilder(HelpDesk.class)
        .properties(defaults)
        .initializers(context -> context.getBeanFactory().registerSingleton("clock", clock))
        .run(Arrays.stream(properties).map(p -> "--" + p).toArray(String[]::new));
  }

  /** The port the application listens on. */
  static int port(ConfigurableApplicationContext context) {
    WebServer server = ((WebServerApplicationContext) context).getWebServer();
    return Objects.requireNonNull(server, "the application has no web server").getPort();
  }

  private static void welcome(
      PrintStream out, Options options, ConfigurableApplicationContext context) {
    TwoFactorAdministration administration = context.getBean(TwoFactorAdministration.class);
    out.println();
    out.println("The ACME Help Desk is running at http://localhost:" + port(context) + "/");
    out.println();
    out.println("  user   password  role           two-factor");
    for (Accounts.Account account : Accounts.SEEDED) {
      out.printf(
          Locale.ROOT,
          "  %-6s %-9s %-14s %s%n",
          account.name(),
          account.name(),
          account.administrator() ? "administrator" : "agent",
          administration.status(account.name()).state().name().toLowerCase(Locale.ROOT));
    }
    out.println();
    String database = options.database();
    out.println(
        "Data:        "
            + (database != null
                ? database.replaceFirst("[?;].*", "")
                : options.data().toAbsolutePath()
                    + " (an H2 database; delete the directory to start afresh)"));
    out.println("Sealer key:  " + SealerKey.file(options.data()) + ", made on first start.");
    out.println("             A real deployment takes its keys from its secret store instead.");
    out.println("Stop it with Ctrl+C.");
  }
}
