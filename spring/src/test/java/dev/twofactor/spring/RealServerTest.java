package dev.twofactor.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.CredentialRepository;
import dev.twofactor.RequestContext;
import dev.twofactor.TwoFactor;
import dev.twofactor.TwoFactorEvent;
import dev.twofactor.jdbc.JdbcCredentialRepository;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

/**
 * The whole flow over HTTP against an embedded Tomcat, as browsers do it, with every log line at
 * DEBUG captured: enrollment under REQUIRED, the code in a second browser, a replay, a missing CSRF
 * token, a recovery code. No secret, code or recovery code may appear in a URL or a log line.
 */
final class RealServerTest {
  private static final Pattern CSRF =
      Pattern.compile("name=\"_csrf\" (?:type=\"hidden\" )?value=\"([^\"]+)\"");
  private static final Pattern CSRF_SPRING =
      Pattern.compile(
          "name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"|type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern MANUAL_KEY = Pattern.compile("<p><code>([A-Z2-7 ]+)</code></p>");
  private static final Pattern RECOVERY_CODE =
      Pattern.compile("<li><code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code></li>");

  private static final Pattern TRUSTED_COOKIE =
      Pattern.compile(
          TrustedBrowsersTest.COOKIE
              + "=([A-Za-z0-9_-]{43}); Path=[^;]*; Max-Age=[0-9]+; Expires=([^;]+);.*");

  private final List<String> urls = new ArrayList<>();
  private final List<String> bodies = new ArrayList<>();

  @Test
  void browsers_signInWithTheSecondFactor_andNothingSecretReachesAUrlOrALog() throws Exception {
    List<String> secrets = new ArrayList<>();
    String logText;
    try (Logs logs = Logs.capture();
        ConfigurableApplicationContext app =
            Apps.start(
                TestApp.class,
                "logging.level.root=DEBUG",
                "logging.level.org.apache.tomcat.util.net=INFO",
                "spring.datasource.url=jdbc:h2:mem:real-server")) {
      assertInstanceOf(JdbcCredentialRepository.class, app.getBean(CredentialRepository.class));
      FakeClock clock = app.getBean(FakeClock.class);
      String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
      String user = "frank";

      // First browser: password, then the enrollment that REQUIRED sends to.
      Browser first = new Browser(base);
      assertEquals("/login", path(first.get("/tickets").location()));
      first.signIn(user);
      assertEquals("/account/two-factor", path(first.get("/tickets?continue").location()));
      Page status = first.get("/account/two-factor");
      Page start = first.post("/account/two-factor/start", Map.of("_csrf", status.csrf()));
      Matcher key = MANUAL_KEY.matcher(start.body);
      assertTrue(key.find(), start.body);
      secrets.add(key.group(1));
      secrets.add(key.group(1).replace(" ", ""));
      SoftwareAuthenticator phone =
          SoftwareAuthenticator.scan(
              "otpauth://totp/ACME:frank?secret=" + key.group(1).replace(" ", ""));
      String firstCode = phone.code(clock);
      secrets.add(firstCode);
      String sessionBefore = first.session();
      Page confirmed =
          first.post(
              "/account/two-factor/confirm", Map.of("_csrf", start.csrf(), "code", firstCode));
      assertEquals(200, confirmed.status, confirmed.body);
      assertEquals("no-store", confirmed.header("Cache-Control"));
      assertNotEquals(sessionBefore, first.session(), "a new session id with the factor");
      List<String> recoveryCodes = new ArrayList<>();
      Matcher codes = RECOVERY_CODE.matcher(confirmed.body);
      while (codes.find()) {
        recoveryCodes.add(codes.group(1));
      }
      assertEquals(10, recoveryCodes.size());
      secrets.addAll(recoveryCodes);
      assertEquals("ticket list", first.get("/tickets?continue").body);

      // Second browser: the code page; the code used in the first is refused as used.
      Browser second = new Browser(base);
      second.signIn(user);
      assertEquals("/login/totp", path(second.get("/tickets").location()));
      Page codePage = second.get("/login/totp");
      Page replay = second.post("/login/totp", Map.of("_csrf", codePage.csrf(), "code", firstCode));
      assertTrue(replay.body.contains("That code was used already."), replay.body);
      assertEquals(
          403,
          second.post("/login/totp", Map.of("code", phone.code(clock))).status,
          "no CSRF token, no check");
      clock.advance(Duration.ofSeconds(30));
      String secondCode = phone.code(clock);
      secrets.add(secondCode);
      String before = second.session();
      Page accepted =
          second.post("/login/totp", Map.of("_csrf", replay.csrf(), "code", secondCode));
      assertEquals(302, accepted.status);
      assertEquals("/tickets", path(accepted.location()));
      assertNotEquals(before, second.session(), "a new session id with the factor");
      assertEquals("ticket list", second.get(accepted.location()).body);

      // Third browser: a recovery code instead of the phone.
      Browser third = new Browser(base);
      third.signIn(user);
      Page page = third.get("/login/totp");
      Page recovered =
          third.post(
              "/login/totp", Map.of("_csrf", page.csrf(), "recovery-code", recoveryCodes.get(0)));
      assertEquals("/account/two-factor", path(recovered.location()));
      assertEquals("ticket list", third.get("/tickets").body);
      logText = logs.text();
    }
    assertTrue(logText.contains("DEBUG"), "the log was captured at DEBUG");
    for (String secret : secrets) {
      assertFalse(logText.contains(secret), "a log line shows a secret or a code: " + secret);
      for (String url : urls) {
        assertFalse(url.contains(secret), "a URL shows a secret or a code: " + url);
      }
    }
  }

  @Test
  void trustedBrowser_signsInWithThePasswordAlone_andNoTokenReachesALogAUrlOrAPage()
      throws Exception {
    List<String> tokens = new ArrayList<>();
    String logText;
    try (Logs logs = Logs.capture();
        ConfigurableApplicationContext app =
            Apps.start(
                TestApp.class,
                "logging.level.root=DEBUG",
                "logging.level.org.apache.tomcat.util.net=INFO",
                "server.servlet.context-path=/helpdesk",
                "spring.datasource.url=jdbc:h2:mem:real-trusted")) {
      FakeClock clock = app.getBean(FakeClock.class);
      TwoFactor twoFactor = app.getBean(TwoFactor.class);
      SoftwareAuthenticator phone =
          SoftwareAuthenticator.scan(twoFactor.enroll("heidi", "heidi").uri().toUriString());
      assertTrue(twoFactor.confirm("heidi", phone.code(clock)).isAccepted());
      clock.advance(Duration.ofSeconds(30));
      String base =
          "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/helpdesk";

      // The code, with the box ticked.
      Browser browser = new Browser(base);
      browser.signIn("heidi");
      assertEquals("/helpdesk/login/totp", path(browser.get("/tickets").location()));
      Page codePage = browser.get("/login/totp");
      assertTrue(
          codePage.body.contains(
              "<label for=\"trust-browser\">Trust this browser for 30 days</label>"),
          codePage.body);
      Page trusted =
          browser.post(
              "/login/totp",
              Map.of("_csrf", codePage.csrf(), "code", phone.code(clock), "trust-browser", "on"));
      assertEquals("/helpdesk/tickets", path(trusted.location()));
      String setCookie = trusted.setCookie(TrustedBrowsersTest.COOKIE);
      Matcher cookie = TRUSTED_COOKIE.matcher(setCookie);
      assertTrue(cookie.matches(), setCookie);
      tokens.add(cookie.group(1));
      // Plain HTTP between loopback addresses: not Secure, or the browser would not keep it.
      assertEquals(
          "; Path=/helpdesk; Max-Age=2592000; Expires="
              + cookie.group(2)
              + "; HttpOnly;"
              + " SameSite=Lax",
          setCookie.substring(setCookie.indexOf(';')));

      // The browser is closed (its session cookie goes) and opened again days later.
      clock.advance(Duration.ofDays(2));
      browser.restart();
      browser.signIn("heidi");
      Page skipped = browser.get("/tickets");
      assertEquals("/helpdesk/tickets", path(skipped.location()), "no code page");
      Matcher rotated = TRUSTED_COOKIE.matcher(skipped.setCookie(TrustedBrowsersTest.COOKIE));
      assertTrue(rotated.matches(), skipped.headers.toString());
      assertNotEquals(tokens.get(0), rotated.group(1));
      tokens.add(rotated.group(1));
      assertEquals("ticket list", browser.get(skipped.location()).body);
      Page account = browser.get("/account/two-factor");
      // The JDK's HTTP client names no browser or system that the label knows.
      assertTrue(account.body.contains("<td>Browser (this browser)</td>"), account.body);

      // A copy of the first cookie, used after it was replaced: refused, and every trust ends.
      clock.advance(Duration.ofMinutes(1));
      Browser copy = new Browser(base);
      copy.addCookie(TrustedBrowsersTest.COOKIE, tokens.get(0), "/helpdesk");
      copy.signIn("heidi");
      Page refused = copy.get("/tickets");
      assertEquals("/helpdesk/login/totp", path(refused.location()));
      assertTrue(
          refused
              .setCookie(TrustedBrowsersTest.COOKIE)
              .startsWith(TrustedBrowsersTest.COOKIE + "=;"),
          refused.headers.toString());
      String notice = copy.get("/login/totp").body;
      assertTrue(notice.contains("sign-in cookie had already been used somewhere"), notice);
      assertEquals(List.of(), twoFactor.status("heidi").trustedDevices());
      browser.restart();
      browser.signIn("heidi");
      assertEquals("/helpdesk/login/totp", path(browser.get("/tickets").location()));
      logText = logs.text();
    }
    assertTrue(logText.contains("DEBUG"), "the log was captured at DEBUG");
    for (String token : tokens) {
      assertFalse(logText.contains(token), "a log line shows a token");
      for (String url : urls) {
        assertFalse(url.contains(token), "a URL shows a token: " + url);
      }
      for (String body : bodies) {
        assertFalse(body.contains(token), "a page shows a token");
      }
    }
  }

  @Test
  void forwardedFor_isTheClientAddressOfTheEvents_onlyFromATrustedProxy() throws Exception {
    RequestContext trusted =
        secondStepBehindAProxy(
            "server.forward-headers-strategy=native", "spring.datasource.url=jdbc:h2:mem:proxy");
    RequestContext untrusted =
        secondStepBehindAProxy(
            "server.forward-headers-strategy=native",
            "server.tomcat.remoteip.internal-proxies=10\\.0\\.0\\.1",
            "spring.datasource.url=jdbc:h2:mem:other-proxy");

    // Tomcat trusts the loopback interface as a proxy by default.
    assertEquals(Optional.of("203.0.113.7"), trusted.clientAddress());
    assertEquals(Optional.of("127.0.0.1"), untrusted.clientAddress());
    assertTrue(
        trusted.userAgent().orElseThrow().startsWith("Java-http-client/"), trusted.toString());
  }

  /** Signs in with a code through a proxy that says the client is 203.0.113.7. */
  private RequestContext secondStepBehindAProxy(String... properties) throws Exception {
    try (ConfigurableApplicationContext app = Apps.start(TestApp.class, properties)) {
      List<TwoFactorEvent> accepted = new CopyOnWriteArrayList<>();
      app.addApplicationListener(
          (PayloadApplicationEvent<TwoFactorEvent> e) -> {
            if (e.getPayload().type() == TwoFactorEvent.Type.ACCEPTED) {
              accepted.add(e.getPayload());
            }
          });
      FakeClock clock = app.getBean(FakeClock.class);
      TwoFactor twoFactor = app.getBean(TwoFactor.class);
      SoftwareAuthenticator phone =
          SoftwareAuthenticator.scan(twoFactor.enroll("grace", "grace").uri().toUriString());
      assertTrue(twoFactor.confirm("grace", phone.code(clock)).isAccepted());
      clock.advance(Duration.ofSeconds(30));
      String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
      Browser browser = new Browser(base, Map.of("X-Forwarded-For", "203.0.113.7"));
      browser.signIn("grace");
      Page page = browser.get("/login/totp");
      assertEquals(
          302,
          browser.post("/login/totp", Map.of("_csrf", page.csrf(), "code", phone.code(clock)))
              .status);
      assertEquals(1, accepted.size());
      return accepted.get(0).context();
    }
  }

  private static String path(String location) {
    return URI.create(location).getPath();
  }

  /** A page as a browser received it. */
  private static final class Page {
    final int status;
    final String body;
    final Map<String, List<String>> headers;

    Page(HttpResponse<String> response, List<String> bodies) {
      this.status = response.statusCode();
      this.body = response.body();
      bodies.add(body);
      this.headers = response.headers().map();
    }

    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    /** The {@code Set-Cookie} header of a cookie, or {@code null}. */
    String setCookie(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
          .flatMap(e -> e.getValue().stream())
          .filter(v -> v.startsWith(name + "="))
          .findFirst()
          .orElse(null);
    }

    String location() {
      return header("Location");
    }

    String csrf() {
      Matcher m = CSRF_SPRING.matcher(body);
      if (m.find()) {
        return m.group(1) != null ? m.group(1) : m.group(2);
      }
      Matcher own = CSRF.matcher(body);
      assertTrue(own.find(), body);
      return own.group(1);
    }
  }

  /** A browser: cookies, no automatic redirects, every URL recorded. */
  private final class Browser {
    private final String base;
    private final Map<String, String> headers;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient client;

    Browser(String base) {
      this(base, Map.of());
    }

    /** A browser behind a proxy that adds these headers to every request. */
    Browser(String base, Map<String, String> headers) {
      this.base = base;
      this.headers = headers;
      this.client =
          HttpClient.newBuilder()
              .cookieHandler(cookies)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
    }

    Page get(String pathOrUrl) throws Exception {
      String url = pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl;
      urls.add(url);
      Page page =
          new Page(
              client.send(
                  request(url).header("Accept-Language", "en").build(),
                  HttpResponse.BodyHandlers.ofString()),
              bodies);
      if (page.location() != null) {
        urls.add(page.location());
      }
      return page;
    }

    Page post(String path, Map<String, String> form) throws Exception {
      String url = base + path;
      urls.add(url);
      String body =
          new LinkedHashMap<>(form)
              .entrySet().stream()
                  .map(
                      e ->
                          URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                              + "="
                              + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                  .collect(Collectors.joining("&"));
      Page page =
          new Page(
              client.send(
                  request(url)
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .header("Accept-Language", "en")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString()),
              bodies);
      if (page.location() != null) {
        urls.add(page.location());
      }
      return page;
    }

    private HttpRequest.Builder request(String url) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
      headers.forEach(request::header);
      return request;
    }

    void signIn(String user) throws Exception {
      Page login = get("/login");
      Page signedIn =
          post(
              "/login",
              Map.of("_csrf", login.csrf(), "username", user, "password", TestApp.PASSWORD));
      assertEquals(302, signedIn.status, signedIn.body);
    }

    /** Closes and opens the browser: its session cookies go, the lasting ones stay. */
    void restart() {
      for (HttpCookie cookie : cookies.getCookieStore().getCookies()) {
        if (cookie.getMaxAge() < 0) {
          cookies.getCookieStore().remove(null, cookie);
        }
      }
    }

    /** Puts a cookie copied from another browser into this one. */
    void addCookie(String name, String value, String path) {
      HttpCookie cookie = new HttpCookie(name, value);
      cookie.setPath(path);
      // A Netscape cookie, as servers set them; version 1 would be sent quoted, with $Version.
      cookie.setVersion(0);
      cookie.setMaxAge(3600);
      cookies.getCookieStore().add(URI.create(base), cookie);
    }

    String session() {
      return cookies.getCookieStore().getCookies().stream()
          .filter(c -> c.getName().equals("JSESSIONID"))
          .map(HttpCookie::getValue)
          .findFirst()
          .orElseThrow();
    }
  }
}
