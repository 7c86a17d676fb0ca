package dev.twofactor.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.twofactor.Proof;
import dev.twofactor.RequestContext;
import dev.twofactor.TrustedDevice;
import dev.twofactor.TwoFactor;
import dev.twofactor.TwoFactorEvent;
import dev.twofactor.Verification;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.mock.web.MockCookie;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * "Trust this browser for 30 days" through Spring Security's filter chain: the checkbox, the
 * cookie's attributes, the sign-in without a code and the token's replacement at every use, a
 * copied cookie, the step-up, the list of trusted browsers, and the end of the trust with the
 * credential.
 */
final class TrustedBrowsersTest {
  static final String COOKIE = "twofactor-trusted-browser";
  static final String FIREFOX_ON_LINUX =
      "Mozilla/5.0 (X11; Linux x86_64; rv:135.0) Gecko/20100101 Firefox/135.0";
  static final String CHROME_ON_WINDOWS =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/133.0.0.0 Safari/537.36";
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final Duration THIRTY_DAYS = Duration.ofDays(30);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  ConfigurableApplicationContext app;
  MockMvc mvc;
  TwoFactor twoFactor;
  FakeClock clock;
  Host host;

  @BeforeEach
  void host() {
    app = Apps.shared(TestApp.class);
    mvc = Apps.mvc(app);
    twoFactor = app.getBean(TwoFactor.class);
    clock = app.getBean(FakeClock.class);
    host = new Host(mvc, twoFactor, clock);
  }

  @Test
  void codePage_offersToTrustTheBrowserForTheConfiguredLifetime_inALabelledCheckbox()
      throws Exception {
    String user = Host.newAccount("agent");
    host.enrolled(user);
    MockHttpSession session = host.signIn(user);

    String page = page(get("/login/totp").with(Host.browser(session)));

    assertTrue(
        page.contains(
            "<p><input type=\"checkbox\" id=\"trust-browser\" name=\"trust-browser\" value=\"on\""
                + " aria-describedby=\"trust-browser-hint\">\n"
                + "<label for=\"trust-browser\">Trust this browser for 30 days</label><br>\n"
                + "<small id=\"trust-browser-hint\">Tick it only on a computer that no one else"
                + " uses: this browser will then sign you in with your password alone.</small></p>\n"
                + "<button type=\"submit\" class=\"primary\">Verify</button>"),
        page);
    int form = page.indexOf("<form method=\"post\" action=\"/login/totp\">");
    assertTrue(
        form < page.indexOf("trust-browser")
            && page.indexOf("trust-browser") < page.indexOf("</form>"));
    assertFalse(page.contains("<script"), page);
  }

  @Test
  void wrongCode_keepsTheBoxAsTheUserLeftIt_andTrustsNothing() throws Exception {
    String user = Host.newAccount("agent");
    SoftwareAuthenticator phone = host.enrolled(user);
    MockHttpSession session = host.signIn(user);

    MockHttpServletResponse wrong =
        mvc.perform(
                post("/login/totp")
                    .with(Host.browser(session))
                    .param("code", wrongCode(phone))
                    .param("trust-browser", "on")
                    .with(csrf()))
            .andReturn()
            .getResponse();

    assertTrue(
        wrong
            .getContentAsString()
            .contains("value=\"on\" aria-describedby=\"trust-browser-hint\" checked>"),
        wrong.getContentAsString());
    assertNull(wrong.getCookie(COOKIE));
    assertEquals(List.of(), twoFactor.status(user).trustedDevices());
  }

