package dev.twofactor.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;

/**
 * Where Spring Security sends a signed-in user whose request lacks the {@value
 * TwoFactorConfigurer#TOTP_AUTHORITY} factor, or whose factor is too old for a step-up: to the code
 * page, or, under the {@code REQUIRED} policy, to the enrollment page if the account has no active
 * authenticator yet. Registered for the factor with Spring Security's {@code
 * defaultDeniedHandlerForMissingAuthority}, which saves the request first.
 */
final class TotpEntryPoint implements AuthenticationEntryPoint {
  private final TwoFactorWeb web;
  private final SecurityContextHolderStrategy holder;
  private final @Nullable String customPage;
  private final RedirectStrategy redirect = new DefaultRedirectStrategy();

  /**
   * @param customPage the application's own code page, or {@code null} for this module's
   */
  TotpEntryPoint(
      TwoFactorWeb web, SecurityContextHolderStrategy holder, @Nullable String customPage) {
    this.web = web;
    this.holder = holder;
    this.customPage = customPage;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
      throws IOException {
    Authentication current = holder.getContext().getAuthentication();
    TwoFactorProperties.Web paths = web.properties.web();
    String target = customPage != null ? customPage : paths.codePage();
    if (web.properties.policy() == TwoFactorProperties.Policy.REQUIRED
        && current != null
        && web.isSignedIn(current)
        && !TwoFactorWeb.hasFactor(current)
        && !web.isActive(request, current.getName())) {
      target = paths.enrollmentPage();
    }
    redirect.sendRedirect(request, response, target);
  }
}
