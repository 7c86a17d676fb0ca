package dev.twofactor.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.twofactor.CredentialRepository;
import dev.twofactor.CredentialStatus;
import dev.twofactor.Enrollment;
import dev.twofactor.Proof;
import dev.twofactor.SecretSealer;
import dev.twofactor.TwoFactor;
import dev.twofactor.Verification;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Replacing the app, new recovery codes and turning it off need a recent code and the service's
 * proof of it: whatever is missing or refused sends the user to the code page and back, never to an
 * error.
 */
final class StepUpTest {
  private static final Pattern RECOVERY_CODE =
      Pattern.compile("<li><code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code></li>");

  @Test
  void factorWithoutProof_stepsUpBeforeAnyChange() throws Exception {
    ConfigurableApplicationContext app = Apps.shared(TestApp.class);
    MockMvc mvc = Apps.mvc(app);
    FakeClock clock = app.getBean(FakeClock.class);
    TwoFactor twoFactor = app.getBean(TwoFactor.class);
    Host host = new Host(mvc, twoFactor, clock);
    String user = Host.newAccount("ivan");
    SoftwareAuthenticator phone = host.enrolled(user);
    MockHttpSession session = host.signIn(user);
    // The factor as another way of the application would grant it (a device it trusts, say):
    // recent, but the service issued no proof of it.
    Authentication password = authentication(session);
    session.setAttribute(
        "SPRING_SECURITY_CONTEXT",
        new SecurityContextImpl(
            password.toBuilder()
                .authorities(
                    a ->
                        a.add(
                            FactorGrantedAuthority.withAuthority(TwoFactorConfigurer.TOTP_AUTHORITY)
                                .issuedAt(clock.instant())
                                .build()))
                .build()));
    mvc.perform(get("/tickets").with(Host.browser(session))).andExpect(status().isOk());

    mvc.perform(post("/account/two-factor/recovery-codes").with(Host.browser(session)).with(csrf()))
        .andExpect(status().isSeeOther())
        .andExpect(redirectedUrl("/account/two-factor/recovery-codes"));
    mvc.perform(get("/account/two-factor/recovery-codes").with(Host.browser(session)))
        .andExpect(redirectedUrl("/login/totp"));
    assertEquals(
        "/account/two-factor/recovery-codes?continue",
        host.submitCode(session, host.code(phone)).getResponse().getRedirectedUrl());
    mvc.perform(get("/account/two-factor/recovery-codes?continue").with(Host.browser(session)))
        .andExpect(status().isOk());
    String codes =
        mvc.perform(
                post("/account/two-factor/recovery-codes").with(Host.browser(session)).with(csrf()))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();

    assertTrue(RECOVERY_CODE.matcher(codes).find(), codes);
  }

  @Test
  void proofOfAnAuthenticatorReplacedElsewhere_isRefused_andTheUserStepsUpWithTheNewApp()
      throws Exception {
    ConfigurableApplicationContext app = Apps.shared(TestApp.class);
    MockMvc mvc = Apps.mvc(app);
    FakeClock clock = app.getBean(FakeClock.class);
    TwoFactor twoFactor = app.getBean(TwoFactor.class);
    Host host = new Host(mvc, twoFactor, clock);
    String user = Host.newAccount("ivan");
    SoftwareAuthenticator old = host.enrolled(user);
    MockHttpSession laptop = host.signIn(user);
    assertEquals(302, host.submitCode(laptop, host.code(old)).getResponse().getStatus());
    host.nextStep();
    // Meanwhile, in another session, the user replaces the app.
    Verification signedIn = twoFactor.verify(user, host.code(old));
    Enrollment replacement = twoFactor.enroll(user, user, Proof.token(signedIn.proof()));
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(replacement.uri().toUriString());
    assertTrue(twoFactor.confirm(user, phone.code(clock)).isAccepted());
    host.nextStep();

    // The laptop's factor is recent, but its proof is of the old authenticator.
    mvc.perform(post("/account/two-factor/disable").with(Host.browser(laptop)).with(csrf()))
        .andExpect(status().isSeeOther())
        .andExpect(redirectedUrl("/account/two-factor/disable"));
    assertNull(laptop.getAttribute(FactorGrant.PROOF_ATTRIBUTE), "the refused proof is dropped");
    assertEquals(CredentialStatus.State.ACTIVE, twoFactor.status(user).state());
    mvc.perform(get("/account/two-factor/disable").with(Host.browser(laptop)))
        .andExpect(redirectedUrl("/login/totp"));
    assertEquals(
        "/account/two-factor/disable?continue",
        host.submitCode(laptop, host.code(phone)).getResponse().getRedirectedUrl());
    mvc.perform(post("/account/two-factor/disable").with(Host.browser(laptop)).with(csrf()))
        .andExpect(redirectedUrl("/account/two-factor"));

    assertEquals(CredentialStatus.State.NONE, twoFactor.status(user).state());
  }

