package dev.twofactor.spring;

import dev.twofactor.CredentialStatus;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AllRequiredFactorsAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * What the pages, the requirement and the entry point share: the calls into the service, the
 * properties, the clock, the texts and the metrics. One per application, made by {@link
 * TwoFactorSecurityAutoConfiguration}.
 */
final class TwoFactorWeb implements SmartInitializingSingleton {
  private static final Log log = LogFactory.getLog(TwoFactorWeb.class);
  private static final String STATUS_ATTRIBUTE = TwoFactorWeb.class.getName() + ".status";

  final TwoFactorCalls calls;
  final TwoFactorProperties properties;
  final Clock clock;
  final Texts texts;
  final SecondStepObserver observer;
  private final TwoFactorAdministration administration;
  private final AtomicBoolean installed = new AtomicBoolean();
  private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();
  private final AllRequiredFactorsAuthorizationManager<Object> anyFactor;
  private final AllRequiredFactorsAuthorizationManager<Object> recentFactor;

  TwoFactorWeb(
      TwoFactorCalls calls,
      TwoFactorProperties properties,
      Clock clock,
      Texts texts,
      SecondStepObserver observer,
      TwoFactorAdministration administration) {
    this.calls = calls;
    this.administration = administration;
    this.properties = properties;
    this.clock = clock;
    this.texts = texts;
    this.observer = observer;
    this.anyFactor = factor(null, clock);
    this.recentFactor = factor(properties.web().stepUp(), clock);
  }

  private static AllRequiredFactorsAuthorizationManager<Object> factor(
      @Nullable Duration within, Clock clock) {
    AllRequiredFactorsAuthorizationManager<Object> manager =
        AllRequiredFactorsAuthorizationManager.builder()
            .requireFactor(
                f -> f.authority(TwoFactorConfigurer.TOTP_AUTHORITY).validDuration(within))
            .build();
    manager.setClock(clock);
    return manager;
  }

  TwoFactorAdministration administration() {
    return administration;
  }

  /** Notes that a filter chain applies the configurer. */
  void installed() {
    installed.set(true);
  }

  /** Warns when no filter chain asks for the factor: then nobody is asked for a code. */
  @Override
  public void afterSingletonsInstantiated() {
    if (!installed.get()) {
      log.warn(
          "No SecurityFilterChain applies TwoFactorConfigurer, so nobody is asked for a"
              + " two-factor code: add .with(TwoFactorConfigurer.twoFactor(),"
              + " Customizer.withDefaults()) to the application's HttpSecurity");
    }
  }

  /** Spring Security's check that the authentication has the factor, of any age. */
  AllRequiredFactorsAuthorizationManager<Object> anyFactor() {
    return anyFactor;
  }

  /** Spring Security's check that the factor was issued within the step-up time. */
  AllRequiredFactorsAuthorizationManager<Object> recentFactor() {
    return recentFactor;
  }

  /** Tells whether someone signed in, with a password or otherwise; not anonymously. */
  boolean isSignedIn(@Nullable Authentication authentication) {
    return authentication != null
        && authentication.isAuthenticated()
        && !trust.isAnonymous(authentication);
  }

  static boolean hasFactor(Authentication authentication) {
    for (GrantedAuthority authority : authentication.getAuthorities()) {
      if (TwoFactorConfigurer.TOTP_AUTHORITY.equals(authority.getAuthority())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Tells whether a signed-in user must give a code before the pages that need one: everyone under
   * {@code REQUIRED}; under {@code OPTIONAL}, those with an active authenticator.
   */
  boolean mustGiveCode(@Nullable HttpServletRequest request, Authentication authentication) {
    return properties.policy() == TwoFactorProperties.Policy.REQUIRED
        || hasFactor(authentication)
        || isActive(request, authentication.getName());
  }

  /** Tells whether the account has an active authenticator, looked up once per request. */
  boolean isActive(@Nullable HttpServletRequest request, String accountId) {
    return status(request, accountId).state() == CredentialStatus.State.ACTIVE;
  }

  /** The account's status, looked up once per request. */
  CredentialStatus status(@Nullable HttpServletRequest request, String accountId) {
    if (request == null) {
      return calls.status(accountId);
    }
    if (request.getAttribute(STATUS_ATTRIBUTE) instanceof Cached cached
        && cached.accountId().equals(accountId)) {
      return cached.status();
    }
    CredentialStatus status = calls.status(accountId);
    request.setAttribute(STATUS_ATTRIBUTE, new Cached(accountId, status));
    return status;
  }

  /** A status looked up in this request, with the account it is of. */
  private record Cached(String accountId, CredentialStatus status) {}

  /** Forgets the looked-up state after this request changed it. */
  static void forgetStatus(HttpServletRequest request) {
    request.removeAttribute(STATUS_ATTRIBUTE);
  }

  String text(HttpServletRequest request, String key, Object... arguments) {
    return texts.get(key, locale(request), arguments);
  }

  static Locale locale(HttpServletRequest request) {
    Locale locale = request.getLocale();
    return locale == null ? Locale.ENGLISH : locale;
  }
}
