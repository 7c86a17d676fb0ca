package dev.twofactor.spring;

import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.twofactor.CredentialRepository;
import dev.twofactor.Proof;
import dev.twofactor.RecoveryCodes;
import dev.twofactor.RequestContext;
import dev.twofactor.SecretSealer;
import dev.twofactor.Totp;
import dev.twofactor.TwoFactor;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The code page after the password, policy REQUIRED, through Spring Security's filter chain. */
final class SecondStepTest {
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
  void passwordOnly_protectedPageRedirectsToCodePage() throws Exception {
    String user = Host.newAccount("alice");
    host.enrolled(user);
    MockHttpSession session = host.signIn(user);

    mvc.perform(get("/tickets").with(Host.browser(session)))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("/login/totp"));
  }

  @Test
  void codePage_hasLabelledNumericOneTimeCodeInputAndCsrfToken() throws Exception {
    String user = Host.newAccount("alice");
    host.enrolled(user);
    MockHttpSession session = host.signIn(user);

    String html =
        mvc.perform(get("/login/totp").with(Host.browser(session)))
            .andExpect(status().isOk())
            .andExpect(header().string("Cache-Control", "no-store"))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertTrue(html.contains("<label for=\"code\">Code from your authenticator app</label>"), html);
    assertTrue(
        html.contains(
            "<input type=\"text\" id=\"code\" name=\"code\" autocomplete=\"one-time-code\""
                + " inputmode=\"numeric\""),
        html);
    assertTrue(html.contains("name=\"_csrf\""), html);
    assertTrue(html.contains("<label for=\"recovery-code\">Recovery code</label>"), html);
    assertFalse(html.contains("<script"), html);
  }

  @Test
  void rightCode_addsTheFactorChangesTheSessionIdAndResumesTheSavedRequest() throws Exception {
    String user = Host.newAccount("alice");
    SoftwareAuthenticator phone = host.enrolled(user);
    MockHttpSession session = host.signIn(user);
    mvc.perform(get("/tickets").with(Host.browser(session)))
        .andExpect(redirectedUrl("/login/totp"));
    String before = session.getId();
    Instant now = clock.instant();

    MvcResult result = host.submitCode(session, host.code(phone));

    assertEquals(302, result.getResponse().getStatus());
    assertEquals("/tickets?continue", result.getResponse().getRedirectedUrl());
    assertNotEquals(before, session.getId(), "the session id changes when the factor is added");
    FactorGrantedAuthority factor = factor(session);
    assertEquals(now, factor.getIssuedAt());
    assertTrue(
        authentication(session).getAuthorities().stream()
            .map(GrantedAuthority::getAuthority)
            .anyMatch(FactorGrantedAuthority.PASSWORD_AUTHORITY::equals),
        "the password factor stays");
    mvc.perform(get("/tickets?continue").with(Host.browser(session)))
        .andExpect(status().isOk())
        .andExpect(content().string("ticket list"));
  }

  @Test
  void sameCodeInSecondSession_isRefusedAsUsed() throws Exception {
    String user = Host.newAccount("alice");
    SoftwareAuthenticator phone = host.enrolled(user);
    String code = host.code(phone);
    MockHttpSession first = host.signIn(user);
    MockHttpSession second = host.signIn(user);

    assertEquals(302, host.submitCode(first, code).getResponse().getStatus());
    MvcResult replay = host.submitCode(second, code);

    assertEquals(200, replay.getResponse().getStatus());
    assertTrue(
        replay
            .getResponse()
            .getContentAsString()
            .contains("That code was used already. Wait for the app to show the next code"));
    mvc.perform(get("/tickets").with(Host.browser(second))).andExpect(redirectedUrl("/login/totp"));
  }

  @Test
  void wrongCodes_areThrottledWithTheWait() throws Exception {
    String user = Host.newAccount("alice");
    SoftwareAuthenticator phone = host.enrolled(user);
    MockHttpSession session = host.signIn(user);
    String right = host.code(phone);
    String wrong = right.equals("000000") ? "111111" : "000000";

    for (int i = 0; i < 3; i++) {
      assertTrue(
          host.submitCode(session, wrong)
              .getResponse()
              .getContentAsString()
              .contains("That code is not right."));
    }
    // The fourth failure starts the first wait, 30 seconds; the right code is then not checked.
    host.submitCode(session, wrong);
    String throttled = host.submitCode(session, right).getResponse().getContentAsString();

    assertTrue(throttled.contains("Too many wrong codes. Try again in 30 seconds."), throttled);
    clock.advance(Duration.ofSeconds(10));
    assertTrue(
        host.submitCode(session, right)
            .getResponse()
            .getContentAsString()
            .contains("Try again in 20 seconds."));
    clock.advance(Duration.ofSeconds(20));
    assertEquals(302, host.submitCode(session, host.code(phone)).getResponse().getStatus());
  }

  @Test
  void malformedCode_saysWhatACodeIs_forAccountsWithAndWithoutAnAuthenticator() throws Exception {
    String enrolled = Host.newAccount("alice");
    host.enrolled(enrolled);
    String notEnrolled = Host.newAccount("bob");

    for (String user : new String[] {enrolled, notEnrolled}) {
      MockHttpSession session = host.signIn(user);
      for (String malformed : new String[] {"12345", "+12345", "١٢٣٤٥٦", "12a456", ""}) {
        String html = host.submitCode(session, malformed).getResponse().getContentAsString();
        assertTrue(
            html.contains("Enter the 6-digit code from your authenticator app, digits only."),
            user + " " + malformed + ": " + html);
      }
    }
  }

  @Test
  void wrongCode_readsTheSame_forAccountsWithAndWithoutAnAuthenticator() throws Exception {
    String enrolled = Host.newAccount("alice");
    host.enrolled(enrolled);
    String notEnrolled = Host.newAccount("bob");

    String withAuthenticator =
        host.submitCode(host.signIn(enrolled), "000000").getResponse().getContentAsString();
    String without =
        host.submitCode(host.signIn(notEnrolled), "000000").getResponse().getContentAsString();

    assertEquals(
        withAuthenticator.replaceAll("value=\"[^\"]*\"", ""),
        without.replaceAll("value=\"[^\"]*\"", ""),
        "the page must not tell whether the account has an authenticator");
  }

  @Test
  void notEnrolled_underRequired_isSentToEnrollment() throws Exception {
    MockHttpSession session = host.signIn(Host.newAccount("carol"));

    mvc.perform(get("/tickets").with(Host.browser(session)))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("/account/two-factor"));
  }

  @Test
  void postWithoutCsrfToken_isForbidden() throws Exception {
    String user = Host.newAccount("alice");
    SoftwareAuthenticator phone = host.enrolled(user);
    MockHttpSession session = host.signIn(user);

    mvc.perform(post("/login/totp").with(Host.browser(session)).param("code", host.code(phone)))
        .andExpect(status().isForbidden());
    for (String path :
        new String[] {
          "/account/two-factor/start",
          "/account/two-factor/confirm",
          "/account/two-factor/disable",
          "/account/two-factor/recovery-codes"
        }) {
      mvc.perform(post(path).with(Host.browser(session))).andExpect(status().isForbidden());
    }
    // The code was never checked: it still signs in.
    assertEquals(302, host.submitCode(session, host.code(phone)).getResponse().getStatus());
  }

  @Test
  void codePage_withoutPassword_sendsToTheLoginPage() throws Exception {
    mvc.perform(get("/login/totp")).andExpect(redirectedUrl("/login"));
    mvc.perform(post("/login/totp").param("code", "123456").with(csrf()))
        .andExpect(redirectedUrl("/login"));
  }

  @Test
  void recoveryCode_isAcceptedOnTheCodePage_once() throws Exception {
    String user = Host.newAccount("alice");
    SoftwareAuthenticator phone = host.enrolled(user);
    RecoveryCodes codes = twoFactor.generateRecoveryCodes(user, Proof.code(host.code(phone)));
    MockHttpSession session = host.signIn(user);

    mvc.perform(
            post("/login/totp")
                .with(Host.browser(session))
                .param("recovery-code", codes.codes().get(0))
                .with(csrf()))
        .andExpect(redirectedUrl("/account/two-factor?recovery-code-used"));
    mvc.perform(get("/tickets").with(Host.browser(session))).andExpect(status().isOk());

    MockHttpSession again = host.signIn(user);
    String html =
        mvc.perform(
                post("/login/totp")
                    .with(Host.browser(again))
                    .param("recovery-code", codes.codes().get(0))
                    .with(csrf()))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertTrue(html.contains("That recovery code is not right, or it was used already."), html);
    assertTrue(html.contains("<details open>"), "the recovery form stays open");
  }

  @Test
  void failedAttemptsElsewhere_areToldOnTheNextPages_withoutTheUsersOwnTypos() throws Exception {
    String user = Host.newAccount("alice");
    SoftwareAuthenticator phone = host.enrolled(user);
    String right = host.code(phone);
    String wrong = right.equals("000000") ? "111111" : "000000";
    // Someone who knows the password tries two codes from another address.
    TwoFactor elsewhere = twoFactor.withContext(RequestContext.of("203.0.113.7", "curl/8"));
    assertFalse(elsewhere.verify(user, wrong).isAccepted());
    assertFalse(elsewhere.verify(user, wrong.replace('0', '2').replace('1', '3')).isAccepted());
    MockHttpSession session = host.signIn(user);
    host.submitCode(session, wrong); // the user's own typo

    assertEquals("/", host.submitCode(session, right).getResponse().getRedirectedUrl());

    mvc.perform(get("/").with(Host.browser(session)))
        .andExpect(request().attribute(TwoFactorConfigurer.FAILED_ATTEMPTS_ATTRIBUTE, 2))
        .andExpect(content().string("There were 2 failed sign-in attempts since your last visit."));
    String account =
        mvc.perform(get("/account/two-factor").with(Host.browser(session)))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertTrue(
        account.contains(
            "There were 2 failed attempts to sign in to your account with a code since your last"
                + " sign-in. If that was not you, someone knows your password: change it."),
        account);
    // The next sign-in, after none, has nothing to tell.
    MockHttpSession next = host.signIn(user);
    host.nextStep();
    host.submitCode(next, host.code(phone));
    mvc.perform(get("/").with(Host.browser(next)))
        .andExpect(request().attribute(TwoFactorConfigurer.FAILED_ATTEMPTS_ATTRIBUTE, nullValue()))
        .andExpect(content().string("home page"));
  }

  @Test
  void failedAttempts_areNotToldToAnotherUserOfTheSameSession() throws Exception {
    String user = Host.newAccount("alice");
    SoftwareAuthenticator phone = host.enrolled(user);
    String right = host.code(phone);
    assertFalse(twoFactor.verify(user, right.equals("000000") ? "111111" : "000000").isAccepted());
    MockHttpSession session = host.signIn(user);
    host.submitCode(session, right);
    mvc.perform(get("/").with(Host.browser(session)))
        .andExpect(request().attribute(TwoFactorConfigurer.FAILED_ATTEMPTS_ATTRIBUTE, 1));

    // Another user signs in in the same browser without signing out: the session keeps its
    // attributes under a new id.
    String other = Host.newAccount("bob");
    mvc.perform(
            post("/login")
                .with(Host.browser(session))
                .param("username", other)
                .param("password", TestApp.PASSWORD)
                .with(csrf()))
        .andExpect(redirectedUrl("/"));
    mvc.perform(get("/account/two-factor").with(Host.browser(session)))
        .andExpect(status().isOk())
        .andExpect(request().attribute(TwoFactorConfigurer.FAILED_ATTEMPTS_ATTRIBUTE, nullValue()));
  }

  @Test
  void wrongRecoveryCodes_areThrottledWithTheirOwnWait_andDoNotLockTheCodes() throws Exception {
    String user = Host.newAccount("alice");
    SoftwareAuthenticator phone = host.enrolled(user);
    RecoveryCodes codes = twoFactor.generateRecoveryCodes(user, Proof.code(host.code(phone)));
    host.nextStep();
    MockHttpSession session = host.signIn(user);

    for (int i = 0; i < 6; i++) {
      assertTrue(
          recoveryCode(session, "0000-0000-0000").contains("That recovery code is not right"));
    }
    // Five free failures, then one second; the right code is not even looked at.
    String throttled = recoveryCode(session, codes.codes().get(0));
    assertTrue(
        throttled.contains("Too many wrong recovery codes. Try again in 1 second."), throttled);
    assertEquals(302, host.submitCode(session, host.code(phone)).getResponse().getStatus());
  }

  @Test
  void codeOfACredentialWithOtherDigits_isChecked_andAWrongLengthReadsAsWrong() throws Exception {
    String user = Host.newAccount("alice");
    // Enrolled when the application asked for 8 digits; new enrollments now get 6.
    TwoFactor earlier =
        TwoFactor.builder()
            .issuer("ACME Help Desk")
            .repository(app.getBean(CredentialRepository.class))
            .sealer(app.getBean(SecretSealer.class))
            .clock(clock)
            .totp(Totp.builder().digits(8).build())
            .build();
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(earlier.enroll(user, user).uri().toUriString());
    assertTrue(earlier.confirm(user, phone.code(clock)).isAccepted());
    host.nextStep();
    MockHttpSession session = host.signIn(user);
    String notEnrolled =
        host.submitCode(host.signIn(Host.newAccount("bob")), "123456")
            .getResponse()
            .getContentAsString();

    String sixDigits = host.submitCode(session, "123456").getResponse().getContentAsString();

    assertEquals(
        notEnrolled.replaceAll("value=\"[^\"]*\"", ""),
        sixDigits.replaceAll("value=\"[^\"]*\"", ""),
        "a code of another length must not tell that the account has an authenticator");
    assertEquals(8, host.code(phone).length());
    assertEquals(302, host.submitCode(session, host.code(phone)).getResponse().getStatus());
  }

  @Test
  void savedRequestOfAnotherHost_resumesOnlyItsPathHere() throws Exception {
    String user = Host.newAccount("alice");
    SoftwareAuthenticator phone = host.enrolled(user);
    MockHttpSession session = host.signIn(user);
    mvc.perform(get("/tickets").header("Host", "evil.example").with(Host.browser(session)))
        .andExpect(redirectedUrl("/login/totp"));

    assertEquals(
        "/tickets?continue",
        host.submitCode(session, host.code(phone)).getResponse().getRedirectedUrl());
  }

  private String recoveryCode(MockHttpSession session, String code) throws Exception {
    return mvc.perform(
            post("/login/totp")
                .with(Host.browser(session))
                .param("recovery-code", code)
                .with(csrf()))
        .andReturn()
        .getResponse()
        .getContentAsString();
  }

  private static SecurityContext context(MockHttpSession session) {
    return (SecurityContext) session.getAttribute("SPRING_SECURITY_CONTEXT");
  }

  private static Authentication authentication(MockHttpSession session) {
    return context(session).getAuthentication();
  }

  private static FactorGrantedAuthority factor(MockHttpSession session) {
    return authentication(session).getAuthorities().stream()
        .filter(a -> TwoFactorConfigurer.TOTP_AUTHORITY.equals(a.getAuthority()))
        .map(FactorGrantedAuthority.class::cast)
        .findFirst()
        .orElseThrow();
  }
}