  @Test
  void tickedBox_setsAnHttpOnlySecureLaxCookieOfTheContextPath_untilTheTrustEnds()
      throws Exception {
    String user = Host.newAccount("agent");
    SoftwareAuthenticator phone = host.enrolled(user);
    MockHttpSession session = host.signIn(user);
    List<TwoFactorEvent> events = events(user);

    MockHttpServletResponse response =
        mvc.perform(
                post("/helpdesk/login/totp")
                    .contextPath("/helpdesk")
                    .secure(true)
                    .with(Host.browser(session))
                    .header("User-Agent", FIREFOX_ON_LINUX)
                    .param("code", host.code(phone))
                    .param("trust-browser", "on")
                    .with(csrf()))
            .andExpect(redirectedUrl("/helpdesk/"))
            .andReturn()
            .getResponse();

    MockCookie cookie = (MockCookie) response.getCookie(COOKIE);
    assertNotNull(cookie, response.getHeaders("Set-Cookie").toString());
    assertTrue(TOKEN.matcher(cookie.getValue()).matches(), "a token of 256 bits");
    assertTrue(cookie.isHttpOnly());
    assertTrue(cookie.getSecure());
    assertEquals("Lax", cookie.getSameSite());
    assertEquals("/helpdesk", cookie.getPath());
    assertEquals(THIRTY_DAYS.toSeconds(), cookie.getMaxAge());
    assertNull(cookie.getDomain(), "the application's host only");
    List<TrustedDevice> trusted = twoFactor.status(user).trustedDevices();
    assertEquals(1, trusted.size());
    assertEquals("Firefox on Linux", trusted.get(0).label());
    assertEquals(clock.instant().plus(THIRTY_DAYS), trusted.get(0).expiresAt());
    TwoFactorEvent event = only(events, TwoFactorEvent.Type.DEVICE_TRUSTED);
    assertEquals(Optional.of(trusted.get(0).id()), event.device());
    assertEquals(Optional.of(FIREFOX_ON_LINUX), event.context().userAgent());
  }

  @Test
  void cookie_isSecure_unlessPlainHttpBetweenLoopbackAddresses() throws Exception {
    // Plain HTTP from and to the loopback interface: a developer's machine.
    assertFalse(trustedCookie(b -> b.with(localhost())).getSecure());
    // Plain HTTP to any other host name, or from another address: still Secure, so that a
    // browser never sends it in the clear (over plain HTTP it is then not kept at all).
    assertTrue(
        trustedCookie(b -> b.with(localhost()).with(r -> serverName(r, "helpdesk.example")))
            .getSecure());
    assertTrue(
        trustedCookie(
                b ->
                    b.with(localhost())
                        .with(
                            r -> {
                              r.setRemoteAddr("203.0.113.9");
                              return r;
                            }))
            .getSecure());
    assertTrue(
        trustedCookie(
                b ->
                    b.with(localhost())
                        .with(
                            r -> {
                              r.setSecure(true);
                              return r;
                            }))
            .getSecure());
    assertEquals("/", trustedCookie(b -> b.with(localhost())).getPath());
  }

  @Test
  void trustedBrowser_skipsTheCodePage_withAFactorIssuedAtTheCookiesUse_andANewTokenEachTime()
      throws Exception {
    String user = Host.newAccount("agent");
    SoftwareAuthenticator phone = host.enrolled(user);
    String first = trust(user, phone, FIREFOX_ON_LINUX);
    List<TwoFactorEvent> events = events(user);
    clock.advance(Duration.ofDays(3));
    Instant use = clock.instant();
    MockHttpSession session = host.signIn(user);
    String before = session.getId();

    MockHttpServletResponse signedIn = withCookie(session, first, "/tickets");

    assertEquals("/tickets?continue", signedIn.getRedirectedUrl(), "no code page");
    String second = signedIn.getCookie(COOKIE).getValue();
    assertNotEquals(first, second, "the token is replaced at its use");
    assertTrue(TOKEN.matcher(second).matches());
    assertEquals(
        Duration.ofDays(27).toSeconds(),
        signedIn.getCookie(COOKIE).getMaxAge(),
        "the trust ends 30 days after the box was ticked, however often it is used");
    assertNotEquals(before, session.getId(), "a new session id with the factor");
    assertEquals(use, factor(session).getIssuedAt());
    mvc.perform(get("/tickets?continue").with(Host.browser(session))).andExpect(status().isOk());
    TrustedDevice device = twoFactor.status(user).trustedDevices().get(0);
    assertEquals(use, device.lastUsed());
    assertEquals(
        Optional.of(device.id()), only(events, TwoFactorEvent.Type.DEVICE_SIGNED_IN).device());

    clock.advance(Duration.ofDays(1));
    MockHttpServletResponse again = withCookie(host.signIn(user), second, "/tickets");
    assertEquals("/tickets?continue", again.getRedirectedUrl());
    assertNotEquals(second, again.getCookie(COOKIE).getValue());
  }

