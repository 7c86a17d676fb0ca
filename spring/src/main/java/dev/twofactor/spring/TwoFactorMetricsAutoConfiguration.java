package dev.twofactor.spring;

import dev.twofactor.TwoFactor;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Counts two-factor events with Micrometer when the application has it (Spring Boot Actuator):
 *
 * <ul>
 *   <li>{@code twofactor.verifications}, tagged {@code outcome} ({@code accepted}, {@code
 *       rejected}) and {@code reason} ({@code accepted}, {@code mismatch}, {@code replayed}, {@code
 *       throttled}, {@code malformed}, {@code not_enrolled}, {@code expired});
 *   <li>{@code twofactor.enrollments}, tagged {@code stage} ({@code started}, {@code confirmed},
 *       and for the replacement of an active authenticator {@code replacement_started}, {@code
 *       replaced});
 *   <li>{@code twofactor.recovery.codes}, tagged {@code action} ({@code used}, {@code generated});
 *   <li>{@code twofactor.administrations}, tagged {@code action} ({@code reset}, {@code unlocked},
 *       {@code imported}, {@code exported});
 *   <li>{@code twofactor.devices}, tagged {@code action}, for trusted browsers ({@code trusted},
 *       {@code signed_in}, {@code token_reused}: a copied cookie, {@code revoked}, {@code
 *       all_revoked});
 *   <li>{@code twofactor.lockouts}, {@code twofactor.removals} (the users' own), {@code
 *       twofactor.resynchronizations} and {@code twofactor.reseals} (records sealed again under the
 *       current key);
 *   <li>{@code twofactor.second.step}, a timer of the code page's POST, tagged {@code outcome}.
 * </ul>
 *
 * <p>No tag holds an account id, an administrator's name, a client address, a code or anything else
 * a user typed.
 */
@AutoConfiguration(after = TwoFactorAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(TwoFactor.class)
public final class TwoFactorMetricsAutoConfiguration {
  /** Creates the configuration; Spring Boot does. */
  public TwoFactorMetricsAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  MicrometerTwoFactorMetrics twoFactorMetrics() {
    return new MicrometerTwoFactorMetrics();
  }
}
