/**
 * Authenticator-app codes as a Spring Security 7 factor, auto-configured for Spring Boot 4.
 *
 * <p>With this module on the class path, the {@code twofactor.*} properties ({@link
 * dev.twofactor.spring.TwoFactorProperties}) give a {@link dev.twofactor.TwoFactor} over the
 * application's {@code DataSource}; one line in the application's {@code SecurityFilterChain},
 * {@code http.with(TwoFactorConfigurer.twoFactor(), Customizer.withDefaults())}, asks for a code
 * after the password, adds the enrollment pages and grants the {@value
 * dev.twofactor.spring.TwoFactorConfigurer#TOTP_AUTHORITY} factor authority.
 *
 * <p>The jar has no module descriptor; its automatic module name is {@code dev.twofactor.spring}.
 */
@NullMarked
package dev.twofactor.spring;

import org.jspecify.annotations.NullMarked;