  @Test
  void parallelRequestWithTheSameCookie_withinTheGracePeriod_signsInAndKeepsTheCookie()
      throws Exception {
    String user = Host.newAccount("agent");
    SoftwareAuthenticator phone = host.enrolled(user);
    String token = trust(user, phone, FIREFOX_ON_LINUX);
    MockHttpSession one = host.signIn(user);
    MockHttpSession other = host.signIn(user);

    String replaced = withCookie(one, token, "/tickets").getCookie(COOKIE).getValue();
    clock.advance(Duration.ofSeconds(9));
    MockHttpServletResponse parallel = withCookie(other, token, "/tickets");

    assertEquals("/tickets?continue", parallel.getRedirectedUrl());
    assertNull(parallel.getCookie(COOKIE), "the other response carries the new token");
    clock.advance(Duration.ofSeconds(60));
    assertEquals(
        "/tickets?continue",
        withCookie(host.signIn(user), replaced, "/tickets").getRedirectedUrl());
  }

  @Test
  void copiedCookie_usedAfterTheOriginalWasReplaced_isRefused_andEndsTheTrustOfEveryBrowser()
      throws Exception {
    String user = Host.newAccount("agent");
    SoftwareAuthenticator phone = host.enrolled(user);
    String original = trust(user, phone, FIREFOX_ON_LINUX);
    host.nextStep();
    String otherBrowser = trust(user, phone, CHROME_ON_WINDOWS);
    String copy = original;
    List<TwoFactorEvent> events = events(user);
    String replaced =
        withCookie(host.signIn(user), original, "/tickets").getCookie(COOKIE).getValue();
    clock.advance(Duration.ofMinutes(5));

    MockHttpSession thief = host.signIn(user);
    MockHttpServletResponse refused = withCookie(thief, copy, "/tickets");

    assertEquals("/login/totp", refused.getRedirectedUrl());
    assertCleared(refused);
    assertEquals(List.of(), twoFactor.status(user).trustedDevices());
    only(events, TwoFactorEvent.Type.DEVICE_TOKEN_REUSED);
    String page =
        mvc.perform(get("/login/totp").with(Host.browser(thief)))
            .andExpect(request().attribute(TwoFactorConfigurer.TRUST_ENDED_ATTRIBUTE, true))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertTrue(
        page.contains(
            "<div class=\"alert alert-danger\" role=\"alert\">This browser&#39;s sign-in cookie had"
                + " already been used somewhere else, so someone may have copied it."),
        page);
    // The original browser's new token and the other browser's are refused too.
    for (String token : List.of(replaced, otherBrowser)) {
      MockHttpServletResponse response = withCookie(host.signIn(user), token, "/tickets");
      assertEquals("/login/totp", response.getRedirectedUrl());
      assertCleared(response);
    }
    // After a code, the notice is gone.
    host.nextStep();
    host.submitCode(thief, host.code(phone));
    mvc.perform(get("/").with(Host.browser(thief)))
        .andExpect(request().attribute(TwoFactorConfigurer.TRUST_ENDED_ATTRIBUTE, (Object) null));
  }

