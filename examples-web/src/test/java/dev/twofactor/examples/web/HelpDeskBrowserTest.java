package dev.twofactor.examples.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.spring.TwoFactorAdministration;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The help-desk flow in a real headless Chromium, against the application as {@code ./demo --web}
 * starts it (an H2 file, a generated sealer key), with a {@link FakeClock} as the application's
 * clock and testkit's {@link SoftwareAuthenticator} as the agent's phone, which reads the QR code
 * from a screenshot of the page. Every log line is written at DEBUG to a file, and no secret, code
 * or recovery code may appear in it or in any address the browser shows. One difference from the
 * demo: recovery codes are hashed with 1,000 PBKDF2 iterations, the fewest allowed, instead of
 * 100,000, which would take seconds at every enrollment.
 *
 * <p>Tagged {@code browser}, so that a build can leave it out ({@code
 * -Dtwofactor.test.excludedGroups=benchmark,browser}); when it runs without Chromium, it fails.
 */
@Tag("browser")
final class HelpDeskBrowserTest {
  private static final Instant START = Instant.parse("2026-11-30T09:00:00Z");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** How long a replaced trusted-browser token is still taken from parallel requests. */
  private static final Duration GRACE = Duration.ofSeconds(1);

  /** The trusted-browser cookie of twofactor-spring. */
  private static final String TRUST_COOKIE = "twofactor-trusted-browser";

  /** The trusted browser's name on the profile: Chromium's user agent names Chrome and Linux. */
  private static final String THIS_BROWSER = "Chrome on Linux (this browser)";

  /** The README's picture of the enrollment page: a copy of {@code enrollment.png}. */
  private static final Path README_PICTURE = Path.of("..", "docs", "web-demo-enrollment.png");

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private static FakeClock clock;
  private static Path data;
  private static Path log;
  private static ConfigurableApplicationContext app;
  private static String base;

  /** The browsers started so far; a test takes them in turn, each time without cookies. */
  private static final List<Browser> browsers = new ArrayList<>();

  private final List<String> secrets = new ArrayList<>();
  private int browsersTaken;

  /** What the agent has after setting up the app: the phone and the recovery codes. */
  private record Enrolled(
      SoftwareAuthenticator phone, List<String> recoveryCodes, Instant confirmedAt) {}

  @BeforeAll
  static void startTheHelpDesk() throws IOException {
    clock = FakeClock.at(START);
    data = Files.createTempDirectory("helpdesk-data");
    log = data.resolve("helpdesk.log");
    app =
        HelpDesk.start(
            new Options(0, null, null, null, data, false),
            clock,
            "logging.file.name=" + log,
            "logging.level.root=DEBUG",
            "logging.level.org.apache.tomcat.util.net=INFO",
            // The test's own side, Selenium and the JDK's HTTP client, sees the page's text.
            "logging.level.org.openqa.selenium=INFO",
            // Selenium's note that it has no DevTools for this Chromium: the test does not use
            // them.
            "logging.level.org.openqa.selenium.devtools.CdpVersionFinder=ERROR",
            "logging.level.jdk.internal.httpclient=INFO",
            "logging.threshold.console=WARN",
            "twofactor.recovery-codes.iterations=1000",
            // A copied trusted-browser cookie counts as a copy once the original's replacement is
            // older than this; the clock is the test's, so the test moves it past one second.
            "twofactor.trusted-devices.grace=" + GRACE.toSeconds() + "s");
    base = "http://127.0.0.1:" + HelpDesk.port(app);
  }

  @AfterAll
  static void stopTheHelpDesk() throws IOException {
    for (Browser browser : browsers) {
      browser.close();
    }
    app.close();
    delete(data);
  }

