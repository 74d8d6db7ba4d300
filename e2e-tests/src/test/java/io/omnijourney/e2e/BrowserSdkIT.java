package io.omnijourney.e2e;

import static io.omnijourney.e2e.support.Stack.ADMIN_KEY;
import static io.omnijourney.e2e.support.Stack.WRITE_KEYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnijourney.e2e.support.Browser;
import io.omnijourney.e2e.support.Http;
import io.omnijourney.e2e.support.Marketer;
import io.omnijourney.e2e.support.PageServer;
import io.omnijourney.e2e.support.Profiles;
import io.omnijourney.e2e.support.Sinks;
import io.omnijourney.e2e.support.Sinks.Mail;
import io.omnijourney.e2e.support.Stack;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.ScriptTimeoutException;

/**
 * Segment's analytics.js, unmodified, in headless Chromium, on a page served from another origin that pastes the
 * snippet of ingest-service's guide with only the host changed: it loads analytics.js and the source settings from
 * ingest-service, then sends page, identify and track across origins (CORS). The visitor becomes one profile in
 * profile-service and the wishlist journey's email reaches the SMTP sink. With standard delivery over https (the
 * snippet exactly as in the guide) and batching delivery over http (a local run); and the SDK's own retry after a
 * 429 delivers every event.
 */
class BrowserSdkIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String GUIDE_HOST = "track.example.com";
    private static final String GUIDE_KEY = "YOUR_WRITE_KEY";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    private static Browser browser;
    private static Stack stack;
    private static Sinks sinks;
    private static Profiles profiles;
    private static int httpsPort;

    @BeforeAll
    static void startTheSystemAndABrowser() throws Exception {
        // First the browser: without Chromium the class fails at once, with the command that installs it.
        browser = Browser.start(dir, "--ignore-certificate-errors");
        httpsPort = freePort();
        Path keystore = selfSignedKeystore(dir.resolve("ingest-tls.p12"));
        stack = Stack.start(dir, Map.of("ingest-service", Map.of(
                "quarkus.http.ssl-port", String.valueOf(httpsPort),
                "quarkus.tls.key-store.p12.path", keystore.toString(),
                "quarkus.tls.key-store.p12.password", "e2e-tls")));
        sinks = new Sinks(stack.mailUrl(), stack.providersUrl());
        profiles = new Profiles(stack);
        Marketer marketer = new Marketer(stack);
        marketer.emailTemplate("e2e-browser-wishlist", "{profile.firstName}, {event.properties.name} is on your wishlist",
                "Hi {profile.firstName}, {event.properties.name} is 10% off this week.");
        marketer.publishJourney("""
                {"name": "E2E browser wishlist", "trigger": {"events": ["Product Added to Wishlist"], "channels": ["web"]},
                 "entry": {"reentry": "always"},
                 "steps": [{"id": "offers-email", "type": "send", "channel": "email",
                            "templateId": "e2e-browser-wishlist", "category": "marketing"}]}""");
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
    void theGuidesSnippetWithOnlyTheHostChangedDeliversPageIdentifyAndTrackOverHttps() throws IOException {
        String snippet = guideSnippet().replace(GUIDE_HOST, "127.0.0.1:" + httpsPort)
                .replace(GUIDE_KEY, WRITE_KEYS.get("web"));
        try (PageServer site = new PageServer()) {
            site.put("/standard.html", page(snippet));

            visitorWishlists(site.url("127.0.0.1", "/standard.html"), "std");
            assertThat(trackingCalls()).contains("/v1/p", "/v1/i", "/v1/t").doesNotContain("/v1/b");
        }
    }

    @Test
    void batchingDeliveryOverPlainHttpDeliversThemInOneBatch() throws IOException {
        String snippet = guideSnippet().replace("https://" + GUIDE_HOST, stack.ingest.url())
                .replace("analytics.load(\"" + GUIDE_KEY + "\");", "analytics.load(\"" + GUIDE_KEY + "\", "
                        + "{integrations: {\"Segment.io\": {deliveryStrategy: {strategy: \"batching\", "
                        + "config: {size: 3, timeout: 1000}}}}});")
                .replace(GUIDE_KEY, WRITE_KEYS.get("web"));
        assertThat(snippet).contains("strategy: \"batching\"");
        try (PageServer site = new PageServer()) {
            site.put("/batching.html", page(snippet));

            visitorWishlists(site.url("localhost", "/batching.html"), "batch");
            assertThat(trackingCalls()).contains("/v1/b").doesNotContain("/v1/p", "/v1/i", "/v1/t");
        }
    }

    @Test
    void afterA429TheSdksOwnRetryDeliversEveryEvent() throws IOException {
        String key = Http.post(stack.ingest.url() + "/admin/sources", ADMIN_KEY,
                Map.of("name", "Slow shop", "channel", "web", "rateLimitPerSecond", 1)).expect(201).json()
                .path("writeKey").asText();
        String sourceId = sourceIdOf(key);
        String snippet = guideSnippet().replace("https://" + GUIDE_HOST, stack.ingest.url()).replace(GUIDE_KEY, key);
        String userId = "retry-" + UUID.randomUUID().toString().substring(0, 8);
        try (PageServer site = new PageServer()) {
            site.put("/slow.html", page(snippet));
            browser.open(site.url("127.0.0.1", "/slow.html"));
            browser.run("analytics.identify(arguments[0]);"
                    + "for (var n = 1; n <= 6; n++) { analytics.track('Size Chart Viewed', {n: n}); }", userId);
            awaitEveryViewDelivered(userId, sourceId);
        }
    }

    private void awaitEveryViewDelivered(String userId, String sourceId) throws IOException {
        JsonNode profile = await().atMost(WAIT).until(() -> lookup("userId:" + userId), p -> p != null);
        String profileId = profile.path("id").asText();
        List<Integer> delivered = await().atMost(WAIT).until(() -> sizeChartViews(profileId), n -> n.size() >= 6);
        assertThat(delivered).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
        // Not a vacuous pass: the source's rate did refuse some of them first.
        assertThat(rateLimitedCount(sourceId)).isPositive();
    }

    /** A visitor views the page anonymously, signs in and adds a product to the wishlist; the email follows. */
    private void visitorWishlists(String pageUrl, String label) {
        String run = label + "-" + UUID.randomUUID().toString().substring(0, 8);
        String userId = "user-" + run;
        String email = "ana." + run + "@example.com";
        String product = "Trail Shoe " + run;

        browser.open(pageUrl);
        String anonymousId;
        try {
            anonymousId = (String) browser.runAsync("var done = arguments[arguments.length - 1];"
                    + "analytics.ready(function () { done(analytics.user().anonymousId()); });");
        } catch (ScriptTimeoutException e) {
            throw new AssertionError("analytics.js did not get ready on " + pageUrl + "; the page logged:\n"
                    + browser.consoleLog(), e);
        }
        assertThat(anonymousId).isNotBlank();
        browser.run("analytics.identify(arguments[0], {email: arguments[1], firstName: 'Ana', emailOptIn: true});"
                + "analytics.track('Product Added to Wishlist', {product_id: 'sku-1', name: arguments[2], price: 89.9});",
                userId, email, product);

        Mail mail = await().atMost(WAIT).until(() -> sinks.mails().stream()
                .filter(m -> m.to().contains(email)).findFirst().orElse(null), m -> m != null);
        assertThat(mail.subject()).isEqualTo("Ana, " + product + " is on your wishlist");

        JsonNode profile = lookup("email:" + email);
        assertThat(profile).isNotNull();
        JsonNode identifiers = profile.path("profile").path("identifiers");
        assertThat(Profiles.texts(identifiers.path("userId"))).containsExactly(userId);
        assertThat(Profiles.texts(identifiers.path("anonymousId"))).contains(anonymousId);
        assertThat(lookup("anonymousId:" + anonymousId).path("id").asText()).isEqualTo(profile.path("id").asText());
        JsonNode timeline = await().atMost(WAIT).until(() -> timeline(profile.path("id").asText()),
                t -> names(t).containsAll(List.of("web:page", "web:identify", "web:Product Added to Wishlist")));
        assertThat(names(timeline)).contains("web:page");
    }

    /** The paths of the calls the page made to the tracking API, as the browser's resource timing lists them. */
    @SuppressWarnings("unchecked")
    private static List<String> trackingCalls() {
        return (List<String>) browser.run("return performance.getEntriesByType('resource')"
                + ".map(function (e) { return new URL(e.name).pathname; })"
                + ".filter(function (p) { return /^\\/v1\\/[a-z]$/.test(p); });");
    }

    /** The snippet block of ingest-service's guide, as a user copies it. */
    private static String guideSnippet() throws IOException {
        String readme = Files.readString(Stack.repoRoot().resolve("ingest-service/README.md"));
        Matcher block = Pattern.compile("```html\\n<script>\\n(.*?)\\n</script>\\n```", Pattern.DOTALL).matcher(readme);
        while (block.find()) {
            if (block.group(1).contains("analytics.SNIPPET_VERSION")) {
                assertThat(block.group(1)).contains("https://" + GUIDE_HOST + "/analytics.js/v1/")
                        .contains("analytics.load(\"" + GUIDE_KEY + "\");");
                return block.group(1);
            }
        }
        throw new AssertionError("ingest-service/README.md has no snippet block");
    }

    private static String page(String snippet) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Trail shop</title><script>\n" + snippet
                + "\n</script></head><body><h1>Trail Shoe</h1></body></html>";
    }

    private static String sourceIdOf(String writeKey) {
        for (JsonNode source : Http.get(stack.ingest.url() + "/admin/sources", ADMIN_KEY).expect(200).json()) {
            if (writeKey.startsWith(source.path("keyPrefix").asText()) && source.path("name").asText().equals("Slow shop")) {
                return source.path("id").asText();
            }
        }
        throw new AssertionError("source of the slow key not listed");
    }

    private static double rateLimitedCount(String sourceId) throws IOException {
        try {
            Pattern line = Pattern.compile("omnijourney_ingest_events_rejected_total\\{[^}]*reason=\"rate_limited\"[^}]*"
                    + "source=\"" + Pattern.quote(sourceId) + "\"[^}]*\\} ([0-9.E]+)");
            Matcher matcher = line.matcher(stack.ingest.metrics());
            return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode lookup(String identifier) {
        return profiles.lookup(identifier);
    }

    private static JsonNode timeline(String profileId) {
        return profiles.timeline(profileId);
    }

    private static List<Integer> sizeChartViews(String profileId) {
        List<Integer> views = new ArrayList<>();
        for (JsonNode item : timeline(profileId).path("items")) {
            if ("Size Chart Viewed".equals(item.path("event").asText())) {
                views.add(item.path("properties").path("n").asInt());
            }
        }
        return views;
    }

    private static List<String> names(JsonNode timeline) {
        List<String> names = new ArrayList<>();
        for (JsonNode item : timeline.path("items")) {
            String name = item.path("event").isTextual() ? item.path("event").asText() : item.path("type").asText();
            names.add(item.path("channel").asText() + ":" + name);
        }
        return names;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A certificate for 127.0.0.1 made with the JDK's keytool; the browser is told to accept it. */
    private static Path selfSignedKeystore(Path file) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "ingest", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", "e2e-tls",
                "-keypass", "e2e-tls").redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
        }
        return file;
    }
}