  @Test
  void stepUp_afterATrustedBrowserSignIn_stillAsksForACode() throws Exception {
    String user = Host.newAccount("agent");
    SoftwareAuthenticator phone = host.enrolled(user);
    String token = trust(user, phone, FIREFOX_ON_LINUX);
    MockHttpSession session = host.signIn(user);
    String next = withCookie(session, token, "/tickets").getCookie(COOKIE).getValue();

    // The factor is recent, but a browser gives no proof: turning off needs a code.
    MockHttpServletResponse disable =
        mvc.perform(
                get("/account/two-factor/disable")
                    .with(Host.browser(session))
                    .cookie(new Cookie(COOKIE, next)))
            .andReturn()
            .getResponse();
    assertEquals("/login/totp", disable.getRedirectedUrl());
    assertNull(disable.getCookie(COOKIE), "the cookie is neither used nor cleared");
    // Older than the step-up: a code again, never the cookie.
    clock.advance(Duration.ofMinutes(6));
    MockHttpServletResponse old =
        mvc.perform(
                get("/account/two-factor/recovery-codes")
                    .with(Host.browser(session))
                    .cookie(new Cookie(COOKIE, next)))
            .andReturn()
            .getResponse();
    assertEquals("/login/totp", old.getRedirectedUrl());
    assertNull(old.getCookie(COOKIE));
    assertEquals(
        "/account/two-factor/recovery-codes?continue",
        host.submitCode(session, host.code(phone)).getResponse().getRedirectedUrl());
    mvc.perform(get("/account/two-factor/recovery-codes?continue").with(Host.browser(session)))
        .andExpect(status().isOk());
  }

  @Test
  void enrollmentPage_listsTrustedBrowsers_andForgetsOneOrAll_withTheCsrfToken() throws Exception {
    String user = Host.newAccount("agent");
    SoftwareAuthenticator phone = host.enrolled(user);
    Instant firstTrusted = clock.instant();
    String firefox = trust(user, phone, FIREFOX_ON_LINUX);
    host.nextStep();
    MockHttpSession session = host.signIn(user);
    String chrome = trustIn(session, phone, CHROME_ON_WINDOWS, b -> b).getCookie(COOKIE).getValue();
    String firefoxId = deviceId(user, "Firefox on Linux");
    String chromeId = deviceId(user, "Chrome on Windows");

    String page = page(get("/account/two-factor").with(Host.browser(session)));

    assertTrue(page.contains("<h3>Trusted browsers</h3>"), page);
    assertTrue(
        page.contains(
            "<tr class=\"v-middle\"><td>Firefox on Linux</td><td>"
                + TIME.format(firstTrusted)
                + "</td><td>"
                + TIME.format(firstTrusted)
                + "</td><td>"
                + TIME.format(firstTrusted.plus(THIRTY_DAYS))
                + "</td><td>"),
        page);
    assertTrue(page.contains("<td>Chrome on Windows (this browser)</td>"), page);
    assertTrue(
        page.contains(
            "<input type=\"hidden\" name=\"device\" value=\""
                + firefoxId
                + "\">\n<button type=\"submit\" class=\"small\">Forget<span"
                + " class=\"screenreader\"> Firefox on Linux</span></button>"),
        page);
    assertTrue(page.contains("<button type=\"submit\">Forget all browsers</button>"), page);
    for (String token : List.of(firefox, chrome)) {
      assertFalse(page.contains(token), "no token in the page");
    }

    mvc.perform(
            post("/account/two-factor/browsers/forget")
                .param("device", firefoxId)
                .with(Host.browser(session)))
        .andExpect(status().isForbidden());
    mvc.perform(
            post("/account/two-factor/browsers/forget")
                .param("device", firefoxId)
                .with(Host.browser(session))
                .with(csrf()))
        .andExpect(status().isSeeOther())
        .andExpect(redirectedUrl("/account/two-factor?forgotten=one"));
    assertEquals(
        List.of(chromeId),
        twoFactor.status(user).trustedDevices().stream().map(TrustedDevice::id).toList());
    assertEquals("/login/totp", withCookie(host.signIn(user), firefox, "/").getRedirectedUrl());
    String forgotten = page(get("/account/two-factor?forgotten=one").with(Host.browser(session)));
    assertTrue(
        forgotten.contains("The browser is forgotten: it asks for a code at its next sign-in."),
        forgotten);

    MockHttpServletResponse all =
        mvc.perform(
                post("/account/two-factor/browsers/forget-all")
                    .with(Host.browser(session))
                    .cookie(new Cookie(COOKIE, chrome))
                    .with(csrf()))
            .andExpect(status().isSeeOther())
            .andExpect(redirectedUrl("/account/two-factor?forgotten=all"))
            .andReturn()
            .getResponse();
    assertCleared(all);
    assertEquals(List.of(), twoFactor.status(user).trustedDevices());
    assertTrue(
        page(get("/account/two-factor").with(Host.browser(session)))
            .contains("<p>No browser is trusted: every sign-in asks for a code."));
  }

