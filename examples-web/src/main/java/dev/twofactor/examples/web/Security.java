package dev.twofactor.examples.web;

import dev.twofactor.spring.TwoFactorConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The help desk's sign-in: a password form at {@code /login}, then, for agents who set up an
 * authenticator app, the code from it. The second step is the one line of twofactor-spring;
 * everything else is Spring Security as usual.
 */
@Configuration(proxyBeanMethods = false)
class Security {
  @Bean
  SecurityFilterChain web(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers("/login", "/helpdesk.css", "/error")
                    .permitAll()
                    .requestMatchers("/admin/**")
                    .hasRole("ADMIN")
                    .anyRequest()
                    .authenticated())
        .formLogin(form -> form.loginPage("/login").permitAll())
        .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
        .with(TwoFactorConfigurer.twoFactor(), Customizer.withDefaults()) // the one line
        .build();
  }

  /** The seeded accounts, with their passwords hashed as a real user store keeps them. */
  @Bean
  UserDetailsService users() {
    PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
    for (Accounts.Account account : Accounts.SEEDED) {
      users.createUser(
          User.withUsername(account.name())
              .password(encoder.encode(account.name()))
              .roles(
                  account.administrator()
                      ? new String[] {"AGENT", "ADMIN"}
                      : new String[] {"AGENT"})
              .build());
    }
    return users;
  }
}
