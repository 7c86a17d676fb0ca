package dev.twofactor.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.twofactor.CredentialStatus;
import dev.twofactor.RequestContext;
import dev.twofactor.TwoFactor;
import dev.twofactor.TwoFactorEvent;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The help desk's set-up: policy OPTIONAL (agents opt in), an administrator's reset endpoint, and
 * metrics.
 */
final class OptionalPolicyTest {
  ConfigurableApplicationContext app;
  MockMvc mvc;
  TwoFactor twoFactor;
  FakeClock clock;
  MeterRegistry meters;
  TwoFactorAdministration administration;
  Host host;

  @BeforeEach
  void host() {
    app =
        Apps.shared(
            TestApp.class, "twofactor.policy=OPTIONAL", "twofactor.web.admin-authority=ROLE_ADMIN");
    mvc = Apps.mvc(app);
    twoFactor = app.getBean(TwoFactor.class);
    clock = app.getBean(FakeClock.class);
    meters = app.getBean(MeterRegistry.class);
    administration = app.getBean(TwoFactorAdministration.class);
    host = new Host(mvc, twoFactor, clock);
  }

  @Test
  void notEnrolled_isLetThroughWithThePassword() throws Exception {
    MockHttpSession session = host.signIn(Host.newAccount("agent"));

    mvc.perform(get("/tickets").with(Host.browser(session))).andExpect(status().isOk());
    String page =
        mvc.perform(get("/account/two-factor").with(Host.browser(session)))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertTrue(page.contains("Two-factor sign-in is off."), page);
    assertFalse(page.contains("needs two-factor sign-in"), page);
  }

  @Test
  void enrolled_isAskedForTheCode() throws Exception {
    String user = Host.newAccount("agent");
    SoftwareAuthenticator phone = host.enrolled(user);
    MockHttpSession session = host.signIn(user);

    mvc.perform(get("/tickets").with(Host.browser(session)))
        .andExpect(redirectedUrl("/login/totp"));
    host.submitCode(session, host.code(phone));
    mvc.perform(get("/tickets").with(Host.browser(session))).andExpect(status().isOk());
  }

  @Test
  void adminReset_needsTheAuthorityAndTheAdministratorsOwnFactor() throws Exception {
    String agent = Host.newAccount("agent");
    host.enrolled(agent);
    MockHttpSession user = host.signIn(Host.newAccount("agent"));
    mvc.perform(
            post("/admin/two-factor/reset")
                .param("account", agent)
                .with(Host.browser(user))
                .with(csrf()))
        .andExpect(status().isForbidden());

    String admin = Host.newAccount("admin");
    SoftwareAuthenticator adminPhone = host.enrolled(admin);
    MockHttpSession session = host.signIn(admin);
    mvc.perform(
            post("/admin/two-factor/reset")
                .param("account", agent)
                .with(Host.browser(session))
                .with(csrf()))
        .andExpect(redirectedUrl("/login/totp"));
    mvc.perform(post("/admin/two-factor/reset").param("account", agent).with(Host.browser(session)))
        .andExpect(status().isForbidden());
    assertEquals(CredentialStatus.State.ACTIVE, administration.status(agent).state());

    host.submitCode(session, host.code(adminPhone));
    mvc.perform(
            post("/admin/two-factor/reset")
                .param("account", agent)
                .with(Host.browser(session))
                .with(csrf()))
        .andExpect(status().isSeeOther())
        .andExpect(redirectedUrl("/admin/two-factor"));

    assertEquals(CredentialStatus.State.NONE, administration.status(agent).state());
  }