  @Test
  void expiredProof_ofAServiceWithAShorterProofLifetime_stepsUpInsteadOfFailing() throws Exception {
    ConfigurableApplicationContext app = Apps.shared(ShortProofApp.class);
    MockMvc mvc = Apps.mvc(app);
    FakeClock clock = app.getBean(FakeClock.class);
    TwoFactor twoFactor = app.getBean(TwoFactor.class);
    Host host = new Host(mvc, twoFactor, clock);
    String user = Host.newAccount("judy");
    SoftwareAuthenticator phone = host.enrolled(user);
    MockHttpSession session = host.signIn(user);
    host.submitCode(session, host.code(phone));
    clock.advance(Duration.ofMinutes(2));

    // Within the step-up of 5 minutes, so the page asks nothing; the service's proof lived 1.
    mvc.perform(get("/account/two-factor/replace").with(Host.browser(session)))
        .andExpect(status().isOk());
    mvc.perform(post("/account/two-factor/start").with(Host.browser(session)).with(csrf()))
        .andExpect(status().isSeeOther())
        .andExpect(redirectedUrl("/account/two-factor/replace"));
    assertTrue(twoFactor.status(user).pendingExpiresAt().isEmpty(), "no replacement started");
    mvc.perform(get("/account/two-factor/replace").with(Host.browser(session)))
        .andExpect(redirectedUrl("/login/totp"));
    assertEquals(
        "/account/two-factor/replace?continue",
        host.submitCode(session, host.code(phone)).getResponse().getRedirectedUrl());
    String qr =
        mvc.perform(post("/account/two-factor/start").with(Host.browser(session)).with(csrf()))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();

    assertTrue(qr.contains("<svg"), qr);
    assertTrue(twoFactor.status(user).pendingExpiresAt().isPresent(), "the replacement started");
  }

  @Test
  void proof_isKeptInTheSessionOnly_neverInAPageOrAHeader() throws Exception {
    ConfigurableApplicationContext app = Apps.shared(TestApp.class);
    MockMvc mvc = Apps.mvc(app);
    FakeClock clock = app.getBean(FakeClock.class);
    Host host = new Host(mvc, app.getBean(TwoFactor.class), clock);
    String user = Host.newAccount("ivan");
    SoftwareAuthenticator phone = host.enrolled(user);
    MockHttpSession session = host.signIn(user);

    var accepted = host.submitCode(session, host.code(phone)).getResponse();
    String proof = (String) session.getAttribute(FactorGrant.PROOF_ATTRIBUTE);
    assertNotNull(proof);
    var page =
        mvc.perform(get("/account/two-factor/disable").with(Host.browser(session)))
            .andReturn()
            .getResponse();

    for (var response :
        new org.springframework.mock.web.MockHttpServletResponse[] {accepted, page}) {
      assertFalse(response.getContentAsString().contains(proof));
      for (String name : response.getHeaderNames()) {
        assertFalse(String.valueOf(response.getHeaderValues(name)).contains(proof), name);
      }
    }
  }

  private static Authentication authentication(MockHttpSession session) {
    return ((SecurityContext) session.getAttribute("SPRING_SECURITY_CONTEXT")).getAuthentication();
  }

  /**
   * {@link TestApp} with its own {@link TwoFactor}, whose proofs live one minute while the pages'
   * step-up stays five: the module cannot check an application's own service at start, so the
   * service refuses proofs that the pages still take for recent.
   */
  @SpringBootConfiguration
  @Import(TestApp.class)
  static class ShortProofApp {
    @Bean
    TwoFactor twoFactor(
        CredentialRepository repository,
        SecretSealer sealer,
        FakeClock clock,
        ApplicationEventPublisher events) {
      return TwoFactor.builder()
          .issuer("ACME Help Desk")
          .repository(repository)
          .sealer(sealer)
          .clock(clock)
          .proofLifetime(Duration.ofMinutes(1))
          .listener(events::publishEvent)
          .build();
    }
  }
}
