package dev.twofactor.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.DefaultRedirectStrategy;

/**
 * {@code POST <admin-path>/reset} with the parameter {@code account}: an administrator's reset.
 * Only a signed-in user with the authority of {@code twofactor.web.admin-authority}, and with the
 * second factor wherever the policy asks for it, may call it; it answers with a redirect to the
 * administration page.
 */
final class AdminReset {
  static final String RESET = "/reset";
  static final String ACCOUNT = "account";

  private final TwoFactorWeb web;
  private final FactorGrant grant;
  private final TwoFactorAdministration administration;
  private final String authority;
  private final DefaultRedirectStrategy redirect = new DefaultRedirectStrategy();

  AdminReset(
      TwoFactorWeb web,
      FactorGrant grant,
      TwoFactorAdministration administration,
      String authority) {
    this.web = web;
    this.grant = grant;
    this.administration = administration;
    this.authority = authority;
    redirect.setStatusCode(HttpStatus.SEE_OTHER);
  }

  void reset(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Authentication admin = grant.current();
    if (admin == null) {
      throw new InsufficientAuthenticationException("sign in first");
    }
    if (!hasAuthority(admin)) {
      throw new AccessDeniedException("the two-factor reset needs the authority " + authority);
    }
    if (web.mustGiveCode(request, admin)) {
      web.anyFactor().verify(() -> admin, request);
    }
    String account = request.getParameter(ACCOUNT);
    if (account == null || account.isEmpty() || account.length() > 255) {
      response.sendError(HttpServletResponse.SC_BAD_REQUEST);
      return;
    }
    try {
      administration.reset(account, admin.getName());
    } catch (IllegalArgumentException e) {
      // Not an account id the service can hold (control characters, for example).
      response.sendError(HttpServletResponse.SC_BAD_REQUEST);
      return;
    }
    redirect.sendRedirect(request, response, web.properties.web().adminPath());
  }

  private boolean hasAuthority(Authentication admin) {
    for (GrantedAuthority granted : admin.getAuthorities()) {
      if (authority.equals(granted.getAuthority())) {
        return true;
      }
    }
    return false;
  }
}