  @Test
  void adminUnlock_needsTheAuthorityTheFactorAndTheCsrfToken_andEndsTheLock() throws Exception {
    String agent = Host.newAccount("agent");
    SoftwareAuthenticator phone = host.enrolled(agent);
    // Someone who knows the agent's password spends the budget of strangers from five addresses.
    for (int i = 0; i < 5; i++) {
      twoFactor
          .withContext(RequestContext.of("203.0.113." + i, null))
          .verify(agent, wrongCode(phone));
    }
    assertTrue(administration.status(agent).lockedUntil().isPresent());
    List<TwoFactorEvent> events = new CopyOnWriteArrayList<>();
    app.addApplicationListener(
        (PayloadApplicationEvent<TwoFactorEvent> e) -> {
          if (e.getPayload().accountId().equals(agent)) {
            events.add(e.getPayload());
          }
        });
    double unlocks = count("twofactor.administrations", "action", "unlocked");

    MockHttpSession user = host.signIn(Host.newAccount("agent"));
    mvc.perform(
            post("/admin/two-factor/unlock")
                .param("account", agent)
                .with(Host.browser(user))
                .with(csrf()))
        .andExpect(status().isForbidden());
    String admin = Host.newAccount("admin");
    SoftwareAuthenticator adminPhone = host.enrolled(admin);
    MockHttpSession session = host.signIn(admin);
    mvc.perform(
            post("/admin/two-factor/unlock")
                .param("account", agent)
                .with(Host.browser(session))
                .with(csrf()))
        .andExpect(redirectedUrl("/login/totp"));
    host.submitCode(session, host.code(adminPhone));
    mvc.perform(
            post("/admin/two-factor/unlock").param("account", agent).with(Host.browser(session)))
        .andExpect(status().isForbidden());
    assertTrue(administration.status(agent).lockedUntil().isPresent(), "still locked");
    assertEquals(List.of(), events);

    mvc.perform(
            post("/admin/two-factor/unlock")
                .param("account", agent)
                .with(Host.browser(session))
                .with(csrf()))
        .andExpect(status().isSeeOther())
        .andExpect(redirectedUrl("/admin/two-factor"));

    assertTrue(administration.status(agent).lockedUntil().isEmpty());
    assertEquals(1, events.size());
    assertEquals(TwoFactorEvent.Type.UNLOCKED, events.get(0).type());
    assertEquals(Optional.of(admin), events.get(0).actor());
    assertEquals(unlocks + 1, count("twofactor.administrations", "action", "unlocked"));
    MockHttpSession agentSession = host.signIn(agent);
    assertEquals(302, host.submitCode(agentSession, host.code(phone)).getResponse().getStatus());
  }

  @Test
  void adminActions_refuseAnAccountIdTheServiceCannotHold() throws Exception {
    String admin = Host.newAccount("admin");
    SoftwareAuthenticator adminPhone = host.enrolled(admin);
    MockHttpSession session = host.signIn(admin);
    host.submitCode(session, host.code(adminPhone));

    for (String path : new String[] {"/admin/two-factor/unlock", "/admin/two-factor/reset"}) {
      for (String account : new String[] {"", "x".repeat(256), "agent\u0000"}) {
        mvc.perform(post(path).param("account", account).with(Host.browser(session)).with(csrf()))
            .andExpect(status().isBadRequest());
      }
      mvc.perform(post(path).with(Host.browser(session)).with(csrf()))
          .andExpect(status().isBadRequest());
    }
  }

  /** A code that the phone shows at none of the steps of the window. */
  private String wrongCode(SoftwareAuthenticator phone) {
    List<String> window =
        List.of(
            phone.codeAt(clock.instant().minusSeconds(30)),
            host.code(phone),
            phone.codeAt(clock.instant().plusSeconds(30)));
    for (String candidate : List.of("000000", "111111", "222222", "333333")) {
      if (!window.contains(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("four candidates in a window of three codes");
  }

  @Test
  void metrics_countVerificationsByOutcomeAndReason_andTimeTheSecondStep() throws Exception {
    String user = Host.newAccount("agent");
    SoftwareAuthenticator phone = host.enrolled(user);
    MockHttpSession session = host.signIn(user);
    double rejected = count("twofactor.verifications", "reason", "mismatch");
    double accepted = count("twofactor.verifications", "reason", "accepted");
    long steps = timer("accepted");

    String right = host.code(phone);
    host.submitCode(session, right.equals("000000") ? "111111" : "000000");
    host.submitCode(session, right);

    assertEquals(rejected + 1, count("twofactor.verifications", "reason", "mismatch"));
    assertEquals(accepted + 1, count("twofactor.verifications", "reason", "accepted"));
    assertEquals(steps + 1, timer("accepted"));
    assertTrue(count("twofactor.enrollments", "stage", "confirmed") >= 1);
    meters
        .getMeters()
        .forEach(
            m ->
                m.getId()
                    .getTags()
                    .forEach(
                        t ->
                            assertFalse(
                                t.getValue().contains(user) || t.getValue().contains(right),
                                m.getId().toString())));
  }

  private double count(String name, String tag, String value) {
    var counter = meters.find(name).tag(tag, value).counter();
    return counter == null ? 0 : counter.count();
  }

  private long timer(String outcome) {
    var timer = meters.find("twofactor.second.step").tag("outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }
}
