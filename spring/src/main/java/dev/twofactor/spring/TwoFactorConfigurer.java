package dev.twofactor.spring;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.authentication.ui.DefaultResourcesFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * Asks for a code from an authenticator app after the password: the one line in the application's
 * filter chain.
 *
 * <pre>{@code
 * @Bean
 * SecurityFilterChain web(HttpSecurity http) throws Exception {
 *   return http
 *       .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
 *       .formLogin(Customizer.withDefaults())
 *       .with(TwoFactorConfigurer.twoFactor(), Customizer.withDefaults())
 *       .build();
 * }
 * }</pre>
 *
 * <p>In that chain, every {@code authenticated()}, {@code hasRole(...)} and {@code
 * hasAuthority(...)} rule also needs the {@value #TOTP_AUTHORITY} factor from the users the policy
 * asks a code of ({@code twofactor.policy}: everyone, or those with an authenticator), through the
 * {@code AuthorizationManagerFactory} of {@link TwoFactorSecurityAutoConfiguration}. A request that
 * lacks it is sent by Spring Security's own missing-factor handling to the code page ({@code
 * twofactor.web.code-page}, default {@code /login/totp}), or, under {@code REQUIRED}, to the
 * enrollment page of a user without an authenticator. The configurer adds:
 *
 * <ul>
 *   <li>the code page: a correct code, or a recovery code, adds a {@code FactorGrantedAuthority}
 *       {@value #TOTP_AUTHORITY} with its issue time, changes the session id and resumes the saved
 *       request;
 *   <li>the enrollment page ({@code twofactor.web.enrollment-page}, default {@code
 *       /account/two-factor}): set up, replace, recovery codes, turn off, with a step-up to a
 *       recent code, and the service's proof of it, for the last three;
 *   <li>with {@code twofactor.web.admin-authority}, an administrator's reset and unlock endpoints;
 *   <li>"trust this browser" ({@code twofactor.trusted-devices.*}): a checkbox on the code page;
 *       afterwards the browser's cookie gives the factor after the password, without the code page,
 *       and the enrollment page lists the trusted browsers to forget one or all;
 *   <li>the request attributes {@value #FAILED_ATTEMPTS_ATTRIBUTE}, the failed attempts since the
 *       user's previous sign-in, and {@value #TRUST_ENDED_ATTRIBUTE}, a copied cookie, for the
 *       application's pages to show.
 * </ul>
 *
 * <p>These pages are answered before the chain's authorization rules, as Spring Security's own
 * login pages are, and check who may use them themselves; every POST needs the CSRF token. A
 * sensitive page of the application can demand a recent code too, for example {@code
 * AllRequiredFactorsAuthorizationManager.builder().requireFactor(f ->
 * f.authority(TOTP_AUTHORITY).validDuration(Duration.ofMinutes(5))).build()}.
 */
public final class TwoFactorConfigurer
    extends AbstractHttpConfigurer<TwoFactorConfigurer, HttpSecurity> {
  /** The factor authority that a correct code adds: {@value}. */
  public static final String TOTP_AUTHORITY = "FACTOR_TOTP";

  /**
   * The request attribute that tells how many failed attempts to enter a code or a recovery code
   * for the signed-in user's account were made elsewhere since the user's previous sign-in:
   * {@value}, an {@link Integer} of at least 1, absent when there were none.
   *
   * <p>Set on every request of the session (in the filter chains that apply this configurer) after
   * a second step that followed such failures, until the session ends or the next second step; the
   * failures the user typed on the code page of this session are not counted. Whoever made them
   * knows the password: tell the user, for example on the page after the sign-in, "there were 3
   * failed attempts since your last sign-in: if that was not you, change your password". A template
   * reads it as {@code ${twoFactorFailedAttempts}} (Thymeleaf, JSP), a controller with
   * {@code @RequestAttribute(name = TwoFactorConfigurer.FAILED_ATTEMPTS_ATTRIBUTE, required =
   * false) Integer failedAttempts}. The module's enrollment page shows it.
   */
  public static final String FAILED_ATTEMPTS_ATTRIBUTE = "twoFactorFailedAttempts";

  /**
   * The request attribute that tells that this browser presented a copied "trust this browser"
   * cookie: {@value}, {@link Boolean#TRUE}, absent otherwise.
   *
   * <p>The cookie had already been used, and replaced, elsewhere: someone copied it (or restored
   * the browser from a backup). The service then ended the trust of every browser of the account,
   * and the user is asked for a code. Set on every request of the session for that user until the
   * next second step; the module's code page shows it. An application's own code page should tell
   * the user too, and suggest changing the password: whoever copied the cookie may know it.
   */
  public static final String TRUST_ENDED_ATTRIBUTE = "twoFactorTrustEnded";

  private @Nullable String codePage;
  private @Nullable TotpEntryPoint entryPoint;

  private TwoFactorConfigurer() {}

  /**
   * Returns a new configurer, for {@code http.with(twoFactor(), Customizer.withDefaults())}.
   *
   * @return the configurer
   */
  public static TwoFactorConfigurer twoFactor() {
    return new TwoFactorConfigurer();
  }

  /**
   * Uses the application's own code page instead of this module's: users who need a code are sent
   * to it, and it must show a form that posts the field {@code code} (or {@code recovery-code})
   * with the CSRF token to {@code twofactor.web.code-page}; with the field {@code trust-browser} (a
   * checkbox), an accepted code also trusts the browser. A rejected code is sent back to the page
   * with the parameter {@code error}: {@code malformed}, {@code wrong}, {@code replayed}, {@code
   * throttled} with {@code wait}, the seconds to wait, {@code recovery-code}, or {@code
   * recovery-code-throttled} with {@code wait}.
   *
   * @param path the page's path in the application, for example {@code "/second-step"}
   * @return this configurer
   */
  public TwoFactorConfigurer codePage(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("codePage must be a path starting with '/': " + path);
    }
    this.codePage = path;
    return this;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void init(HttpSecurity http) {
    TwoFactorWeb web = web(http);
    ExceptionHandlingConfigurer<HttpSecurity> exceptions =
        http.getConfigurer(ExceptionHandlingConfigurer.class);
    if (exceptions != null) {
      entryPoint = new TotpEntryPoint(web, getSecurityContextHolderStrategy(), codePage);
      exceptions.defaultDeniedHandlerForMissingAuthority(entryPoint, TOTP_AUTHORITY);
    }
  }

  @Override
  public void configure(HttpSecurity http) {
    TwoFactorWeb web = web(http);
    SecurityContextHolderStrategy holder = getSecurityContextHolderStrategy();
    SessionAuthenticationStrategy sessionStrategy =
        orElse(
            http.getSharedObject(SessionAuthenticationStrategy.class),
            new ChangeSessionIdAuthenticationStrategy());
    SecurityContextRepository contextRepository =
        orElse(
            http.getSharedObject(SecurityContextRepository.class),
            new DelegatingSecurityContextRepository(
                new RequestAttributeSecurityContextRepository(),
                new HttpSessionSecurityContextRepository()));
    RequestCache requestCache =
        orElse(http.getSharedObject(RequestCache.class), new HttpSessionRequestCache());
    FactorGrant grant =
        new FactorGrant(web, holder, sessionStrategy, contextRepository, requestCache);
    TrustedBrowsers browsers = new TrustedBrowsers(web);
    if (entryPoint != null) {
      entryPoint.trustedBrowsers(browsers, grant);
    }
    CodeStep codeStep = new CodeStep(web, grant, browsers, codePage);
    String adminAuthority = web.properties.web().adminAuthority();
    AdminActions adminActions =
        adminAuthority == null || adminAuthority.isBlank()
            ? null
            : new AdminActions(web, grant, web.administration(), adminAuthority);
    TwoFactorFilter filter =
        new TwoFactorFilter(
            web.properties.web(),
            codePage == null,
            grant,
            codeStep,
            new EnrollmentPages(web, grant, codeStep, browsers),
            adminActions);
    http.addFilterBefore(postProcess(filter), AuthorizationFilter.class);
    http.addFilter(DefaultResourcesFilter.css());
    web.installed();
  }

  private static TwoFactorWeb web(HttpSecurity http) {
    ApplicationContext context = http.getSharedObject(ApplicationContext.class);
    TwoFactorWeb web =
        context == null ? null : context.getBeanProvider(TwoFactorWeb.class).getIfAvailable();
    if (web == null) {
      throw new IllegalStateException(
          "TwoFactorConfigurer needs the twofactor-spring auto-configuration of a Spring Boot"
              + " servlet application, with twofactor.issuer and the sealer keys set");
    }
    return web;
  }

  private static <T> T orElse(@Nullable T shared, T fallback) {
    return shared != null ? shared : fallback;
  }
}
