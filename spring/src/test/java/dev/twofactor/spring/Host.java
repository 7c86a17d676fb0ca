package dev.twofactor.spring;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.twofactor.Enrollment;
import dev.twofactor.TwoFactor;
import dev.twofactor.Verification;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** What the tests do as users: sign in with a password, set up a phone, type codes. */
final class Host {
  private static final AtomicInteger accounts = new AtomicInteger();

  private final MockMvc mvc;
  private final TwoFactor twoFactor;
  private final FakeClock clock;

  Host(MockMvc mvc, TwoFactor twoFactor, FakeClock clock) {
    this.mvc = mvc;
    this.twoFactor = twoFactor;
    this.clock = clock;
  }

  /** A user name no other test uses, so that tests sharing a context do not meet. */
  static String newAccount(String prefix) {
    return prefix + "-" + accounts.incrementAndGet();
  }

  /** Signs in with the password; returns the session. */
  MockHttpSession signIn(String user) throws Exception {
    MockHttpSession session = new MockHttpSession();
    mvc.perform(
            post("/login")
                .session(session)
                .param("username", user)
                .param("password", TestApp.PASSWORD)
                .with(csrf()))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("/"));
    return session;
  }

  /** Sets up an authenticator for the account through the service, as if done earlier. */
  SoftwareAuthenticator enrolled(String user) {
    Enrollment enrollment = twoFactor.enroll(user, user);
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(enrollment.uri().toUriString());
    Verification confirmed = twoFactor.confirm(user, phone.code(clock));
    if (!confirmed.isAccepted()) {
      throw new AssertionError("confirmation refused: " + confirmed);
    }
    nextStep();
    return phone;
  }

  /** Moves the clock to the next 30-second step, so that the phone shows a new code. */
  void nextStep() {
    clock.advance(Duration.ofSeconds(30));
  }

  String code(SoftwareAuthenticator phone) {
    return phone.code(clock);
  }

  /** Posts a code to the code page. */
  MvcResult submitCode(MockHttpSession session, String code) throws Exception {
    return mvc.perform(post("/login/totp").with(browser(session)).param("code", code).with(csrf()))
        .andReturn();
  }

  /**
   * Sends the session as a browser does, with its cookie: the container then reports the requested
   * session id as valid, which session fixation protection checks before it changes the id.
   */
  static RequestPostProcessor browser(MockHttpSession session) {
    return request -> {
      request.setSession(session);
      request.setRequestedSessionId(session.getId());
      request.setRequestedSessionIdValid(true);
      request.setRequestedSessionIdFromCookie(true);
      return request;
    };
  }
}
