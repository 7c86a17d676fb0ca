package dev.twofactor.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Enrollment;
import dev.twofactor.TwoFactor;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A harness, not a test: second-step POSTs per second, their p50 and p99 latency, and the SQL
 * statements each costs, against the embedded Tomcat of {@link TestApp}, over HTTP on the loopback
 * interface, with 1 and 32 concurrent clients, on H2 and (when {@code TWOFACTOR_TEST_POSTGRES_URL}
 * is set) PostgreSQL. Excluded from every build by its tag; run it with
 *
 * <pre>
 * source /tmp/pgenv   # or TWOFACTOR_TEST_POSTGRES_URL=$(.ci/start-postgres)
 * ./mvnw -B -pl spring -am verify -Dtwofactor.test.excludedGroups=none \
 *     -Dtest=SecondStepBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>Each POST is a different user's: signed in with the password in its own session, posting the
 * code its phone shows now with the session's CSRF token, answered with the redirect to the saved
 * page. (An account takes one code per 30-second step; the fake clock stands still during a run.)
 * The statements are counted by a proxy around the application's {@link DataSource}.
 */
@Tag("benchmark")
final class SecondStepBenchmarkTest {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern SPRING_CSRF =
      Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");
  private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");
  private static final int WARM_UP = 1_000;
  private static final int MEASURED = 2_000;

  @Test
  void secondStepsPerSecond() throws Exception {
    StringBuilder report = new StringBuilder("\nSecondStepBenchmarkTest\n");
    List<String[]> databases = new ArrayList<>();
    databases.add(new String[] {"H2", "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1"});
    Optional.ofNullable(System.getenv("TWOFACTOR_TEST_POSTGRES_URL"))
        .ifPresent(url -> databases.add(new String[] {"PostgreSQL", url}));
    for (String[] database : databases) {
      for (int clients : new int[] {1, 32}) {
        report.append(run(database[0], database[1], clients)).append('\n');
      }
    }
    System.out.println(report);
  }

  private static String run(String name, String url, int clients) throws Exception {
    String table = "bench_" + Long.toHexString(System.nanoTime());
    try (ConfigurableApplicationContext app =
        Apps.start(
            BenchApp.class,
            "spring.datasource.url=" + url,
            "twofactor.jdbc.table=" + table,
            "logging.level.root=WARN")) {
      String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
      TwoFactor twoFactor = app.getBean(TwoFactor.class);
      FakeClock clock = app.getBean(FakeClock.class);
      Counting counting = app.getBean(Counting.class);
      HttpClient http = HttpClient.newHttpClient();
      List<Step> warmUp = prepare(http, base, twoFactor, clock, "warm", WARM_UP);
      List<Step> measured = prepare(http, base, twoFactor, clock, "user", MEASURED);
      clock.advance(Duration.ofSeconds(30));
      post(warmUp, clients, base, clock);
      long statementsBefore = counting.statements.get();
      long start = System.nanoTime();
      long[] latencies = post(measured, clients, base, clock);
      long elapsed = System.nanoTime() - start;
      long statements = counting.statements.get() - statementsBefore;
      Arrays.sort(latencies);
      return String.format(
          Locale.ROOT,
          "%-10s clients %2d: %6.0f second steps/s, p50 %5.2f ms, p99 %6.2f ms, %.2f SQL"
              + " statements per second step (%d POSTs)",
          name,
          clients,
          MEASURED / (elapsed / 1e9),
          latencies[latencies.length / 2] / 1e6,
          latencies[(int) (latencies.length * 0.99)] / 1e6,
          statements / (double) MEASURED,
          MEASURED);
    }
  }

  /** One user ready for the second step: enrolled, signed in with the password, CSRF token. */
  private record Step(String session, String csrf, SoftwareAuthenticator phone) {}