  @Test
  void forgettingAnotherAccountsBrowser_changesNothing() throws Exception {
    String owner = Host.newAccount("agent");
    SoftwareAuthenticator ownerPhone = host.enrolled(owner);
    String token = trust(owner, ownerPhone, FIREFOX_ON_LINUX);
    String device = deviceId(owner, "Firefox on Linux");
    String other = Host.newAccount("agent");
    SoftwareAuthenticator otherPhone = host.enrolled(other);
    MockHttpSession session = host.signIn(other);
    host.submitCode(session, host.code(otherPhone));

    mvc.perform(
            post("/account/two-factor/browsers/forget")
                .param("device", device)
                .with(Host.browser(session))
                .with(csrf()))
        .andExpect(status().isSeeOther());
    mvc.perform(
            post("/account/two-factor/browsers/forget")
                .param("device", "x".repeat(65))
                .with(Host.browser(session))
                .with(csrf()))
        .andExpect(status().isBadRequest());

    assertEquals(1, twoFactor.status(owner).trustedDevices().size());
    // Nor does the owner's cookie sign the other account in: it is none of its browsers.
    MockHttpServletResponse refused = withCookie(host.signIn(other), token, "/tickets");
    assertEquals("/login/totp", refused.getRedirectedUrl());
    assertCleared(refused);
    assertEquals(1, twoFactor.status(owner).trustedDevices().size());
  }

  @Test
  void administratorsReset_endsTheTrust_andTheCookieIsCleared() throws Exception {
    String user = Host.newAccount("agent");
    SoftwareAuthenticator phone = host.enrolled(user);
    String token = trust(user, phone, FIREFOX_ON_LINUX);

    assertTrue(app.getBean(TwoFactorAdministration.class).reset(user, "admin-1"));
    MockHttpServletResponse response = withCookie(host.signIn(user), token, "/tickets");

    assertEquals("/account/two-factor", response.getRedirectedUrl(), "REQUIRED: set up again");
    assertCleared(response);
  }

  @Test
  void disableAndReplacement_endTheTrust() throws Exception {
    String user = Host.newAccount("agent");
    SoftwareAuthenticator phone = host.enrolled(user);
    String token = trust(user, phone, FIREFOX_ON_LINUX);
    host.nextStep();
    Verification signedIn = twoFactor.verify(user, host.code(phone));
    SoftwareAuthenticator newPhone =
        SoftwareAuthenticator.scan(
            twoFactor.enroll(user, user, Proof.token(signedIn.proof())).uri().toUriString());
    assertTrue(twoFactor.confirm(user, host.code(newPhone)).isAccepted());

    MockHttpServletResponse afterReplacement = withCookie(host.signIn(user), token, "/tickets");
    assertEquals("/login/totp", afterReplacement.getRedirectedUrl());
    assertCleared(afterReplacement);

    host.nextStep();
    String again = trust(user, newPhone, FIREFOX_ON_LINUX);
    host.nextStep();
    assertTrue(twoFactor.disable(user, Proof.code(host.code(newPhone))));
    MockHttpServletResponse afterDisable = withCookie(host.signIn(user), again, "/tickets");
    assertEquals("/account/two-factor", afterDisable.getRedirectedUrl());
    assertCleared(afterDisable);
  }

