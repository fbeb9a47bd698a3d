package dev.occ.example.shop.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The machine's headless Chromium, driven through its own chromedriver. Both paths are given to
 * Selenium explicitly so that Selenium Manager never tries to download a browser or a driver: the
 * build machines have no internet.
 */
public final class Chromium implements AutoCloseable {
  private static final String INSTALL_HINT =
      "apt-get install chromium chromium-driver, or run bash .ci/run";
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 900;

  private final ChromeDriver driver;
  private final Path profile;

  private Chromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * Starts a headless browser with a 1280x900 page whose clock runs in {@code zone}, so that the
   * page's "today" is the shop's.
   *
   * @throws IllegalStateException when Chromium or chromedriver is missing
   */
  public static Chromium start(ZoneId zone) {
    Path browser = executable("CHROME_BIN", "/usr/bin/chromium", "Chromium");
    Path chromedriver = executable("CHROMEDRIVER_BIN", "/usr/bin/chromedriver", "chromedriver");
    Path profile;
    try {
      profile = Files.createTempDirectory("occ-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toString());
    options.addArguments(
        "--headless=new",
        // Containers run the tests as root, where Chromium's sandbox cannot start.
        "--no-sandbox",
        "--disable-gpu",
        // /dev/shm is 64 MB in Docker; Chromium then crashes on large pages.
        "--disable-dev-shm-usage",
        // Nothing but the app on localhost may be contacted, and nothing in the background.
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // A fresh profile: no state leaks in from an earlier run.
        "--user-data-dir=" + profile,
        "--window-size=" + WIDTH + "," + HEIGHT,
        // Dates and times on the cards (and in the screenshot) read the same on every machine.
        "--lang=en-US");

    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(chromedriver.toString()))
            .usingAnyFreePort()
            .withEnvironment(Map.of("TZ", zone.getId()))
            .build();
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      deleteQuietly(profile);
      throw new IllegalStateException(
          "Chromium at "
              + browser
              + " with "
              + chromedriver
              + " did not start (the two must be the"
              + " same version: "
              + INSTALL_HINT
              + "): "
              + e.getMessage(),
          e);
    }
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    fitViewport(driver);
    return new Chromium(driver, profile);
  }

  public ChromeDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteQuietly(profile);
    }
  }

  /**
   * Grows the window so that the page itself gets 1280x900: --window-size sizes the whole window,
   * and headless Chromium still keeps room for its invisible toolbar, so the page (and every
   * screenshot) would otherwise be shorter.
   */
  private static void fitViewport(ChromeDriver driver) {
    Map<?, ?> inner =
        (Map<?, ?>)
            driver.executeScript("return {width: window.innerWidth, height: window.innerHeight};");
    int width = ((Number) inner.get("width")).intValue();
    int height = ((Number) inner.get("height")).intValue();
    Dimension window = driver.manage().window().getSize();
    driver
        .manage()
        .window()
        .setSize(new Dimension(window.width + WIDTH - width, window.height + HEIGHT - height));
  }

  private static Path executable(String variable, String fallback, String what) {
    String configured = System.getenv(variable);
    Path path = Path.of(configured == null || configured.isBlank() ? fallback : configured);
    if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
      // Failing, never skipping: a browser test that silently does not run proves nothing.
      throw new IllegalStateException(
          what + " not found at " + path + ": " + INSTALL_HINT + " (or set " + variable + ")");
    }
    return path;
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException | UncheckedIOException e) {
      // A leftover profile in the temporary directory harms nothing.
    }
  }
}