  /** Deletes a directory with everything in it, if it exists. */
  private static void delete(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (var files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @BeforeEach
  void agentWithoutTwoFactor() {
    app.getBean(TwoFactorAdministration.class).reset("agent", "test");
  }

  @AfterEach
  void nothingSecretInALogOrAnAddress() throws IOException {
    List<String> urls = new ArrayList<>();
    for (Browser browser : browsers.subList(0, browsersTaken)) {
      urls.addAll(browser.addresses());
    }
    String logText = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(logText.contains("DEBUG"), "the log is written at DEBUG");
    for (String secret : secrets) {
      Pattern whole =
          Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(secret) + "(?![A-Za-z0-9])");
      assertFalse(whole.matcher(logText).find(), "a log line shows a secret or code: " + secret);
      for (String url : urls) {
        assertFalse(url.contains(secret), "an address shows a secret or code: " + url);
      }
    }
  }

  @Test
  void agent_setsUpTheAppFromTheQrCode_andThenSignsInWithPasswordAndCode() throws IOException {
    Browser browser = browser(800);
    signIn(browser, "agent");
    assertEquals("/", browser.path());
    assertTrue(browser.text().contains("Protect your account: set up Authenticator"));
    browser.follow("Two-factor sign-in");
    assertEquals("/account/two-factor", browser.path());
    assertTrue(browser.text().contains("Two-factor sign-in is off."), browser.text());

    Path picture = SCREENSHOTS.resolve("enrollment.png");
    Enrolled enrolled = setUp(browser, picture);
    assertEquals(10, enrolled.recoveryCodes().size());
    assertReadmePictureIsCurrent(picture);
    browser.follow("I have saved them");
    assertEquals("/account/two-factor", browser.path());
    assertTrue(browser.text().contains("Two-factor sign-in is on."), browser.text());
    assertTrue(browser.text().contains("Recovery codes left: 10."), browser.text());

    signOut(browser, "agent");
    signIn(browser, "agent");
    assertEquals("/login/totp", browser.path());
    assertCodeInput(browser, "code", "Enter the code shown in your app");
    nextCode();
    String code = enrolled.phone().code(clock);
    secrets.add(code);
    browser.type("code", code).press("Verify");
    assertTickets(browser);
    assertTrue(browser.text().contains("Two-factor sign-in is on for your account."));

    browser.follow("Two-factor sign-in").follow("Turn off two-factor sign-in").press("Turn off");
    assertEquals("/account/two-factor", browser.path());
    assertTrue(browser.text().contains("Two-factor sign-in is off."), browser.text());
    signOut(browser, "agent");
    signIn(browser, "agent");
    assertTickets(browser);
  }

  @Test
  void aCodeUsedInOneBrowser_isRefusedInAnother() {
    Browser first = browser(1280);
    signIn(first, "agent");
    Enrolled enrolled = setUp(first, SCREENSHOTS.resolve("enrollment-replay.png"));
    signOut(first, "agent");
    signIn(first, "agent");
    nextCode();
    String code = enrolled.phone().code(clock);
    secrets.add(code);
    first.type("code", code).press("Verify");
    assertTickets(first);

    Browser second = browser(1280);
    signIn(second, "agent");
    assertEquals("/login/totp", second.path());
    second.type("code", code).press("Verify");
    assertEquals("/login/totp", second.path());
    assertTrue(
        second
            .text()
            .contains("That code was used already. Wait for the app to show the next code"),
        second.text());
  }

  @Test
  void fiveWrongCodes_showTheWait_untilTheAdministratorUnlocksTheAgent() {
    Browser browser = browser(1280);
    signIn(browser, "agent");
    Enrolled enrolled = setUp(browser, SCREENSHOTS.resolve("enrollment-guesses.png"));
    signOut(browser, "agent");
    signIn(browser, "agent");
    nextCode();
    String wrong = wrongCode(enrolled.phone());
    for (int attempt = 1; attempt <= 4; attempt++) {
      browser.type("code", wrong).press("Verify");
      assertTrue(
          browser.text().contains("That code is not right."), attempt + ": " + browser.text());
    }
    browser.type("code", wrong).press("Verify");
    assertTrue(
        browser.text().contains("Too many wrong codes. Try again in 30 seconds."), browser.text());
    assertEquals("/login/totp", browser.path());

    Browser administrator = browser(1280);
    signIn(administrator, "admin");
    administrator.open("/admin/two-factor");
    assertEquals(
        "Active since "
            + MINUTE.format(enrolled.confirmedAt())
            + ", 10 recovery codes left\nLocked after wrong codes until "
            + SECOND.format(clock.instant().plusSeconds(30)),
        agentState(administrator));
    assertEquals(List.of("Unlock", "Reset"), agentButtons(administrator));
    administrator.press("Unlock");
    assertEquals("/admin/two-factor", administrator.path());
    assertEquals(
        "Active since " + MINUTE.format(enrolled.confirmedAt()) + ", 10 recovery codes left",
        agentState(administrator));
    assertEquals(List.of("Reset"), agentButtons(administrator));

    // Within the 30 seconds of the lock, and with the same app.
    String code = enrolled.phone().code(clock);
    secrets.add(code);
    browser.type("code", code).press("Verify");
    assertTickets(browser);
  }

  @Test
  void aRecoveryCode_signsInOnce_andNotTwice() {
    Browser browser = browser(1280);
    signIn(browser, "agent");
    Enrolled enrolled = setUp(browser, SCREENSHOTS.resolve("enrollment-recovery.png"));
    String recoveryCode = enrolled.recoveryCodes().get(0);
    signOut(browser, "agent");
    signIn(browser, "agent");
    browser.expand("Lost your phone? Use a recovery code");
    browser.type("recovery-code", recoveryCode).press("Use recovery code");
    assertEquals("/account/two-factor?recovery-code-used", browser.path());
    assertTrue(
        browser.text().contains("You signed in with a recovery code; 9 are left."), browser.text());

    signOut(browser, "agent");
    signIn(browser, "agent");
    browser.expand("Lost your phone? Use a recovery code");
    browser.type("recovery-code", recoveryCode).press("Use recovery code");
    assertEquals("/login/totp", browser.path());
    assertTrue(
        browser.text().contains("That recovery code is not right, or it was used already."),
        browser.text());
  }

  @Test
  void administrator_resetsAnAgent_whoThenSignsInWithThePasswordAlone() throws SQLException {
    Browser browser = browser(1280);
    signIn(browser, "agent");
    Enrolled enrolled = setUp(browser, SCREENSHOTS.resolve("enrollment-reset.png"));
    String sealedSecret = column("agent", "secret");
    assertNotNull(sealedSecret);
    signOut(browser, "agent");

    signIn(browser, "admin");
    browser.follow("Administration");
    assertEquals("/admin/two-factor", browser.path());
    assertEquals(
        "Active since " + MINUTE.format(enrolled.confirmedAt()) + ", 10 recovery codes left",
        agentState(browser));
    browser.press("Reset");
    assertEquals("/admin/two-factor", browser.path());
    assertEquals("None", agentState(browser));
    assertNull(column("agent", "secret"));
    assertFalse(anyValueContains(sealedSecret), "the old sealed secret is still in the table");
    signOut(browser, "admin");

    signIn(browser, "agent");
    assertEquals("/", browser.path());
    assertTrue(browser.text().contains("Protect your account: set up Authenticator"));
  }

  @Test
  void aTrustedBrowser_signsInWithThePasswordAlone_untilACopyOfItsCookieIsUsed()
      throws IOException {
    Browser browser = browser(1280);
    signIn(browser, "agent");
    Enrolled enrolled = setUp(browser, SCREENSHOTS.resolve("enrollment-trust.png"));
    signOut(browser, "agent");
    signIn(browser, "agent");
    assertEquals("/login/totp", browser.path());
    assertEquals(
        "Trust this browser for 30 days",
        browser.find(By.cssSelector("label[for='trust-browser']")).getText());
    assertFalse(browser.find(By.id("trust-browser")).isSelected(), "ticked before the agent");
    nextCode();
    String code = enrolled.phone().code(clock);
    secrets.add(code);
    browser.type("code", code).tick("trust-browser");
    assertFits(browser, "trust-code-page");
    browser.press("Verify");
    assertTickets(browser);
    Cookie first = trustCookie(browser);
    assertTrue(first.isHttpOnly(), "HttpOnly");
    assertEquals("Lax", first.getSameSite());
    assertEquals("/", first.getPath());
    // Plain HTTP from this machine to itself: the one case where the cookie is not Secure.
    assertFalse(first.isSecure(), "Secure over plain HTTP on the loopback interface");
    assertNotNull(first.getExpiry(), "kept when the browser closes");

    signOut(browser, "agent");
    signIn(browser, "agent");
    assertTickets(browser);
    Cookie second = trustCookie(browser);
    assertNotEquals(first.getValue(), second.getValue(), "the cookie was not replaced");
    browser.follow("Two-factor sign-in");
    assertEquals(List.of(THIS_BROWSER), trustedBrowsers(browser));
    assertFits(browser, "trusted-browsers");

    // Someone copied the first cookie before its use above, and uses it now, after the grace.
    clock.advance(GRACE.plusSeconds(1));
    Browser thief = browser(1280);
    thief.open("/login").addCookie(first);
    signIn(thief, "agent");
    assertEquals("/login/totp", thief.path());
    assertTrue(
        thief
            .text()
            .contains(
                "This browser's sign-in cookie had already been used somewhere else, so someone"
                    + " may have copied it. No browser is trusted any more: enter a code."),
        thief.text());
    assertNull(thief.cookie(TRUST_COOKIE), "the copied cookie is kept");

    signOut(browser, "agent");
    signIn(browser, "agent");
    assertEquals("/login/totp", browser.path());
    assertNull(browser.cookie(TRUST_COOKIE), "the replaced cookie is kept");
    nextCode();
    code = enrolled.phone().code(clock);
    secrets.add(code);
    browser.type("code", code).press("Verify");
    assertTickets(browser);
    browser.follow("Two-factor sign-in");
    assertEquals(List.of(), trustedBrowsers(browser));
    assertTrue(
        browser.text().contains("No browser is trusted: every sign-in asks for a code."),
        browser.text());
  }

  @Test
  void administrator_resetsAnAgent_andTheTrustedBrowserNoLongerSkipsTheCode() {
    Browser browser = browser(1280);
    signIn(browser, "agent");
    Enrolled enrolled = setUp(browser, SCREENSHOTS.resolve("enrollment-trust-reset.png"));
    signOut(browser, "agent");
    signIn(browser, "agent");
    nextCode();
    String code = enrolled.phone().code(clock);
    secrets.add(code);
    browser.type("code", code).tick("trust-browser").press("Verify");
    assertTickets(browser);
    Cookie trusted = trustCookie(browser);
    signOut(browser, "agent");

    Browser administrator = browser(1280);
    signIn(administrator, "admin");
    administrator.open("/admin/two-factor").press("Reset");
    assertEquals("None", agentState(administrator));

    signIn(browser, "agent");
    assertEquals("/", browser.path());
    assertTrue(browser.text().contains("Protect your account: set up Authenticator"));
    browser.follow("Two-factor sign-in");
    assertTrue(browser.text().contains("Two-factor sign-in is off."), browser.text());
    assertEquals(List.of(), trustedBrowsers(browser));
    assertFalse(browser.text().contains("Chrome on Linux"), browser.text());

    setUp(browser, SCREENSHOTS.resolve("enrollment-trust-again.png"));
    signOut(browser, "agent");
    // The cookie of the reset authenticator, as the browser kept it.
    browser.addCookie(trusted);
    signIn(browser, "agent");
    assertEquals("/login/totp", browser.path());
    assertNull(browser.cookie(TRUST_COOKIE), "the old cookie is kept");
  }

  /**
   * Every page, photographed at a desktop's width and at a small phone's (into {@code
   * target/screenshots/<width>/}, to look at), and none wider than the screen.
   */
  @ParameterizedTest
  @ValueSource(ints = {1280, 320})
  void everyPage_fitsTheScreen(int width) throws IOException {
    Path pictures = SCREENSHOTS.resolve(String.valueOf(width));
    delete(pictures);
    Browser browser = browser(width);
    List<String> tooWide = new ArrayList<>();
    Consumer<String> page =
        name -> {
          browser.screenshot(pictures.resolve(name + ".png"));
          if (browser.contentWidth() > width) {
            tooWide.add(name + " needs " + browser.contentWidth() + " pixels");
          }
        };
    browser.open("/login");
    page.accept("01-sign-in");
    browser.type("username", "agent").type("password", "wrong").press("Sign in");
    page.accept("02-sign-in-wrong-password");
    signIn(browser, "agent");
    page.accept("03-tickets");
    browser.follow("Two-factor sign-in");
    page.accept("04-two-factor-off");
    browser.press("Set up Authenticator");
    page.accept("05-set-up");
    browser.type("code", "12345").press("Turn on");
    page.accept("06-set-up-code-too-short");
    browser.open("/account/two-factor");
    page.accept("07-set-up-unfinished");
    browser.press("Start again with a new QR code");
    Enrolled enrolled = scanAndConfirm(browser, pictures.resolve("05-set-up-again.png"));
    String wrong = wrongCode(enrolled.phone());
    page.accept("08-recovery-codes");
    browser.follow("I have saved them");
    page.accept("09-two-factor-on");
    browser.follow("Make new recovery codes");
    page.accept("10-new-recovery-codes");
    browser.press("Make new recovery codes");
    page.accept("11-new-recovery-codes-shown");
    List<String> newCodes = recoveryCodes(browser);
    assertEquals(10, newCodes.size());
    assertTrue(
        newCodes.stream().noneMatch(enrolled.recoveryCodes()::contains), newCodes.toString());
    browser.follow("I have saved them").follow("Replace the authenticator app");
    page.accept("12-replace-app");
    browser.follow("Back to two-factor sign-in").follow("Turn off two-factor sign-in");
    page.accept("13-turn-off");
    browser.follow("Back to two-factor sign-in");
    signOut(browser, "agent");
    page.accept("14-signed-out");
    signIn(browser, "agent");
    page.accept("15-code");
    browser.type("code", wrong).press("Verify");
    page.accept("16-code-wrong");
    browser.expand("Lost your phone? Use a recovery code");
    page.accept("17-code-recovery");
    browser.type("recovery-code", newCodes.get(0)).press("Use recovery code");
    page.accept("18-recovery-code-used");
    browser.open("/admin/two-factor");
    page.accept("19-not-allowed");
    browser.open("/no-such-page");
    page.accept("20-not-found");
    signOut(browser, "agent");
    signIn(browser, "agent");
    for (int attempt = 1; !browser.text().contains("Too many wrong codes"); attempt++) {
      assertTrue(attempt <= 6, browser.text());
      browser.type("code", wrong).press("Verify");
    }
    page.accept("21-code-too-many-wrong");
    signOut(browser, "agent");
    signIn(browser, "admin");
    browser.follow("Administration");
    page.accept("22-administration");
    assertEquals(List.of(), tooWide);
  }

  /** A browser of its own for this test, without cookies, at this width. */
  private Browser browser(int width) {
    if (browsersTaken == browsers.size()) {
      browsers.add(new Browser(base));
    }
    return browsers.get(browsersTaken++).fresh(width);
  }

  /** The trusted-browser cookie, noted as a secret. */
  private Cookie trustCookie(Browser browser) {
    Cookie cookie = browser.cookie(TRUST_COOKIE);
    assertNotNull(cookie, "no trusted-browser cookie");
    secrets.add(cookie.getValue());
    return cookie;
  }

  /** The names in the profile's list of trusted browsers. */
  private static List<String> trustedBrowsers(Browser browser) {
    return browser
        .findAll(By.xpath("//h3[.='Trusted browsers']/following-sibling::table[1]/tbody/tr/td[1]"))
        .stream()
        .map(WebElement::getText)
        .toList();
  }

  /**
   * Photographs the page at 320 and at 1280 pixels ({@code
   * target/screenshots/trust/<width>-<name>.png}), checks that it is never wider than the screen,
   * and leaves the browser at 1280.
   */
  private static void assertFits(Browser browser, String name) {
    for (int width : List.of(320, 1280)) {
      browser
          .width(width)
          .screenshot(SCREENSHOTS.resolve("trust").resolve(width + "-" + name + ".png"));
      assertTrue(
          browser.contentWidth() <= width,
          name + " needs " + browser.contentWidth() + " pixels at " + width);
    }
  }

  private static void signIn(Browser browser, String name) {
    browser.open("/login").type("username", name).type("password", name).press("Sign in");
  }

  /** The tickets, where the sign-in resumes ({@code ?continue} is Spring Security's mark). */
  private static void assertTickets(Browser browser) {
    assertEquals("/", URI.create(browser.path()).getPath());
    assertEquals("Tickets", browser.find(By.tagName("h2")).getText());
  }

  private static void signOut(Browser browser, String name) {
    browser.press("Sign out " + name);
    assertEquals("/login?logout", browser.path());
  }

  /**
   * On the two-factor page: set up, take a picture, read the QR code from it as a phone does, check
   * it against the key for typing, confirm with the phone's code, and note the recovery codes.
   */
  private Enrolled setUp(Browser browser, Path screenshot) {
    browser.open("/account/two-factor").press("Set up Authenticator");
    return scanAndConfirm(browser, screenshot);
  }

  /** On the page with the QR code: the rest of {@link #setUp}. */
  private Enrolled scanAndConfirm(Browser browser, Path screenshot) {
    String uri = QrReader.read(browser.screenshot(screenshot));
    WebElement key = browser.find(By.cssSelector("p > code"));
    assertEquals("auto", key.getCssValue("user-select"), "the key can be selected and copied");
    String manualKey = key.getText();
    secrets.add(manualKey);
    secrets.add(manualKey.replace(" ", ""));
    assertTrue(manualKey.matches("[A-Z2-7]{4}( [A-Z2-7]{1,4})+"), "grouped: " + manualKey);
    Map<String, String> query = query(uri);
    assertEquals(manualKey.replace(" ", ""), query.get("secret"));
    assertEquals("ACME Help Desk", query.get("issuer"));
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(uri);
    assertEquals(Optional.of("ACME Help Desk"), phone.issuer());
    assertEquals("agent", phone.account());

    WebElement qr = browser.find(By.tagName("svg"));
    String alternative = qr.findElement(By.tagName("title")).getAttribute("textContent");
    assertEquals("QR code for your authenticator app", alternative);
    assertCodeInput(browser, "code", "Enter the code shown in your app");

    String code = phone.code(clock);
    secrets.add(code);
    browser.type("code", code).press("Turn on");
    assertTrue(browser.text().contains("Two-factor sign-in is on."), browser.text());
    return new Enrolled(phone, recoveryCodes(browser), clock.instant());
  }

  /** The recovery codes on the page, noted as secrets. */
  private List<String> recoveryCodes(Browser browser) {
    List<String> codes =
        browser.findAll(By.cssSelector("li > code")).stream().map(WebElement::getText).toList();
    secrets.addAll(codes);
    return codes;
  }

  /**
   * The README's picture must show the page as it is now: a page that changed its layout makes a
   * picture of another size, and one without a readable QR code for the agent is no enrollment
   * page.
   */
  private static void assertReadmePictureIsCurrent(Path fresh) throws IOException {
    String stale =
        "docs/web-demo-enrollment.png no longer shows the enrollment page as it is: copy examples-web/"
            + fresh
            + " over it";
    assertTrue(Files.exists(README_PICTURE), stale);
    BufferedImage readme = ImageIO.read(README_PICTURE.toFile());
    BufferedImage now = ImageIO.read(fresh.toFile());
    assertEquals(
        now.getWidth() + "x" + now.getHeight(),
        readme.getWidth() + "x" + readme.getHeight(),
        stale);
    SoftwareAuthenticator pictured =
        SoftwareAuthenticator.scan(QrReader.read(Files.readAllBytes(README_PICTURE)));
    assertEquals(Optional.of("ACME Help Desk"), pictured.issuer(), stale);
    assertEquals("agent", pictured.account(), stale);
  }

  private static void assertCodeInput(Browser browser, String id, String label) {
    WebElement input = browser.find(By.id(id));
    assertEquals("one-time-code", input.getAttribute("autocomplete"));
    assertEquals("numeric", input.getAttribute("inputmode"));
    assertEquals(label, browser.find(By.cssSelector("label[for='" + id + "']")).getText());
  }

  /** Moves the clock to the next 30-second step: the phone shows a new code. */
  private static void nextCode() {
    clock.advance(Duration.ofSeconds(30));
  }

  /** Six digits that are none of the codes the service would accept now. */
  private static String wrongCode(SoftwareAuthenticator phone) {
    List<String> near = new ArrayList<>();
    for (int step = -2; step <= 2; step++) {
      near.add(phone.codeAt(clock.instant().plusSeconds(30L * step)));
    }
    for (int digit = 0; ; digit++) {
      String guess = String.valueOf(digit % 10).repeat(6);
      if (!near.contains(guess)) {
        return guess;
      }
    }
  }

  /** The buttons in the agent's row of the administrator's page. */
  private static List<String> agentButtons(Browser browser) {
    return browser.findAll(By.xpath("//tr[th='agent']/td//button")).stream()
        .map(WebElement::getText)
        .toList();
  }

  private static String agentState(Browser browser) {
    return browser.find(By.xpath("//tr[th='agent']/td/div[@class='state']")).getText();
  }

  private static Map<String, String> query(String uri) {
    Map<String, String> query = new HashMap<>();
    for (String pair : URI.create(uri).getQuery().split("&", -1)) {
      int equals = pair.indexOf('=');
      query.put(pair.substring(0, equals), pair.substring(equals + 1));
    }
    return query;
  }

  private static @org.jspecify.annotations.Nullable String column(String account, String name)
      throws SQLException {
    try (Connection c = app.getBean(DataSource.class).getConnection();
        PreparedStatement select =
            c.prepareStatement("SELECT " + name + " FROM two_factor WHERE account_id = ?")) {
      select.setString(1, account);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }

  private static boolean anyValueContains(String text) throws SQLException {
    try (Connection c = app.getBean(DataSource.class).getConnection();
        Statement select = c.createStatement();
        ResultSet rows = select.executeQuery("SELECT * FROM two_factor")) {
      ResultSetMetaData columns = rows.getMetaData();
      while (rows.next()) {
        for (int i = 1; i <= columns.getColumnCount(); i++) {
          String value = rows.getString(i);
          if (value != null && value.contains(text)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