  @Test
  void malformedOrExpiredCookie_isCleared_andTheCodePageAsks() throws Exception {
    String user = Host.newAccount("agent");
    SoftwareAuthenticator phone = host.enrolled(user);
    String token = trust(user, phone, FIREFOX_ON_LINUX);

    MockHttpServletResponse malformed = withCookie(host.signIn(user), "not a token", "/tickets");
    assertEquals("/login/totp", malformed.getRedirectedUrl());
    assertCleared(malformed);

    clock.advance(THIRTY_DAYS);
    MockHttpServletResponse expired = withCookie(host.signIn(user), token, "/tickets");
    assertEquals("/login/totp", expired.getRedirectedUrl());
    assertCleared(expired);
    assertEquals(List.of(), twoFactor.status(user).trustedDevices());
  }

  @Test
  void failedAttemptsElsewhere_areToldAfterATrustedBrowserSignIn() throws Exception {
    String user = Host.newAccount("agent");
    SoftwareAuthenticator phone = host.enrolled(user);
    String token = trust(user, phone, FIREFOX_ON_LINUX);
    for (int i = 0; i < 2; i++) {
      twoFactor
          .withContext(RequestContext.of("203.0.113." + i, null))
          .verify(user, wrongCode(phone));
    }
    MockHttpSession session = host.signIn(user);

    withCookie(session, token, "/");

    mvc.perform(get("/").with(Host.browser(session)))
        .andExpect(request().attribute(TwoFactorConfigurer.FAILED_ATTEMPTS_ATTRIBUTE, 2));
  }

  @Test
  void otherSettings_nameTheLifetime_andTheCookie_orTurnTheCheckboxOff() throws Exception {
    try (ConfigurableApplicationContext other =
        Apps.start(
            TestApp.class,
            "twofactor.trusted-devices.lifetime=12h",
            "twofactor.trusted-devices.cookie-name=tf-trust",
            "spring.datasource.url=jdbc:h2:mem:trusted-12h")) {
      Host h =
          new Host(Apps.mvc(other), other.getBean(TwoFactor.class), other.getBean(FakeClock.class));
      String user = Host.newAccount("agent");
      SoftwareAuthenticator phone = h.enrolled(user);
      MockHttpSession session = h.signIn(user);
      MockMvc otherMvc = Apps.mvc(other);
      assertTrue(
          otherMvc
              .perform(get("/login/totp").with(Host.browser(session)))
              .andReturn()
              .getResponse()
              .getContentAsString()
              .contains("<label for=\"trust-browser\">Trust this browser for 12 hours</label>"));
      MockHttpServletResponse trusted =
          otherMvc
              .perform(
                  post("/login/totp")
                      .with(Host.browser(session))
                      .param("code", h.code(phone))
                      .param("trust-browser", "on")
                      .with(csrf()))
              .andReturn()
              .getResponse();
      assertEquals(Duration.ofHours(12).toSeconds(), trusted.getCookie("tf-trust").getMaxAge());
    }
    try (ConfigurableApplicationContext off =
        Apps.start(
            TestApp.class,
            "twofactor.trusted-devices.enabled=false",
            "spring.datasource.url=jdbc:h2:mem:trusted-off")) {
      TwoFactor service = off.getBean(TwoFactor.class);
      FakeClock offClock = off.getBean(FakeClock.class);
      MockMvc offMvc = Apps.mvc(off);
      Host h = new Host(offMvc, service, offClock);
      String user = Host.newAccount("agent");
      SoftwareAuthenticator phone = h.enrolled(user);
      MockHttpSession session = h.signIn(user);
      assertFalse(
          offMvc
              .perform(get("/login/totp").with(Host.browser(session)))
              .andReturn()
              .getResponse()
              .getContentAsString()
              .contains("trust-browser"));
      // Neither a ticked box (from an old page) nor a cookie of the service's does anything.
      MockHttpServletResponse accepted =
          offMvc
              .perform(
                  post("/login/totp")
                      .with(Host.browser(session))
                      .param("code", h.code(phone))
                      .param("trust-browser", "on")
                      .with(csrf()))
              .andReturn()
              .getResponse();
      assertEquals(302, accepted.getStatus());
      assertNull(accepted.getCookie(COOKIE));
      String token =
          service
              .trustDevice(
                  user,
                  Proof.token(
                      service
                          .verify(user, phone.codeAt(offClock.instant().plusSeconds(30)))
                          .proof()),
                  "Firefox on Linux")
              .token();
      MockHttpServletResponse ignored =
          offMvc
              .perform(
                  get("/tickets")
                      .with(Host.browser(h.signIn(user)))
                      .cookie(new Cookie(COOKIE, token)))
              .andReturn()
              .getResponse();
      assertEquals("/login/totp", ignored.getRedirectedUrl());
      assertNull(ignored.getCookie(COOKIE), "left alone");
    }
  }

