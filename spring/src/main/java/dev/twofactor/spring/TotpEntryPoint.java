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
 *
 * <p>A user who lacks the factor altogether (not one whose factor is too old) and whose browser is
 * trusted gives it with the browser's cookie instead, and goes on to the saved request without
 * seeing the code page; see {@link TrustedBrowsers}.
 */
final class TotpEntryPoint implements AuthenticationEntryPoint {
  private final TwoFactorWeb web;
  private final SecurityContextHolderStrategy holder;
  private final @Nullable String customPage;
  private final RedirectStrategy redirect = new DefaultRedirectStrategy();

  /** The trusted browsers and the grant, known once the filter chain is configured. */
  private volatile @Nullable Trusted trusted;

  private record Trusted(TrustedBrowsers browsers, FactorGrant grant) {}

  /**
   * @param customPage the application's own code page, or {@code null} for this module's
   */
  TotpEntryPoint(
      TwoFactorWeb web, SecurityContextHolderStrategy holder, @Nullable String customPage) {
    this.web = web;
    this.holder = holder;
    this.customPage = customPage;
  }

  /** Lets trusted browsers give the factor with their cookie. */
  void trustedBrowsers(TrustedBrowsers browsers, FactorGrant grant) {
    this.trusted = new Trusted(browsers, grant);
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
      throws IOException {
    Authentication current = holder.getContext().getAuthentication();
    TwoFactorProperties.Web paths = web.properties.web();
    String codePage = customPage != null ? customPage : paths.codePage();
    if (current == null || !web.isSignedIn(current) || TwoFactorWeb.hasFactor(current)) {
      // Not signed in (the rule itself decides), or a factor too old for a step-up: a fresh code.
      redirect.sendRedirect(request, response, codePage);
      return;
    }
    Trusted t = trusted;
    if (t != null && t.browsers().signIn(request, response, current, t.grant())) {
      String target = t.grant().savedRequest(request, response);
      redirect.sendRedirect(request, response, target != null ? target : "/");
      return;
    }
    String target =
        web.properties.policy() == TwoFactorProperties.Policy.REQUIRED
                && !web.isActive(request, current.getName())
            ? paths.enrollmentPage()
            : codePage;
    redirect.sendRedirect(request, response, target);
  }
}
