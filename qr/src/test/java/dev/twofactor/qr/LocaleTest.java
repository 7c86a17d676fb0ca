package dev.twofactor.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Proves that each Surefire execution really runs under the locale it names. */
final class LocaleTest {
  @Test
  void defaultLocale_isTheOneThisRunWasStartedWith() {
    String expected = System.getProperty("twofactor.test.locale", "(not set)");
    assertEquals(expected, Locale.getDefault().toLanguageTag());
  }
}