  @Test
  void label_namesTheBrowserAndTheSystem_fromTheNamesItKnows() {
    assertEquals("Firefox", TrustedBrowsers.browser(FIREFOX_ON_LINUX));
    assertEquals("Linux", TrustedBrowsers.system(FIREFOX_ON_LINUX));
    assertEquals("Chrome", TrustedBrowsers.browser(CHROME_ON_WINDOWS));
    assertEquals("Windows", TrustedBrowsers.system(CHROME_ON_WINDOWS));
    String edge = CHROME_ON_WINDOWS + " Edg/133.0.0.0";
    assertEquals("Edge", TrustedBrowsers.browser(edge));
    String safari =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
            + " Gecko) Version/18.3 Mobile/15E148 Safari/604.1";
    assertEquals("Safari", TrustedBrowsers.browser(safari));
    assertEquals("iOS", TrustedBrowsers.system(safari));
    String samsung =
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " SamsungBrowser/27.0 Chrome/125.0.0.0 Mobile Safari/537.36";
    assertEquals("Samsung Internet", TrustedBrowsers.browser(samsung));
    assertEquals("Android", TrustedBrowsers.system(samsung));
    String mac =
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
            + " Version/18.3 Safari/605.1.15";
    assertEquals("macOS", TrustedBrowsers.system(mac));
    assertNull(TrustedBrowsers.browser("curl/8.11.1"));
    assertNull(TrustedBrowsers.system("curl/8.11.1"));
  }

  @Test
  void label_isOneTheServiceAccepts_whateverTheText() {
    assertEquals("Firefox on Linux", TrustedBrowsers.sanitized("Firefox on Linux", "Browser"));
    assertEquals(
        "Firefox on Linux",
        TrustedBrowsers.sanitized(" Firefox\u202E on\t\n Linux\u0000 ", "Browser"));
    assertEquals("Browser", TrustedBrowsers.sanitized("\u200F\u0007 \uD800", "Browser"));
    assertEquals("x".repeat(100), TrustedBrowsers.sanitized("x".repeat(150), "Browser"));
    // A pair of surrogates is not cut in half.
    assertEquals(
        "x".repeat(99), TrustedBrowsers.sanitized("x".repeat(99) + "\uD83D\uDE00", "Browser"));
    assertEquals("Navigateur", TrustedBrowsers.sanitized("", "Navigateur"));
  }