  private static List<Step> prepare(
      HttpClient http, String base, TwoFactor twoFactor, FakeClock clock, String prefix, int count)
      throws Exception {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String user = prefix + "-" + i;
      Enrollment enrollment = twoFactor.enroll(user, user);
      SoftwareAuthenticator phone = SoftwareAuthenticator.scan(enrollment.uri().toUriString());
      assertTrue(twoFactor.confirm(user, phone.code(clock)).isAccepted());
      HttpResponse<String> login = http.send(get(base + "/login", null), body());
      String session = session(login, null);
      HttpResponse<String> signedIn =
          http.send(
              post(
                  base + "/login",
                  session,
                  "username=" + user + "&password=" + TestApp.PASSWORD + "&_csrf=" + csrf(login)),
              body());
      assertEquals(302, signedIn.statusCode());
      session = session(signedIn, session);
      HttpResponse<String> codePage = http.send(get(base + "/login/totp", session), body());
      steps.add(new Step(session, csrf(codePage), phone));
    }
    return steps;
  }

  /** Posts every step's code from {@code clients} threads; returns each POST's latency. */
  private static long[] post(List<Step> steps, int clients, String base, FakeClock clock)
      throws Exception {
    ConcurrentLinkedQueue<Step> queue = new ConcurrentLinkedQueue<>(steps);
    ExecutorService executor = Executors.newFixedThreadPool(clients);
    try {
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        futures.add(
            executor.submit(
                () -> {
                  HttpClient http = HttpClient.newHttpClient();
                  List<Long> latencies = new ArrayList<>();
                  for (Step step = queue.poll(); step != null; step = queue.poll()) {
                    HttpRequest request =
                        post(
                            base + "/login/totp",
                            step.session(),
                            "code=" + step.phone().code(clock) + "&_csrf=" + step.csrf());
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = http.send(request, body());
                    latencies.add(System.nanoTime() - t0);
                    assertEquals(302, response.statusCode(), response.body());
                  }
                  return latencies;
                }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : futures) {
        all.addAll(f.get(10, TimeUnit.MINUTES));
      }
      return all.stream().mapToLong(Long::longValue).toArray();
    } finally {
      executor.shutdownNow();
    }
  }

  private static HttpRequest get(String url, String session) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (session != null) {
      b.header("Cookie", "JSESSIONID=" + session);
    }
    return b.build();
  }

  private static HttpRequest post(String url, String session, String form) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Cookie", "JSESSIONID=" + session)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
  }

  private static HttpResponse.BodyHandler<String> body() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static String session(HttpResponse<String> response, String previous) {
    for (String cookie : response.headers().allValues("Set-Cookie")) {
      Matcher m = SESSION.matcher(cookie);
      if (m.find()) {
        return m.group(1);
      }
    }
    if (previous == null) {
      throw new AssertionError("no session cookie");
    }
    return previous;
  }

  private static String csrf(HttpResponse<String> page) {
    Matcher m = SPRING_CSRF.matcher(page.body());
    if (!m.find()) {
      m = CSRF.matcher(page.body());
      assertTrue(m.find(), page.body());
    }
    return URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
  }

  /** {@link TestApp} with its {@link DataSource} counting the statements it prepares. */
  @SpringBootConfiguration
  @Import(TestApp.class)
  static class BenchApp {
    @Bean
    Counting counting() {
      return new Counting();
    }

    @Bean
    static BeanPostProcessor countStatements(
        org.springframework.beans.factory.ObjectProvider<Counting> counting) {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
          return bean instanceof DataSource ds ? counting.getObject().wrap(ds) : bean;
        }
      };
    }
  }

  /** Counts the statements prepared or created on the connections of a data source. */
  static final class Counting {
    final AtomicLong statements = new AtomicLong();

    DataSource wrap(DataSource dataSource) {
      return (DataSource)
          Proxy.newProxyInstance(
              DataSource.class.getClassLoader(),
              new Class<?>[] {DataSource.class},
              (proxy, method, args) -> {
                Object result = invoke(dataSource, method, args);
                return result instanceof Connection c ? connection(c) : result;
              });
    }

    private Connection connection(Connection connection) {
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                String name = method.getName();
                if (name.equals("prepareStatement")
                    || name.equals("createStatement")
                    || name.equals("prepareCall")) {
                  statements.incrementAndGet();
                }
                return invoke(connection, method, args);
              });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
        throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
