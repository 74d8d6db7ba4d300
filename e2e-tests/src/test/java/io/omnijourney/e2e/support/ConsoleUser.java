package io.omnijourney.e2e.support;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A person at the web console in a real browser: signs in, follows links, fills forms, reads the page. */
public final class ConsoleUser {

    private final Browser browser;
    private final String url;

    public ConsoleUser(Browser browser, String consoleUrl) {
        this.browser = browser;
        this.url = consoleUrl;
    }

    public ChromeDriver driver() {
        return browser.driver();
    }

    /** Signs in with {@code apiKey} from the sign-in form (a new session; the previous one is signed out first). */
    public void signIn(String apiKey) {
        browser.driver().manage().deleteAllCookies();
        open("/sign-in");
        browser.driver().findElement(By.id("apiKey")).sendKeys(apiKey);
        browser.driver().findElement(By.cssSelector("form button[type=submit]")).click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
                .until(d -> !d.getCurrentUrl().contains("/sign-in"));
    }

    public void open(String path) {
        browser.open(url + path);
    }

    public String path() {
        String current = browser.driver().getCurrentUrl();
        return current.substring(url.length());
    }

    public WebElement find(String css) {
        return browser.driver().findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return browser.driver().findElements(By.cssSelector(css));
    }

    public String text(String css) {
        return find(css).getText();
    }

    /** Replaces a text field's content (long JSON is set at once, as a paste would). */
    public void fill(String css, String value) {
        WebElement field = find(css);
        browser.run("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                field, value);
    }

    /** Clicks and waits for the next page to load. */
    public void click(String css) {
        WebElement element = find(css);
        element.click();
        awaitNextPage(element);
    }

    /** Accepts the confirmation a {@code data-confirm} form asks for, after a click. */
    public void clickAndConfirm(String css) {
        WebElement element = find(css);
        element.click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(5))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).accept();
        awaitNextPage(element);
    }

    public String html() {
        return browser.driver().getPageSource();
    }

    /** Posts a form from the page's own origin with the page's CSRF token, as a forged control would. */
    public long forgedPost(String path) {
        Object status = browser.runAsync("""
                const done = arguments[arguments.length - 1];
                const token = document.querySelector('meta[name=csrf-token]').content;
                fetch(arguments[0], {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                      body: 'csrf=' + encodeURIComponent(token), redirect: 'manual'})
                  .then(r => done(r.status)).catch(e => done(-1));""", path);
        return ((Number) status).longValue();
    }

    /** The page the element was on is gone: the next one loaded. */
    private void awaitNextPage(WebElement element) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> {
            try {
                element.isEnabled();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException gone) {
                return true;
            }
        });
    }
}
