package dev.twofactor.examples.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium, as Debian installs it ({@code apt-get install chromium
 * chromium-driver}), driven through its chromedriver, with JavaScript turned off: the pages must
 * work without it. Each browser has a profile of its own, so two are two separate sessions. Every
 * address it shows is recorded, to check that none holds a secret or a code.
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  private final String base;
  private final List<String> urls;
  private final Path profile;
  private final ChromeDriver driver;
  private final int width;

  /**
   * Starts a browser.
   *
   * @param base the application's address, {@code http://127.0.0.1:<port>}
   * @param width the window's width in CSS pixels, for example 1280, or 320 for a small phone
   * @param urls where every address the browser shows is added
   */
  Browser(String base, int width, List<String> urls) {
    this.base = base;
    this.urls = urls;
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
    // The page is laid out at exactly this width, as on a phone of that size (a window may not
    // become as narrow as 320 pixels); the low height makes a screenshot as tall as the page.
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", 400, "deviceScaleFactor", 1, "mobile", false));
    this.width = width;
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
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
    driver.findElement(By.xpath("//button[normalize-space()='" + text + "']")).click();
    return seen();
  }

  /** Follows the link with exactly this text. */
  Browser follow(String text) {
    driver.findElement(By.linkText(text)).click();
    return seen();
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

  /** The page's HTML as the browser holds it. */
  String source() {
    return driver.getPageSource();
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