  @Test
  void loopback_isTheLoopbackInterfaceByNameOrAddress_only() {
    for (String host :
        List.of(
            "localhost", "LOCALHOST", "app.localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]")) {
      assertTrue(TrustedBrowsers.isLoopback(host), host);
    }
    for (String host :
        List.of(
            "localhost.example", "127.0.0.1.example", "10.0.0.1", "::2", "helpdesk.example", "")) {
      assertFalse(TrustedBrowsers.isLoopback(host), host);
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Signs in with the password and a code, ticking the box; returns the cookie's token. */
  private String trust(String user, SoftwareAuthenticator phone, String userAgent)
      throws Exception {
    return trustIn(host.signIn(user), phone, userAgent, b -> b).getCookie(COOKIE).getValue();
  }

  private MockHttpServletResponse trustIn(
      MockHttpSession session,
      SoftwareAuthenticator phone,
      String userAgent,
      java.util.function.UnaryOperator<MockHttpServletRequestBuilder> request)
      throws Exception {
    MockHttpServletResponse response =
        mvc.perform(
                request.apply(
                    post("/login/totp")
                        .with(Host.browser(session))
                        .header("User-Agent", userAgent)
                        .param("code", host.code(phone))
                        .param("trust-browser", "on")
                        .with(csrf())))
            .andReturn()
            .getResponse();
    assertEquals(302, response.getStatus(), response.getContentAsString());
    return response;
  }

  /** Trusts a new account's browser with this request; returns the cookie. */
  private MockCookie trustedCookie(
      java.util.function.UnaryOperator<MockHttpServletRequestBuilder> request) throws Exception {
    String user = Host.newAccount("agent");
    SoftwareAuthenticator phone = host.enrolled(user);
    MockCookie cookie =
        (MockCookie) trustIn(host.signIn(user), phone, FIREFOX_ON_LINUX, request).getCookie(COOKIE);
    assertNotNull(cookie);
    return cookie;
  }

  /** A request from and to the loopback interface over plain HTTP. */
  private static org.springframework.test.web.servlet.request.RequestPostProcessor localhost() {
    return r -> {
      r.setRemoteAddr("127.0.0.1");
      r.setServerName("localhost");
      r.setSecure(false);
      return r;
    };
  }

  private static org.springframework.mock.web.MockHttpServletRequest serverName(
      org.springframework.mock.web.MockHttpServletRequest request, String name) {
    request.setServerName(name);
    return request;
  }

  /** Requests a page after the password with the browser's cookie. */
  private MockHttpServletResponse withCookie(MockHttpSession session, String token, String path)
      throws Exception {
    return mvc.perform(get(path).with(Host.browser(session)).cookie(new Cookie(COOKIE, token)))
        .andReturn()
        .getResponse();
  }

  private static void assertCleared(MockHttpServletResponse response) {
    MockCookie cookie = (MockCookie) response.getCookie(COOKIE);
    assertNotNull(cookie, "the cookie is cleared");
    assertEquals("", cookie.getValue());
    assertEquals(0, cookie.getMaxAge());
    assertTrue(cookie.isHttpOnly());
    assertEquals("Lax", cookie.getSameSite());
  }

  private String page(MockHttpServletRequestBuilder request) throws Exception {
    MvcResult result = mvc.perform(request).andExpect(status().isOk()).andReturn();
    return result.getResponse().getContentAsString();
  }

  private String deviceId(String user, String label) {
    return twoFactor.status(user).trustedDevices().stream()
        .filter(d -> d.label().equals(label))
        .map(TrustedDevice::id)
        .findFirst()
        .orElseThrow();
  }

  /** The account's events from now on. */
  private List<TwoFactorEvent> events(String user) {
    List<TwoFactorEvent> events = new CopyOnWriteArrayList<>();
    app.addApplicationListener(
        (PayloadApplicationEvent<TwoFactorEvent> e) -> {
          if (e.getPayload().accountId().equals(user)) {
            events.add(e.getPayload());
          }
        });
    return events;
  }

  private static TwoFactorEvent only(List<TwoFactorEvent> events, TwoFactorEvent.Type type) {
    List<TwoFactorEvent> found = events.stream().filter(e -> e.type() == type).toList();
    assertEquals(1, found.size(), events.toString());
    return found.get(0);
  }

  private static FactorGrantedAuthority factor(MockHttpSession session) {
    SecurityContext context = (SecurityContext) session.getAttribute("SPRING_SECURITY_CONTEXT");
    Authentication authentication = context.getAuthentication();
    return authentication.getAuthorities().stream()
        .filter(a -> TwoFactorConfigurer.TOTP_AUTHORITY.equals(a.getAuthority()))
        .map(FactorGrantedAuthority.class::cast)
        .findFirst()
        .orElseThrow();
  }

  /** A code that the phone shows at none of the steps of the window. */
  private String wrongCode(SoftwareAuthenticator phone) {
    List<String> window =
        List.of(
            phone.codeAt(clock.instant().minusSeconds(30)),
            phone.code(clock),
            phone.codeAt(clock.instant().plusSeconds(30)));
    for (String candidate : List.of("000000", "111111", "222222", "333333")) {
      if (!window.contains(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("four candidates in a window of three codes");
  }
}
