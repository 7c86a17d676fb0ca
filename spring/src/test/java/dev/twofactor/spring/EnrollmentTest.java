package dev.twofactor.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.twofactor.CredentialStatus;
import dev.twofactor.TwoFactor;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/** The enrollment page, policy REQUIRED: set up, confirm, recovery codes, step-up, replace, off. */
final class EnrollmentTest {
  private static final Pattern MANUAL_KEY = Pattern.compile("<p><code>([A-Z2-7 ]+)</code></p>");
  private static final Pattern RECOVERY_CODE =
      Pattern.compile("<li><code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code></li>");

  MockMvc mvc;
  TwoFactor twoFactor;
  FakeClock clock;
  Host host;

  @BeforeEach
  void host() {
    ConfigurableApplicationContext app = Apps.shared(TestApp.class);
    mvc = Apps.mvc(app);
    twoFactor = app.getBean(TwoFactor.class);
    clock = app.getBean(FakeClock.class);
    host = new Host(mvc, twoFactor, clock);
  }

  @Test
  void firstSignIn_underRequired_enrollsConfirmsShowsRecoveryCodesOnceAndResumes()
      throws Exception {
    String user = Host.newAccount("dave");
    MockHttpSession session = host.signIn(user);
    mvc.perform(get("/tickets").with(Host.browser(session)))
        .andExpect(redirectedUrl("/account/two-factor"));
    String status = page(get("/account/two-factor"), session).getContentAsString();
    assertTrue(status.contains("Your account needs two-factor sign-in before you can go on."));

    SoftwareAuthenticator phone = start(session);
    String before = session.getId();
    MockHttpServletResponse confirmed = confirm(session, phone);

    assertEquals("no-store", confirmed.getHeader("Cache-Control"));
    String html = confirmed.getContentAsString();
    assertEquals(10, recoveryCodes(html).size(), html);
    assertTrue(html.contains("<a href=\"/tickets?continue\">Continue</a>"), html);
    assertNotEquals(before, session.getId(), "the session id changes when the factor is added");
    mvc.perform(get("/tickets?continue").with(Host.browser(session))).andExpect(status().isOk());
    assertEquals(CredentialStatus.State.ACTIVE, twoFactor.status(user).state());
    String on = page(get("/account/two-factor"), session).getContentAsString();
    assertTrue(on.contains("Two-factor sign-in is on."), on);
    assertTrue(on.contains("Recovery codes left: 10."), on);
    assertFalse(recoveryCodes(on).size() > 0, "recovery codes are shown once");
  }

