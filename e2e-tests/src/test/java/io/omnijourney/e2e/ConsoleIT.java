package io.omnijourney.e2e;

import static io.omnijourney.e2e.support.Stack.ANALYST_KEY;
import static io.omnijourney.e2e.support.Stack.MARKETER_KEY;
import static io.omnijourney.e2e.support.Stack.WRITE_KEYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omnijourney.e2e.support.Browser;
import io.omnijourney.e2e.support.ConsoleUser;
import io.omnijourney.e2e.support.Http;
import io.omnijourney.e2e.support.IngestClient;
import io.omnijourney.e2e.support.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in Debian's Chromium, in front of the whole system: a marketer builds and publishes a journey and
 * watches it count real events; an analyst reads dashboards and profiles and cannot change anything, even with a
 * forged request. Screenshots of the main pages land in {@code target/console-screenshots} (the ones in
 * {@code docs/console} are copies).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path SHOTS = Path.of("target", "console-screenshots");
    static final String JOURNEY = """
            {
              "name": "Console welcome",
              "trigger": {"events": ["Signed Up"], "channels": ["web"]},
              "goal": {"event": "Order Completed", "within": "P7D"},
              "steps": [
                {"id": "welcome-email", "type": "send", "channel": "email", "templateId": "console-welcome",
                 "next": "wait-order"},
                {"id": "wait-order", "type": "wait_for_event", "event": "Order Completed", "timeout": "P3D",
                 "received": "bought", "timedOut": "nudge"},
                {"id": "nudge", "type": "send", "channel": "email", "templateId": "console-welcome"},
                {"id": "bought", "type": "exit"}
              ]
            }""";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    private static Browser browser;
    private static Stack stack;
    private static ConsoleUser user;
    private static String journeyId;

    @BeforeAll
    static void startTheSystemAndABrowser() throws Exception {
        browser = Browser.start(dir);
        stack = Stack.startWithConsole(dir, Map.of());
        user = new ConsoleUser(browser, stack.console.url());
        browser.size(1280, 900);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aMarketerBuildsPublishesAndSimulatesAJourneyThenWatchesItCountRealEvents() throws Exception {
        user.signIn(MARKETER_KEY);
        assertThat(user.path()).startsWith("/journeys");
        assertThat(user.text(".role")).contains("marketer");

        // The welcome email: created, saved, and previewed as notification-service renders it.
        user.open("/templates");
        user.fill("#new-template-id", "console-welcome");
        new org.openqa.selenium.support.ui.Select(user.find("#new-template-channel")).selectByValue("email");
        user.click("#new-template");
        user.fill("#locale-0-subject", "Welcome, {profile.firstName}");
        user.fill("#locale-0-html", "<h1>Hi {profile.firstName}</h1><p>Good to see you.</p>");
        user.click("#save-template");
        assertThat(user.all("#template-problems")).isEmpty();
        user.click("#preview-button");
        assertThat(user.find("#preview-result iframe.preview").getAttribute("sandbox")).isEmpty();
        assertThat(user.find("#preview-result iframe.preview").getAttribute("srcdoc")).contains("<h1>Hi Ana</h1>");
        browser.screenshot(SHOTS.resolve("template.png"));

        // A draft with a mistake: the problem is shown at its JSON pointer, the text is kept.
        user.open("/journeys/new");
        user.fill("#definition", JOURNEY.replace("\"next\": \"wait-order\"", "\"next\": \"nowhere\""));
        user.click("#definition-form button[type=submit]");
        assertThat(user.text("#definition-problems")).contains("/steps/0/next");
        assertThat(user.find("#definition").getAttribute("value")).contains("nowhere");

        user.fill("#definition", JOURNEY);
        user.click("#definition-form button[type=submit]");
        assertThat(user.path()).matches("/journeys/[^/?]+\\?saved=1");
        journeyId = user.path().replaceAll("/journeys/([^/?]+).*", "$1");
        assertThat(user.all("#step-graph g.step")).hasSize(4);
        assertThat(user.text("#journey-status")).isEqualTo("draft");

        user.click("#publish");
        assertThat(user.text("#journey-status")).isEqualTo("active");

        user.fill("#sim-event", "{\"event\": \"Signed Up\", \"channel\": \"web\", \"properties\": {}}");
        user.click("#simulate");
        assertThat(user.all("#simulation-result")).as(user.text("main")).hasSize(1);
        assertThat(user.text("#simulation-result")).contains("Would start");
        assertThat(user.all("#simulation-path li").stream().map(li -> li.getAttribute("data-step")))
                .contains("welcome-email", "wait-order");

        IngestClient web = new IngestClient(stack.ingest.url(), WRITE_KEYS.get("web"));
        for (int i = 1; i <= 3; i++) {
            assertThat(web.post("identify", Map.of("userId", "console-user-" + i, "traits",
                    Map.of("email", "console" + i + "@example.com", "firstName", "Ana" + i)))).isEqualTo(200);
            assertThat(web.post("track", Map.of("userId", "console-user-" + i, "event", "Signed Up")))
                    .isEqualTo(200);
        }
        // At once, while the entry may still be on its way: the goal counts from when the sign-up happened.
        assertThat(web.post("track", Map.of("userId", "console-user-1", "event", "Order Completed",
                "properties", Map.of("total", 30)))).isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() -> {
            user.open("/journeys/" + journeyId);
            assertThat(user.find("#journey-counts [data-count=entered]").getText()).isEqualTo("3");
            assertThat(user.find("#step-graph g.step[data-step=welcome-email]").getAttribute("data-entered"))
                    .isEqualTo("3");
            assertThat(user.find("#journey-counts [data-count=conversions]").getText()).isEqualTo("1");
            assertThat(user.find("#step-graph g.step[data-step=bought]").getAttribute("data-entered"))
                    .isEqualTo("1");
        });
        assertThat(user.all("#funnel tbody tr")).hasSizeGreaterThanOrEqualTo(2);
        await().atMost(WAIT).untilAsserted(() -> {
            user.open("/journeys/" + journeyId);
            assertThat(user.find("#delivery").getText()).contains("welcome-email");
        });
        browser.screenshot(SHOTS.resolve("journey.png"));

        user.open("/journeys");
        assertThat(user.find("#journey-list tr[data-journey='" + journeyId + "']").getText()).contains("active");
        browser.screenshot(SHOTS.resolve("journeys.png"));

        // The person behind the events, found by email: her cross-channel timeline, each entry with its channel.
        user.open("/profiles");
        user.fill("#search-q", "console1@example.com");
        user.click("#search");
        assertThat(user.all("#search-results a")).as(user.path() + "\n" + user.html()).isNotEmpty();
        user.click("#search-results a");
        assertThat(user.path()).startsWith("/profiles/");
        await().atMost(WAIT).untilAsserted(() -> {
            user.open(user.path());
            assertThat(user.all("#timeline-entries li[data-channel=web]")).hasSizeGreaterThanOrEqualTo(3);
            assertThat(user.text("#timeline-entries")).contains("Signed Up").contains("Order Completed");
            assertThat(user.all("#timeline-entries li[data-channel=email]")).isNotEmpty();
        });
        assertThat(user.text("#profile-journeys")).contains("Console welcome");
        browser.screenshot(SHOTS.resolve("profile.png"));
    }

    @Test
    @Order(2)
    void anAnalystSeesNoEditControlsAndAForgedWriteIsRefusedByTheService() throws Exception {
        user.signIn(ANALYST_KEY);
        user.open("/templates/console-welcome/email");
        assertThat(user.all("#template-form")).isEmpty();
        user.open("/journeys");
        assertThat(user.all("#new-journey")).isEmpty();
        user.open("/journeys/" + journeyId);
        assertThat(user.all("#journey-actions")).isEmpty();
        assertThat(user.all("#definition-form")).isEmpty();
        assertThat(user.all("#definition-readonly")).hasSize(1);

        long status = user.forgedPost("/journeys/" + journeyId + "/pause");
        assertThat(status).isEqualTo(403);
        assertThat(Http.get(stack.journey.url() + "/journeys/" + journeyId, MARKETER_KEY).expect(200).json()
                .path("status").asText()).isEqualTo("active");
    }

    @Test
    @Order(3)
    void theDashboardsDrawChartsFromWhatHappened() throws Exception {
        IngestClient callCenter = new IngestClient(stack.ingest.url(), WRITE_KEYS.get("call_center"));
        assertThat(callCenter.post("track", Map.of("userId", "console-user-2", "event", "Survey Responded",
                "properties", Map.of("nps", 9, "csat", 5)))).isEqualTo(200);
        assertThat(callCenter.post("track", Map.of("userId", "console-user-3", "event", "Survey Responded",
                "properties", Map.of("nps", 4, "csat", 3)))).isEqualTo(200);
        user.signIn(ANALYST_KEY);
        await().atMost(WAIT).untilAsserted(() -> {
            user.open("/dashboards");
            for (String chart : new String[] {"#trends", "#deliveries", "#events", "#conversions"}) {
                assertThat(user.all(chart + " svg.chart [data-value]")).as(chart).isNotEmpty();
            }
            // The KPI cards from the daily survey buckets: one promoter and one detractor, CSAT (5 + 3) / 2.
            assertThat(user.text("[data-kpi='nps'] .kpi")).isEqualTo("0");
            assertThat(user.text("[data-kpi='nps']")).contains("2 responses");
            assertThat(user.text("[data-kpi='csat'] .kpi")).isEqualTo("4");
        });
        browser.screenshot(SHOTS.resolve("dashboards.png"));
    }

    @Test
    @Order(4)
    void thePagesWorkOnAPhone() throws Exception {
        user.signIn(MARKETER_KEY);
        browser.size(390, 844);
        try {
            user.open("/journeys/" + journeyId);
            long overflow = ((Number) browser.run(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"))
                    .longValue();
            assertThat(overflow).as("horizontal overflow of the page at 390 px").isLessThanOrEqualTo(0);
            browser.screenshot(SHOTS.resolve("journey-phone.png"));
            user.open("/profiles");
            overflow = ((Number) browser.run(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"))
                    .longValue();
            assertThat(overflow).as("horizontal overflow of the profile search at 390 px").isLessThanOrEqualTo(0);
        } finally {
            browser.size(1280, 900);
        }
    }
}
