package io.omnijourney.e2e.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through its chromedriver. Both are found on the {@code PATH}; when either is
 * missing the test fails with the command that installs them (a browser test that skips would pass without testing
 * anything). Selenium's own driver download is never used: the driver executable is given.
 */
public final class Browser implements AutoCloseable {

    public static final String INSTALL = "apt-get update && apt-get install -y chromium chromium-driver";

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A fresh browser with a profile of its own under {@code dir}; {@code extraArgs} e.g. certificate handling. */
    public static Browser start(Path dir, String... extraArgs) throws IOException {
        Path chromium = onPath("chromium").or(() -> onPath("chromium-browser")).orElseThrow(() -> new AssertionError(
                "Chromium is needed for the browser tests and was not found on the PATH. Install it with: " + INSTALL));
        Path chromedriver = onPath("chromedriver").orElseThrow(() -> new AssertionError(
                "chromedriver is needed for the browser tests and was not found on the PATH. Install it with: "
                        + INSTALL));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"));
        options.addArguments(extraArgs);
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30)).pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver);
    }

    /** The WebDriver, for finding, typing and clicking as a user does. */
    public ChromeDriver driver() {
        return driver;
    }

    /** The window's size in CSS pixels (a phone is 390 wide). */
    public void size(int width, int height) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
    }

    /** A PNG of what the window shows now. */
    public void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Runs a script in the page; {@code arguments[0..]} are the given values. */
    public Object run(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Runs a script that calls {@code arguments[arguments.length - 1]} with its result when done. */
    public Object runAsync(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** What the page logged to the console since the last call (errors of the SDK included), for failure messages. */
    public String consoleLog() {
        StringBuilder log = new StringBuilder();
        driver.manage().logs().get("browser").forEach(entry -> log.append(entry.getLevel()).append(' ')
                .append(entry.getMessage()).append('\n'));
        return log.toString();
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).findFirst();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
