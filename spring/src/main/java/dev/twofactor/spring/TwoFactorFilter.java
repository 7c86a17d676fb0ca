package dev.twofactor.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers the module's pages, after Spring Security's exception translation and before its
 * authorization, as Spring Security's own login pages are answered: the application's rules do not
 * apply to them, and each page checks who may use it itself. Every other request passes, marked as
 * belonging to a chain that asks for the second factor. Every request gets the {@value
 * TwoFactorConfigurer#FAILED_ATTEMPTS_ATTRIBUTE} attribute while the session has failed attempts to
 * tell the user about, and {@value TwoFactorConfigurer#TRUST_ENDED_ATTRIBUTE} while it has a copied
 * cookie to tell about.
 */
final class TwoFactorFilter extends OncePerRequestFilter {
  private final boolean showsCodePage;
  private final FactorGrant grant;
  private final CodeStep codeStep;
  private final EnrollmentPages enrollment;
  private final @Nullable AdminActions adminActions;
  private final RequestMatcher showCode;
  private final RequestMatcher submitCode;
  private final RequestMatcher status;
  private final RequestMatcher start;
  private final RequestMatcher confirm;
  private final RequestMatcher askReplace;
  private final RequestMatcher askCodes;
  private final RequestMatcher askDisable;
  private final RequestMatcher newCodes;
  private final RequestMatcher disable;
  private final RequestMatcher forgetBrowser;
  private final RequestMatcher forgetBrowsers;
  private final RequestMatcher reset;
  private final RequestMatcher unlock;

  /**
   * @param showsCodePage {@code false} when the application shows its own code page
   * @param adminActions the reset and unlock endpoints, or {@code null} when no authority is named
   *     for them
   */
  TwoFactorFilter(
      TwoFactorProperties.Web paths,
      boolean showsCodePage,
      FactorGrant grant,
      CodeStep codeStep,
      EnrollmentPages enrollment,
      @Nullable AdminActions adminActions) {
    this.showsCodePage = showsCodePage;
    this.grant = grant;
    this.codeStep = codeStep;
    this.enrollment = enrollment;
    this.adminActions = adminActions;
    PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
    String base = paths.enrollmentPage();
    showCode = path.matcher(HttpMethod.GET, paths.codePage());
    submitCode = path.matcher(HttpMethod.POST, paths.codePage());
    status = path.matcher(HttpMethod.GET, base);
    start = path.matcher(HttpMethod.POST, base + EnrollmentPages.START);
    confirm = path.matcher(HttpMethod.POST, base + EnrollmentPages.CONFIRM);
    askReplace = path.matcher(HttpMethod.GET, base + EnrollmentPages.REPLACE);
    askCodes = path.matcher(HttpMethod.GET, base + EnrollmentPages.RECOVERY_CODES);
    askDisable = path.matcher(HttpMethod.GET, base + EnrollmentPages.DISABLE);
    newCodes = path.matcher(HttpMethod.POST, base + EnrollmentPages.RECOVERY_CODES);
    disable = path.matcher(HttpMethod.POST, base + EnrollmentPages.DISABLE);
    forgetBrowser = path.matcher(HttpMethod.POST, base + EnrollmentPages.FORGET_BROWSER);
    forgetBrowsers = path.matcher(HttpMethod.POST, base + EnrollmentPages.FORGET_BROWSERS);
    reset = path.matcher(HttpMethod.POST, paths.adminPath() + AdminActions.RESET);
    unlock = path.matcher(HttpMethod.POST, paths.adminPath() + AdminActions.UNLOCK);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    request.setAttribute(TotpRequirement.CHAIN_ATTRIBUTE, true);
    Integer failedAttempts = grant.failedAttempts(request);
    if (failedAttempts != null) {
      request.setAttribute(TwoFactorConfigurer.FAILED_ATTEMPTS_ATTRIBUTE, failedAttempts);
    }
    if (TrustedBrowsers.copied(request, grant.current())) {
      request.setAttribute(TwoFactorConfigurer.TRUST_ENDED_ATTRIBUTE, true);
    }
    if (showsCodePage && showCode.matches(request)) {
      codeStep.show(request, response);
    } else if (submitCode.matches(request)) {
      codeStep.submit(request, response);
    } else if (status.matches(request)) {
      enrollment.status(request, response);
    } else if (start.matches(request)) {
      enrollment.start(request, response);
    } else if (confirm.matches(request)) {
      enrollment.confirm(request, response);
    } else if (askReplace.matches(request)) {
      enrollment.ask(request, response, EnrollmentPages.REPLACE);
    } else if (askCodes.matches(request)) {
      enrollment.ask(request, response, EnrollmentPages.RECOVERY_CODES);
    } else if (askDisable.matches(request)) {
      enrollment.ask(request, response, EnrollmentPages.DISABLE);
    } else if (newCodes.matches(request)) {
      enrollment.newRecoveryCodes(request, response);
    } else if (disable.matches(request)) {
      enrollment.disable(request, response);
    } else if (forgetBrowser.matches(request)) {
      enrollment.forgetBrowser(request, response);
    } else if (forgetBrowsers.matches(request)) {
      enrollment.forgetBrowsers(request, response);
    } else if (adminActions != null && reset.matches(request)) {
      adminActions.reset(request, response);
    } else if (adminActions != null && unlock.matches(request)) {
      adminActions.unlock(request, response);
    } else {
      chain.doFilter(request, response);
    }
  }
}
