package dev.twofactor.examples.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.CredentialStatus;
import dev.twofactor.Enrollment;
import dev.twofactor.TwoFactor;
import dev.twofactor.Verification;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** The application as {@code ./demo --web} starts it, without a browser. */
final class HelpDeskTest {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern MANUAL_KEY = Pattern.compile("<p><code>([A-Z2-7 ]+)</code></p>");

  @Test
  void anEnrolledAgent_survivesARestart(@TempDir Path data) {
    FakeClock clock = FakeClock.at(Instant.parse("2026-11-30T09:00:00Z"));
    SoftwareAuthenticator phone;
    try (ConfigurableApplicationContext app = start(data, clock)) {
      TwoFactor twoFactor = app.getBean(TwoFactor.class);
      Enrollment enrollment = twoFactor.enroll("agent", "agent");
      phone = SoftwareAuthenticator.scan(enrollment.uri().toUriString());
      assertTrue(twoFactor.confirm("agent", phone.code(clock)).isAccepted());
    }
    clock.advance(Duration.ofSeconds(30));
    try (ConfigurableApplicationContext app = start(data, clock)) {
      TwoFactor twoFactor = app.getBean(TwoFactor.class);
      assertEquals(CredentialStatus.State.ACTIVE, twoFactor.status("agent").state());
      Verification v = twoFactor.verify("agent", phone.code(clock));
      assertTrue(v.isAccepted(), v.toString());
    }
  }

  @Test
  void server_listensOnThisMachineOnly(@TempDir Path data) {
    try (ConfigurableApplicationContext app =
        start(data, FakeClock.at(Instant.parse("2026-11-30T09:00:00Z")))) {
      assertEquals("127.0.0.1", app.getEnvironment().getProperty("server.address"));
    }
  }

  /**
   * Every page that shows a secret, a recovery code or asks for a code is sent with {@code
   * Cache-Control: no-store}, so that neither the browser nor a proxy keeps it; and the module's
   * pages among them carry the help desk's title, header and stylesheet, which a filter puts into
   * the module's HTML.
   */
  @Test
  void pages_areNeverKeptInACache_andTheModulesPagesAreFramed(@TempDir Path data)
      throws IOException, InterruptedException {
    FakeClock clock = FakeClock.at(Instant.parse("2026-11-30T09:00:00Z"));
    try (ConfigurableApplicationContext app = start(data, clock)) {
      String base = "http://127.0.0.1:" + HelpDesk.port(app);
      HttpClient client =
          HttpClient.newBuilder()
              .cookieHandler(new CookieManager())
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();
      HttpResponse<String> login = get(client, base + "/login");
      assertNoStore(login);
      HttpResponse<String> tickets =
          post(client, base + "/login", "username=agent&password=agent&_csrf=" + csrf(login));
      assertEquals(URI.create(base + "/"), tickets.uri());
      assertNoStore(tickets);
      HttpResponse<String> profile = get(client, base + "/account/two-factor");
      assertNoStore(profile);
      assertFramed(profile);
      HttpResponse<String> qrCode =
          post(client, base + "/account/two-factor/start", "_csrf=" + csrf(profile));
      assertTrue(qrCode.body().contains("<svg"), qrCode.body());
      assertNoStore(qrCode);
      assertFramed(qrCode);
      Matcher key = MANUAL_KEY.matcher(qrCode.body());
      assertTrue(key.find(), qrCode.body());
      SoftwareAuthenticator phone =
          SoftwareAuthenticator.scan(
              "otpauth://totp/agent?secret=" + key.group(1).replace(" ", ""));
      HttpResponse<String> recoveryCodes =
          post(
              client,
              base + "/account/two-factor/confirm",
              "code=" + phone.code(clock) + "&_csrf=" + csrf(qrCode));
      assertTrue(recoveryCodes.body().contains("Your recovery codes"), recoveryCodes.body());
      assertNoStore(recoveryCodes);
      HttpResponse<String> signedOut =
          post(client, base + "/logout", "_csrf=" + csrf(recoveryCodes));
      HttpResponse<String> codePage =
          post(client, base + "/login", "username=agent&password=agent&_csrf=" + csrf(signedOut));
      assertEquals(URI.create(base + "/login/totp"), codePage.uri());
      assertNoStore(codePage);
      assertFramed(codePage);
    }
  }

  private static ConfigurableApplicationContext start(Path data, FakeClock clock) {
    return HelpDesk.start(new Options(0, null, null, null, data, false), clock);
  }

  private static void assertNoStore(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.uri().toString());
    String cacheControl = response.headers().firstValue("Cache-Control").orElse("");
    assertTrue(cacheControl.contains("no-store"), response.uri() + ": " + cacheControl);
  }

  private static void assertFramed(HttpResponse<String> page) {
    String html = page.body();
    assertTrue(html.contains("<title>Two-factor sign-in – ACME Help Desk</title>"), html);
    assertTrue(html.contains("<link href=\"/helpdesk.css\" rel=\"stylesheet\">"), html);
    assertTrue(html.contains("<header class=\"site\">"), html);
    assertTrue(html.contains("Sign out <span>agent</span>"), html);
  }

  private static String csrf(HttpResponse<String> page) {
    Matcher m = CSRF.matcher(page.body());
    assertTrue(m.find(), page.body());
    return m.group(1);
  }

  private static HttpResponse<String> get(HttpClient client, String url)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(HttpClient client, String url, String form)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
