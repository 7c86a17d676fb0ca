package dev.twofactor.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.twofactor.TwoFactor;
import dev.twofactor.testkit.FakeClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.mock.web.MockHttpSession;

final class TextsTest {
  private static final Pattern KEY = Pattern.compile("\"(twofactor\\.[a-zA-Z.]+)\"");

  @Test
  void everyTextThePagesAskFor_isInTheBundle() throws IOException {
    Properties bundle = bundle();
    TreeSet<String> missing = new TreeSet<>();
    for (String file :
        new String[] {"CodeStep.java", "EnrollmentPages.java", "TrustedBrowsers.java"}) {
      String source =
          Files.readString(
              Path.of("src/main/java/dev/twofactor/spring", file), StandardCharsets.UTF_8);
      Matcher m = KEY.matcher(source);
      while (m.find()) {
        String key = m.group(1);
        boolean form = bundle.containsKey(key + ".intro") && bundle.containsKey(key + ".submit");
        boolean wait =
            bundle.containsKey(key + ".seconds")
                && bundle.containsKey(key + ".minutes")
                && bundle.containsKey(key + ".hours");
        boolean prefix = form || wait;
        if (!bundle.containsKey(key) && !prefix) {
          missing.add(key);
        }
      }
    }
    assertTrue(missing.isEmpty(), "keys missing from messages.properties: " + missing);
  }

  @Test
  void everyText_formatsInEveryTestLocale() throws IOException {
    Texts texts = new Texts(new StaticMessageSource());
    for (Locale locale :
        new Locale[] {
          Locale.ENGLISH, Locale.forLanguageTag("tr-TR"), Locale.forLanguageTag("ar-EG")
        }) {
      for (String key : bundle().stringPropertyNames()) {
        // Two arguments: the name of a trusted browser has two ("Firefox on Linux").
        String text = texts.get(key, locale, 2L, 2L);
        assertTrue(!text.isBlank() && !text.contains("{"), key + ": " + text);
      }
    }
    assertEquals(
        "Too many wrong codes. Try again in 1 minute.",
        texts.get("twofactor.code.throttled.minutes", Locale.ENGLISH, 1L));
    assertEquals(
        "Too many wrong codes. Try again in 2 minutes.",
        texts.get("twofactor.code.throttled.minutes", Locale.ENGLISH, 2L));
  }

  @Test
  void applicationsMessages_replaceTheModulesTexts() {
    StaticMessageSource host = new StaticMessageSource();
    host.addMessage("twofactor.code.submit", Locale.GERMAN, "Prüfen");
    Texts texts = new Texts(host);

    assertEquals("Prüfen", texts.get("twofactor.code.submit", Locale.GERMAN));
    assertEquals("Verify", texts.get("twofactor.code.submit", Locale.ENGLISH));
    assertEquals(
        "Code from your authenticator app", texts.get("twofactor.code.label", Locale.GERMAN));
  }

  @Test
  void applicationsMessagesProperties_translateTheCodePage() throws Exception {
    ConfigurableApplicationContext app =
        Apps.shared(TestApp.class, "spring.messages.basename=host-messages");
    var mvc = Apps.mvc(app);
    Host host = new Host(mvc, app.getBean(TwoFactor.class), app.getBean(FakeClock.class));
    MockHttpSession session = host.signIn(Host.newAccount("greta"));

    String html =
        mvc.perform(get("/login/totp").with(Host.browser(session)))
            .andReturn()
            .getResponse()
            .getContentAsString(StandardCharsets.UTF_8);

    assertTrue(html.contains("<h2>Zweiter Schritt</h2>"), html);
    assertTrue(html.contains("Code from your authenticator app"), html);
  }

  private static Properties bundle() throws IOException {
    Properties bundle = new Properties();
    try (InputStream in =
        Texts.class.getResourceAsStream("/dev/twofactor/spring/messages.properties")) {
      bundle.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return bundle;
  }
}
