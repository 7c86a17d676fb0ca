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
 * {@code POST <admin-path>/reset} and {@code POST <admin-path>/unlock} with the parameter {@code
 * account}: an administrator's reset and unlock. Only a signed-in user with the authority of {@code
 * twofactor.web.admin-authority}, and with the second factor wherever the policy asks for it, may
 * call them, with the CSRF token; each answers with a redirect to the administration page, the same
 * whether or not the account has a credential. The administrator is the signed-in user's name.
 */
final class AdminActions {
  static final String RESET = "/reset";
  static final String UNLOCK = "/unlock";
  static final String ACCOUNT = "account";

  /** What an administrator does to an account. */
  private interface Action {
    boolean apply(TwoFactorAdministration administration, String account, String administrator);
  }

  private final TwoFactorWeb web;
  private final FactorGrant grant;
  private final TwoFactorAdministration administration;
  private final String authority;
  private final DefaultRedirectStrategy redirect = new DefaultRedirectStrategy();

  AdminActions(
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
    act(request, response, "reset", TwoFactorAdministration::reset);
  }

  void unlock(HttpServletRequest request, HttpServletResponse response) throws IOException {
    act(request, response, "unlock", TwoFactorAdministration::unlock);
  }

  private void act(
      HttpServletRequest request, HttpServletResponse response, String name, Action action)
      throws IOException {
    Authentication admin = grant.current();
    if (admin == null) {
      throw new InsufficientAuthenticationException("sign in first");
    }
    if (!hasAuthority(admin)) {
      throw new AccessDeniedException(
          "the two-factor " + name + " needs the authority " + authority);
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
      action.apply(administration, account, admin.getName());
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
