package dev.twofactor.examples.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium, as Debian installs it ({@code apt-get install chromium
 * chromium-driver}), driven through its chromedriver, with JavaScript turned off: the pages must
 * work without it. Each browser has a profile of its own, so two are two separate sessions; one
 * browser serves test after test, each time without cookies ({@link #fresh}), because starting
 * Chromium takes seconds. Every address it shows is recorded, to check that none holds a secret or
 * a code.
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  private final String base;
  private final List<String> urls = new ArrayList<>();
  private final Path profile;
  private final ChromeDriver driver;
  private int width;

  /**
   * Starts a browser.
   *
   * @param base the application's address, {@code http://127.0.0.1:<port>}
   */
  Browser(String base) {
    this.base = base;
    // Missing programs fail the test here, with their paths: the browser test never skips.
    for (String program : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(Path.of(program))) {
        throw new IllegalStateException(
            program + " is missing: apt-get install -y chromium chromium-driver");
      }
    }
    try {
      profile = Files.createTempDirectory("helpdesk-browser");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--user-data-dir=" + profile);
    options.setExperimentalOption(
        "prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
  }

  /**
   * Makes the browser as new for a test: no cookies, so no session, and this width.
   *
   * @param width the page's width in CSS pixels, for example 1280, or 320 for a small phone
   * @return this browser
   */
  Browser fresh(int width) {
    driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    if (!driver.manage().getCookies().isEmpty()) {
      throw new IllegalStateException(
          "the browser kept its cookies: "
              + driver.manage().getCookies().stream().map(Cookie::getName).toList());
    }
    urls.clear();
    return width(width);
  }

  /**
   * Lays the page out at another width, keeping the cookies and the page: the same page, as a phone
   * of that size shows it, for {@link #screenshot}.
   *
   * @param width the page's width in CSS pixels
   * @return this browser
   */
  Browser width(int width) {
    // The page is laid out at exactly this width, as on a phone of that size (a window may not
    // become as narrow as 320 pixels); the low height makes a screenshot as tall as the page.
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", 400, "deviceScaleFactor", 1, "mobile", false));
    this.width = width;
    return this;
  }

  /** The cookie of this name that the browser keeps for the application, or {@code null}. */
  @Nullable Cookie cookie(String name) {
    return driver.manage().getCookieNamed(name);
  }

  /**
   * Puts a cookie into the browser, as someone who copied it from another browser would; the
   * browser must show a page of the application, whose host the cookie is for.
   */
  Browser addCookie(Cookie cookie) {
    driver.manage().addCookie(cookie);
    return this;
  }

  /** Ticks (or unticks) the checkbox with this id; nothing is sent. */
  Browser tick(String id) {
    driver.findElement(By.id(id)).click();
    return this;
  }

  /** Every address the browser showed since {@link #fresh}. */
  List<String> addresses() {
    return List.copyOf(urls);
  }

  /** Opens a path of the application. */
  Browser open(String path) {
    driver.get(base + path);
    return seen();
  }

  /** Types into the input with this id, after clearing it. */
  Browser type(String id, String text) {
    WebElement input = driver.findElement(By.id(id));
    input.clear();
    input.sendKeys(text);
    return this;
  }

  /** Clicks the button with exactly this text; a form posts, and the next page loads. */
  Browser press(String text) {
    return click(driver.findElement(By.xpath("//button[normalize-space()='" + text + "']")));
  }

  /** Follows the link with exactly this text. */
  Browser follow(String text) {
    return click(driver.findElement(By.linkText(text)));
  }

  /**
   * Clicks an element that leads to another page, and returns once that page is there. Chromedriver
   * waits for a navigation it has seen start; on a busy machine a form's navigation may start after
   * the click returned, so this asks until the old page is gone. Each question is a round trip to
   * chromedriver, which itself waits for a page that is loading.
   */
  private Browser click(WebElement element) {
    WebElement page = driver.findElement(By.tagName("html"));
    element.click();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!isGone(page)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("no new page within 60 seconds of the click: " + path());
      }
    }
    return seen();
  }

  /**
   * Whether an element of the old page is gone. While the new page loads, chromedriver may answer
   * with an error other than a stale element ("node does not belong to the document"); a browser
   * that really failed fails the next command.
   */
  private static boolean isGone(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (WebDriverException e) {
      return true;
    }
  }

  /** Opens a {@code <details>} element by its summary. */
  Browser expand(String summary) {
    driver.findElement(By.xpath("//summary[normalize-space()='" + summary + "']")).click();
    return this;
  }

  private Browser seen() {
    urls.add(driver.getCurrentUrl());
    return this;
  }

  /** The path of the page shown, with its query. */
  String path() {
    String url = driver.getCurrentUrl();
    return url.substring(base.length());
  }

  /** The text of the page, as a person reads it. */
  String text() {
    return driver.findElement(By.tagName("body")).getText();
  }

  WebElement find(By by) {
    return driver.findElement(by);
  }

  List<WebElement> findAll(By by) {
    return driver.findElements(by);
  }

  /**
   * Takes a picture of the whole page, however long, at the browser's width.
   *
   * @param file where the PNG goes
   * @return the PNG
   */
  byte[] screenshot(Path file) {
    Map<String, Object> size = contentSize();
    Map<String, Object> clip =
        Map.of("x", 0, "y", 0, "width", width, "height", size.get("height"), "scale", 1);
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png;
  }

  /**
   * The width the page's content needs, in CSS pixels; more than the browser's width means the page
   * scrolls sideways.
   */
  int contentWidth() {
    return ((Number) contentSize().get("width")).intValue();
  }

  /** Chromium's measure of the page's content: width and height in CSS pixels. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> contentSize() {
    return (Map<String, Object>)
        driver.executeCdpCommand("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