  @Test
  void startPage_showsQrCodeManualKeyAndAdvice_withoutCaching() throws Exception {
    MockHttpSession session = host.signIn(Host.newAccount("dave"));

    MockHttpServletResponse response = page(post("/account/two-factor/start"), session);

    assertEquals("no-store", response.getHeader("Cache-Control"));
    String html = response.getContentAsString();
    assertTrue(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), html);
    assertTrue(html.contains("<title>QR code for your authenticator app</title>"), html);
    assertTrue(MANUAL_KEY.matcher(html).find(), html);
    assertTrue(html.contains("These settings work in every common authenticator app."), html);
    assertTrue(html.contains("autocomplete=\"one-time-code\" inputmode=\"numeric\""), html);
  }

  @Test
  void wrongFirstCode_isRefusedAndTheSetupStaysPending() throws Exception {
    String user = Host.newAccount("dave");
    MockHttpSession session = host.signIn(user);
    SoftwareAuthenticator phone = start(session);
    String wrong = host.code(phone).equals("000000") ? "111111" : "000000";

    String html =
        page(post("/account/two-factor/confirm").param("code", wrong), session)
            .getContentAsString();

    assertTrue(html.contains("That code is not right."), html);
    assertEquals(CredentialStatus.State.PENDING, twoFactor.status(user).state());
    mvc.perform(get("/tickets").with(Host.browser(session)))
        .andExpect(redirectedUrl("/account/two-factor"));
  }

  @Test
  void wrongFirstCode_showsTheSameQrCodeAndKeyAgain_underTheError() throws Exception {
    MockHttpSession session = host.signIn(Host.newAccount("dave"));
    String started = page(post("/account/two-factor/start"), session).getContentAsString();
    String key = manualKey(started);
    SoftwareAuthenticator phone = scan(key);
    String wrong = host.code(phone).equals("000000") ? "111111" : "000000";

    String html =
        page(post("/account/two-factor/confirm").param("code", wrong), session)
            .getContentAsString();

    assertTrue(html.contains("That code is not right."), html);
    assertEquals(key, manualKey(html));
    assertEquals(qrCode(started), qrCode(html));
    assertTrue(html.indexOf("That code is not right.") < html.indexOf("<svg"), html);
    assertTrue(html.contains("Start again with a new QR code"), html);
    assertTrue(confirm(session, phone).getContentAsString().contains("Your recovery codes"));
  }

  @Test
  void wrongFirstCode_afterTheSetUpWasStartedAgainElsewhere_showsNoOldQrCode() throws Exception {
    String user = Host.newAccount("dave");
    MockHttpSession session = host.signIn(user);
    SoftwareAuthenticator phone = start(session);
    clock.advance(Duration.ofMinutes(1));
    twoFactor.enroll(user, user);
    String old = host.code(phone);

    String html =
        page(post("/account/two-factor/confirm").param("code", old), session).getContentAsString();

    assertTrue(html.contains("That code is not right."), html);
    assertFalse(html.contains("<svg"), html);
    assertFalse(MANUAL_KEY.matcher(html).find(), html);
    assertTrue(html.contains("Start again with a new QR code"), html);
  }

  @Test
  void activeAccount_withPasswordOnly_cannotReachTheEnrollmentPages() throws Exception {
    String user = Host.newAccount("erin");
    host.enrolled(user);
    MockHttpSession session = host.signIn(user);

    for (var request :
        List.of(
            get("/account/two-factor"),
            get("/account/two-factor/disable"),
            post("/account/two-factor/start"),
            post("/account/two-factor/disable"),
            post("/account/two-factor/recovery-codes"))) {
      mvc.perform(request.with(Host.browser(session)).with(csrf()))
          .andExpect(redirectedUrl("/login/totp"));
    }
    CredentialStatus status = twoFactor.status(user);
    assertEquals(CredentialStatus.State.ACTIVE, status.state());
    assertTrue(status.pendingExpiresAt().isEmpty(), "no replacement was started");
  }

  @Test
  void disable_withoutARecentFactor_stepsUpFirst() throws Exception {
    String user = Host.newAccount("erin");
    SoftwareAuthenticator phone = host.enrolled(user);
    MockHttpSession session = host.signIn(user);
    assertEquals(302, host.submitCode(session, host.code(phone)).getResponse().getStatus());
    clock.advance(Duration.ofMinutes(6));

    // A POST is not saved to come back to: it goes by its confirmation page, which asks first.
    mvc.perform(post("/account/two-factor/disable").with(Host.browser(session)).with(csrf()))
        .andExpect(status().isSeeOther())
        .andExpect(redirectedUrl("/account/two-factor/disable"));
    assertEquals(CredentialStatus.State.ACTIVE, twoFactor.status(user).state());
    mvc.perform(get("/account/two-factor/disable").with(Host.browser(session)))
        .andExpect(redirectedUrl("/login/totp"));
    assertEquals(
        "/account/two-factor/disable?continue",
        host.submitCode(session, host.code(phone)).getResponse().getRedirectedUrl());
    String form = page(get("/account/two-factor/disable?continue"), session).getContentAsString();
    assertTrue(form.contains("action=\"/account/two-factor/disable\""), form);
    // Turning it off is not the page's main action: no primary button.
    assertTrue(form.contains("<button type=\"submit\" class=\"danger\">Turn off</button>"), form);
    assertFalse(form.contains("class=\"primary\""), form);
    mvc.perform(post("/account/two-factor/disable").with(Host.browser(session)).with(csrf()))
        .andExpect(status().isSeeOther())
        .andExpect(redirectedUrl("/account/two-factor"));

    assertEquals(CredentialStatus.State.NONE, twoFactor.status(user).state());
  }

  @Test
  void newRecoveryCodes_afterARecentCode_replaceTheOldOnes() throws Exception {
    String user = Host.newAccount("erin");
    SoftwareAuthenticator phone = host.enrolled(user);
    MockHttpSession session = host.signIn(user);
    host.submitCode(session, host.code(phone));

    MockHttpServletResponse response = page(post("/account/two-factor/recovery-codes"), session);

    assertEquals("no-store", response.getHeader("Cache-Control"));
    List<String> codes = recoveryCodes(response.getContentAsString());
    assertEquals(10, codes.size());
    assertEquals(10, twoFactor.status(user).recoveryCodesLeft());
    assertTrue(twoFactor.redeemRecoveryCode(user, codes.get(3)).isAccepted());
  }

  @Test
  void replace_afterARecentCode_keepsTheOldAppUntilTheNewOneIsConfirmed() throws Exception {
    String user = Host.newAccount("erin");
    SoftwareAuthenticator old = host.enrolled(user);
    MockHttpSession session = host.signIn(user);
    host.submitCode(session, host.code(old));
    String form = page(get("/account/two-factor/replace"), session).getContentAsString();
    assertTrue(form.contains("action=\"/account/two-factor/start\""), form);

    SoftwareAuthenticator phone = start(session);
    host.nextStep();
    String html = confirm(session, phone).getContentAsString();

    assertTrue(html.contains("Your new authenticator app is set up; the old one no longer works."));
    host.nextStep();
    assertFalse(twoFactor.verify(user, host.code(old)).isAccepted());
    assertTrue(twoFactor.verify(user, host.code(phone)).isAccepted());
  }

  /** Starts a setup on the page and scans the manual key, as a user types it into an app. */
  private SoftwareAuthenticator start(MockHttpSession session) throws Exception {
    return scan(manualKey(page(post("/account/two-factor/start"), session).getContentAsString()));
  }

  private static SoftwareAuthenticator scan(String manualKey) {
    return SoftwareAuthenticator.scan(
        "otpauth://totp/ACME:user?secret=" + manualKey.replace(" ", ""));
  }

  private static String manualKey(String html) {
    Matcher key = MANUAL_KEY.matcher(html);
    assertTrue(key.find(), html);
    return key.group(1);
  }

  private static String qrCode(String html) {
    int start = html.indexOf("<svg");
    int end = html.indexOf("</svg>");
    assertTrue(start >= 0 && end > start, html);
    return html.substring(start, end);
  }

  private MockHttpServletResponse confirm(MockHttpSession session, SoftwareAuthenticator phone)
      throws Exception {
    return page(post("/account/two-factor/confirm").param("code", host.code(phone)), session);
  }

  private MockHttpServletResponse page(
      org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
      MockHttpSession session)
      throws Exception {
    MockHttpServletResponse response =
        mvc.perform(request.with(Host.browser(session)).with(csrf())).andReturn().getResponse();
    assertEquals(200, response.getStatus(), response.getRedirectedUrl());
    return response;
  }

  private static List<String> recoveryCodes(String html) {
    List<String> codes = new ArrayList<>();
    Matcher m = RECOVERY_CODE.matcher(html);
    while (m.find()) {
      codes.add(m.group(1));
    }
    return codes;
  }
}
