package dev.twofactor.spring;

import dev.twofactor.testkit.FakeClock;
import java.time.Instant;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * A host application as the README shows it: form login, every page for signed-in users, and the
 * one line. Every user name signs in with the password {@code pw}; names starting with {@code
 * admin} are administrators. The clock is a {@link FakeClock}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TestApp.Pages.class)
class TestApp {
  static final String PASSWORD = "pw";
  static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    // README spring
    http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .formLogin(Customizer.withDefaults())
        .with(TwoFactorConfigurer.twoFactor(), Customizer.withDefaults()); // the one line
    // END README
    return http.build();
  }

  @Bean
  UserDetailsService users() {
    return name ->
        User.withUsername(name)
            .password("{noop}" + PASSWORD)
            .roles(
                name.startsWith("admin") ? new String[] {"USER", "ADMIN"} : new String[] {"USER"})
            .build();
  }

  @Bean
  FakeClock clock() {
    return FakeClock.at(START);
  }

  /** The host's own pages. */
  @RestController
  static class Pages {
    // README failed-attempts
    @GetMapping("/")
    String home(
        @RequestAttribute(name = TwoFactorConfigurer.FAILED_ATTEMPTS_ATTRIBUTE, required = false)
            Integer failedAttempts) {
      if (failedAttempts == null) {
        return "home page";
      }
      // Whoever made them knows the password: if it was not the user, it must be changed.
      return "There were " + failedAttempts + " failed sign-in attempts since your last visit.";
    }

    // END README

    @GetMapping("/tickets")
    String tickets() {
      return "ticket list";
    }
  }
}
