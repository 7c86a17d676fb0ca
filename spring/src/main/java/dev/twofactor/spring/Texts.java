package dev.twofactor.spring;

import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The user-facing texts of the pages: the application's {@link MessageSource} first, so that a host
 * translates or rewords a text by adding its key ({@code twofactor.code.title=...}) to its own
 * {@code messages.properties}, then this module's English bundle, {@code
 * dev/twofactor/spring/messages.properties}.
 */
final class Texts {
  static final String BUNDLE = "dev.twofactor.spring.messages";

  private final MessageSource application;
  private final ResourceBundleMessageSource defaults;

  Texts(MessageSource application) {
    this.application = application;
    this.defaults = new ResourceBundleMessageSource();
    defaults.setBasename(BUNDLE);
    defaults.setDefaultEncoding("UTF-8");
    // The English bundle answers every locale; never a bundle of the server's default locale.
    defaults.setFallbackToSystemLocale(false);
    defaults.setAlwaysUseMessageFormat(true);
  }

  /**
   * Returns a text in the locale, its arguments formatted by {@link java.text.MessageFormat}.
   *
   * @throws org.springframework.context.NoSuchMessageException if neither source has the key
   */
  String get(String key, Locale locale, Object... arguments) {
    String own = application.getMessage(key, arguments, null, locale);
    return own != null ? own : defaults.getMessage(key, arguments, locale);
  }
}
