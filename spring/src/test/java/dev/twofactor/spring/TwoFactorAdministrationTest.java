package dev.twofactor.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Enrollment;
import dev.twofactor.RequestContext;
import dev.twofactor.TwoFactor;
import dev.twofactor.TwoFactorEvent;
import dev.twofactor.Verification;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

final class TwoFactorAdministrationTest {
  private final FakeClock clock = FakeClock.at(Instant.parse("2026-01-01T10:00:00Z"));
  private final List<TwoFactorEvent> events = new CopyOnWriteArrayList<>();
  private final TwoFactor twoFactor =
      TwoFactor.builder().issuer("ACME Help Desk").clock(clock).listener(events::add).build();
  private final TwoFactorAdministration administration = new TwoFactorAdministration(twoFactor);

  @AfterEach
  void signOut() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void unlock_endsTheLockOfWrongCodes_inTheNameOfTheSignedInAdministrator() {
    SoftwareAuthenticator phone = enrolled("agent-42");
    lockOut("agent-42", phone);
    Instant lockedUntil = administration.status("agent-42").lockedUntil().orElseThrow();
    assertTrue(lockedUntil.isAfter(clock.instant()), lockedUntil.toString());
    TwoFactor agent = twoFactor.withContext(RequestContext.of("198.51.100.1", null));
    assertEquals(
        Verification.Reason.THROTTLED, agent.verify("agent-42", phone.code(clock)).reason());
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                "admin-1", null, AuthorityUtils.createAuthorityList("ROLE_ADMIN")));

    assertTrue(administration.unlock("agent-42"));

    assertEquals(Optional.empty(), administration.status("agent-42").lockedUntil());
    TwoFactorEvent unlocked = events.get(events.size() - 1);
    assertEquals(TwoFactorEvent.Type.UNLOCKED, unlocked.type());
    assertEquals(Optional.of("admin-1"), unlocked.actor());
    assertTrue(agent.verify("agent-42", phone.code(clock)).isAccepted());
  }

  @Test
  void unlock_withoutASignedInAdministrator_isRefused() {
    enrolled("agent-42");
    String message =
        "an unlock names the administrator: sign in first, or call unlock(accountId,"
            + " administrator)";

    assertEquals(
        message,
        assertThrows(IllegalStateException.class, () -> administration.unlock("agent-42"))
            .getMessage());
    SecurityContextHolder.getContext()
        .setAuthentication(
            new AnonymousAuthenticationToken(
                "key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
    assertEquals(
        message,
        assertThrows(IllegalStateException.class, () -> administration.unlock("agent-42"))
            .getMessage());
    assertFalse(events.stream().anyMatch(e -> e.type() == TwoFactorEvent.Type.UNLOCKED));
  }

  @Test
  void unlockAndReset_ofAnAccountWithoutCredential_areFalse() {
    assertFalse(administration.unlock("nobody", "admin-1"));
    assertFalse(administration.reset("nobody", "admin-1"));
    assertEquals(List.of(), events);
  }

  private SoftwareAuthenticator enrolled(String account) {
    Enrollment enrollment = twoFactor.enroll(account, account);
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(enrollment.uri().toUriString());
    assertTrue(twoFactor.confirm(account, phone.code(clock)).isAccepted());
    clock.advance(Duration.ofSeconds(30));
    return phone;
  }

  /** Spends the daily budget of strangers: five wrong codes from five addresses. */
  private void lockOut(String account, SoftwareAuthenticator phone) {
    for (int i = 0; i < 5; i++) {
      Verification v =
          twoFactor
              .withContext(RequestContext.of("203.0.113." + i, null))
              .verify(account, wrongCode(phone));
      assertEquals(Verification.Reason.MISMATCH, v.reason());
    }
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
