package dev.twofactor.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * The additional authorization of every {@code authenticated()}, {@code hasRole(...)} and {@code
 * hasAuthority(...)} rule: the {@value TwoFactorConfigurer#TOTP_AUTHORITY} factor, for the users
 * the policy asks a code of. A denial is Spring Security's {@code FactorAuthorizationDecision},
 * which its missing-factor handling turns into a redirect to the code page.
 *
 * <p>On HTTP requests it applies only in the filter chains that apply {@link TwoFactorConfigurer}:
 * an API chain without it is not affected. Anonymous requests are left to the rule itself.
 */
final class TotpRequirement implements AuthorizationManager<Object> {
  /** Set on each request that passes the filter of a chain that applies the configurer. */
  static final String CHAIN_ATTRIBUTE = TotpRequirement.class.getName() + ".chain";

  private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);

  private final TwoFactorWeb web;

  TotpRequirement(TwoFactorWeb web) {
    this.web = web;
  }

  @Override
  public AuthorizationResult authorize(
      Supplier<? extends @Nullable Authentication> authentication, Object object) {
    HttpServletRequest request =
        object instanceof RequestAuthorizationContext context ? context.getRequest() : null;
    if (request != null && request.getAttribute(CHAIN_ATTRIBUTE) == null) {
      return GRANTED;
    }
    Authentication current = authentication.get();
    if (current == null || !web.isSignedIn(current) || !web.mustGiveCode(request, current)) {
      return GRANTED;
    }
    return web.anyFactor().authorize(authentication, object);
  }

  @Override
  public String toString() {
    return "TotpRequirement[" + web.properties.policy() + "]";
  }
}
