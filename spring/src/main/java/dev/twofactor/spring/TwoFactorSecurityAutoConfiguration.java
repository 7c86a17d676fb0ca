package dev.twofactor.spring;

import dev.twofactor.TwoFactor;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authorization.AuthorizationManagerFactory;
import org.springframework.security.authorization.DefaultAuthorizationManagerFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.core.GrantedAuthorityDefaults;

/**
 * Makes the code from an authenticator app a Spring Security factor in a servlet application: the
 * {@link TwoFactorAdministration}, what {@link TwoFactorConfigurer} plugs into the filter chain,
 * and an {@link AuthorizationManagerFactory} whose rules also need the {@value
 * TwoFactorConfigurer#TOTP_AUTHORITY} factor from the users that {@code twofactor.policy} asks a
 * code of.
 *
 * <p>The factory is Spring Security's {@link DefaultAuthorizationManagerFactory} with that factor
 * as additional authorization (so {@code permitAll()}, {@code anonymous()} and {@code denyAll()}
 * are unaffected), the application's {@link RoleHierarchy} and its role prefix ({@link
 * GrantedAuthorityDefaults}). An application that declares its own {@link
 * AuthorizationManagerFactory}, for example with {@code @EnableMultiFactorAuthentication}, replaces
 * it, and then decides itself which rules need the factor.
 */
@AutoConfiguration(after = TwoFactorAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(HttpSecurity.class)
@ConditionalOnBean(TwoFactor.class)
public final class TwoFactorSecurityAutoConfiguration {
  /** Creates the configuration; Spring Boot does. */
  public TwoFactorSecurityAutoConfiguration() {}

  /**
   * The administrator's status, reset and unlock.
   *
   * @param twoFactor the service
   * @return the administration
   */
  @Bean
  @ConditionalOnMissingBean
  public TwoFactorAdministration twoFactorAdministration(TwoFactor twoFactor) {
    return new TwoFactorAdministration(twoFactor);
  }

  @Bean
  @ConditionalOnMissingBean
  TwoFactorWeb twoFactorWeb(
      TwoFactor twoFactor,
      TwoFactorProperties properties,
      ObjectProvider<Clock> clock,
      ApplicationContext context,
      ObjectProvider<SecondStepObserver> observer,
      TwoFactorAdministration administration) {
    TrustedBrowsers.checkCookieName(properties.trustedDevices().cookieName());
    return new TwoFactorWeb(
        new TwoFactorCalls(twoFactor),
        properties,
        clock.getIfUnique(Clock::systemUTC),
        new Texts(context),
        observer.getIfUnique(() -> SecondStepObserver.NONE),
        administration);
  }

  /**
   * Spring Security's authorization rules, each also needing the factor where the policy asks for
   * it.
   *
   * @param web the module's shared parts
   * @param roleHierarchy the application's role hierarchy, if it has one
   * @param authorityDefaults the application's role prefix, if it sets one
   * @return the factory that {@code authorizeHttpRequests} and method security build rules with
   */
  @Bean
  @ConditionalOnMissingBean(AuthorizationManagerFactory.class)
  DefaultAuthorizationManagerFactory<Object> twoFactorAuthorizationManagerFactory(
      TwoFactorWeb web,
      ObjectProvider<RoleHierarchy> roleHierarchy,
      ObjectProvider<GrantedAuthorityDefaults> authorityDefaults) {
    DefaultAuthorizationManagerFactory<Object> factory = new DefaultAuthorizationManagerFactory<>();
    roleHierarchy.ifAvailable(factory::setRoleHierarchy);
    authorityDefaults.ifAvailable(d -> factory.setRolePrefix(d.getRolePrefix()));
    factory.setAdditionalAuthorization(new TotpRequirement(web));
    return factory;
  }
}
