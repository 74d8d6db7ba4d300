package io.omnijourney.e2e;

import static io.omnijourney.e2e.support.Stack.ANALYST_KEY;
import static io.omnijourney.e2e.support.Stack.WRITE_KEYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.ScreenMessage;
import com.segment.analytics.messages.TrackMessage;
import io.omnijourney.e2e.support.Http;
import io.omnijourney.e2e.support.Marketer;
import io.omnijourney.e2e.support.Profiles;
import io.omnijourney.e2e.support.Sinks;
import io.omnijourney.e2e.support.Sinks.Mail;
import io.omnijourney.e2e.support.Stack;
import io.omnijourney.e2e.support.Tracker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo story across the whole system: the official Segment client sends a customer's touchpoints from mobile,
 * web and the store to ingest-service; profile-service merges them into one person; journey-service runs the journeys
 * a marketer published; notification-service sends the email to the SMTP sink and the SMS to the provider stand-in.
 * Nothing is mocked and every check goes through a public API or a sink.
 */
class OmnichannelStoryIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static Stack stack;
    private static Sinks sinks;
    private static Marketer marketer;
    private static Profiles profiles;

    @BeforeAll
    static void startTheSystem() throws Exception {
        stack = Stack.start(dir, Map.of());
        sinks = new Sinks(stack.mailUrl(), stack.providersUrl());
        marketer = new Marketer(stack);
        profiles = new Profiles(stack);
    }

    @AfterAll
    static void stopTheSystem() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aVisitorBecomesOneCustomerAcrossChannelsAndGetsTheRightMessages() {
        marketer.emailTemplate("e2e-wishlist-offers", "{profile.firstName}, {event.properties.name} is waiting for you",
                "Hi {profile.firstName}, {event.properties.name} from your wishlist is 10% off this week.");
        marketer.emailTemplate("e2e-checkout-reminder", "{profile.firstName}, your checkout is waiting",
                "You left {event.properties.item} in checkout {event.properties.checkout_id}.");
        marketer.transactionalSmsTemplate("e2e-order-shipped", "Hi {profile.firstName}, order {event.properties.order_id} has shipped.");
        String wishlist = marketer.publishJourney("""
                {"name": "E2E wishlist offers",
                 "trigger": {"events": ["Product Added to Wishlist"], "channels": ["web", "mobile"]},
                 "entry": {"reentry": "always"}, "goal": {"event": "Order Completed", "within": "P7D"},
                 "steps": [{"id": "offers-email", "type": "send", "channel": "email", "templateId": "e2e-wishlist-offers",
                            "category": "marketing"}]}""");
        // The shipped example waits an hour; the same shape with a five-second wait runs in test time.
        String checkout = marketer.publishJourney("""
                {"name": "E2E abandoned checkout", "trigger": {"events": ["Checkout Started"]}, "entry": {"reentry": "always"},
                 "exit": [{"event": "Order Completed", "correlation": "checkout_id"}],
                 "goal": {"event": "Order Completed", "within": "P3D"},
                 "steps": [
                   {"id": "wait-for-order", "type": "wait_for_event", "event": "Order Completed", "correlation": "checkout_id",
                    "timeout": "PT5S", "received": "purchased", "timedOut": "reminder-email"},
                   {"id": "reminder-email", "type": "send", "channel": "email", "templateId": "e2e-checkout-reminder",
                    "category": "marketing"},
                   {"id": "purchased", "type": "exit"}]}""");
        String shipped = marketer.publishJourney("""
                {"name": "E2E order shipped", "trigger": {"events": ["Order Shipped"]}, "entry": {"reentry": "always"},
                 "steps": [{"id": "shipped-sms", "type": "send", "channel": "sms", "fallback": ["email"],
                            "templateId": "e2e-order-shipped", "category": "transactional"}]}""");

        String run = UUID.randomUUID().toString().substring(0, 8);
        String anonymousId = "anon-" + run;
        String storeReceiptId = "pos-" + run;
        String userId = "user-" + run;
        String email = "ana." + run + "@example.com";
        String phone = "+35191" + (1_000_000 + Math.floorMod(run.hashCode(), 8_000_000));
        String product = "Trail Shoe " + run;
        String checkoutId = "co-" + run;
        String orderId = "order-" + run;

        try (Tracker mobile = tracker("mobile"); Tracker web = tracker("web"); Tracker store = tracker("store")) {
            // Browses on mobile, not signed in.
            mobile.send(ScreenMessage.builder("Product").anonymousId(anonymousId)
                    .properties(Map.of("product_id", "sku-" + run, "name", product)));
            // Signs in on the web: the anonymous visitor becomes a known customer who accepts marketing email.
            web.send(IdentifyMessage.builder().userId(userId).anonymousId(anonymousId).traits(Map.of(
                    "email", email, "phone", phone, "firstName", "Ana", "emailOptIn", true)));
            // Wishlist on the web: the offers email names the product (from the event) and Ana (from the profile).
            web.send(TrackMessage.builder("Product Added to Wishlist").userId(userId)
                    .properties(Map.of("product_id", "sku-" + run, "name", product, "price", 89.9)));
            Mail offers = await().atMost(WAIT).until(() -> mailTo(email, "waiting for you"), m -> m != null);
            assertThat(offers.subject()).isEqualTo("Ana, " + product + " is waiting for you");
            assertThat(offers.text()).contains("Hi Ana, " + product + " from your wishlist is 10% off this week.");

            // Starts a checkout and leaves: five seconds later, the reminder.
            web.send(TrackMessage.builder("Checkout Started").userId(userId)
                    .properties(Map.of("checkout_id", checkoutId, "total", 89.9, "item", product)));
            Mail reminder = await().atMost(WAIT).until(() -> mailTo(email, "your checkout is waiting"), m -> m != null);
            assertThat(reminder.subject()).isEqualTo("Ana, your checkout is waiting");
            assertThat(reminder.text()).contains("You left " + product + " in checkout " + checkoutId + ".");

            // Buys in the store, known there only by email (a receipt id stands in for the anonymous id).
            store.send(TrackMessage.builder("Order Completed").anonymousId(storeReceiptId)
                    .context(Map.of("traits", Map.of("email", email)))
                    .properties(Map.of("order_id", orderId, "checkout_id", checkoutId, "revenue", 89.9)));
            // The order ships: a transactional SMS to the phone from the profile.
            store.send(TrackMessage.builder("Order Shipped").userId(userId).properties(Map.of("order_id", orderId)));
            Sinks.ProviderRequest sms = await().atMost(WAIT).until(() -> sinks.sms().stream()
                    .filter(r -> phone.equals(r.form().get("To"))).findFirst().orElse(null), r -> r != null);
            assertThat(sms.form().get("Body")).isEqualTo("Hi Ana, order " + orderId + " has shipped.");

            // Answers the NPS survey in the app.
            mobile.send(TrackMessage.builder("Survey Responded").userId(userId).properties(Map.of("nps", 9)));
        }

        JsonNode profile = await().atMost(WAIT).until(() -> lookup("email:" + email),
                p -> p != null && p.path("profile").path("computed").path("lastNps").asInt(-1) == 9
                        && p.path("profile").path("computed").path("orderCount").asInt() == 1);
        String profileId = profile.path("id").asText();
        JsonNode identifiers = profile.path("profile").path("identifiers");
        assertThat(texts(identifiers.path("userId"))).containsExactly(userId);
        assertThat(texts(identifiers.path("anonymousId"))).containsExactlyInAnyOrder(anonymousId, storeReceiptId);
        assertThat(texts(identifiers.path("email"))).containsExactly(email);
        assertThat(texts(identifiers.path("phone"))).containsExactly(phone);
        assertThat(profile.path("profile").path("traits").path("firstName").asText()).isEqualTo("Ana");
        for (String identifier : List.of("userId:" + userId, "anonymousId:" + anonymousId, "phone:" + phone,
                "anonymousId:" + storeReceiptId)) {
            assertThat(lookup(identifier).path("id").asText()).as(identifier).isEqualTo(profileId);
        }

        // One timeline across channels, newest first; the sends come back as touchpoints on email and sms.
        JsonNode timeline = await().atMost(WAIT).until(() -> timeline(profileId), t -> channels(t).containsAll(
                Set.of("mobile", "web", "store", "email", "sms")));
        List<String> storyOrder = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (JsonNode item : timeline.path("items")) {
            times.add(Instant.parse(item.path("timestamp").asText()));
            String name = item.path("event").isTextual() ? item.path("event").asText() : item.path("type").asText();
            if (!name.startsWith("Notification")) {
                storyOrder.add(0, item.path("channel").asText() + ":" + name);
            }
        }
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(storyOrder).containsExactly("mobile:screen", "web:identify", "web:Product Added to Wishlist",
                "web:Checkout Started", "store:Order Completed", "store:Order Shipped", "mobile:Survey Responded");

        // Journey statistics: who entered, what was sent, and the store order converting both marketing journeys.
        JsonNode wishlistStats = await().atMost(WAIT).until(() -> marketer.journeyStats(wishlist),
                s -> s.path("conversions").asLong() == 1);
        assertThat(wishlistStats.path("entered").asLong()).isEqualTo(1);
        assertThat(wishlistStats.path("sendsByChannel").path("email").asLong()).isEqualTo(1);
        JsonNode checkoutStats = await().atMost(WAIT).until(() -> marketer.journeyStats(checkout),
                s -> s.path("conversions").asLong() == 1);
        assertThat(checkoutStats.path("entered").asLong()).isEqualTo(1);
        assertThat(checkoutStats.path("sendsByChannel").path("email").asLong()).isEqualTo(1);
        JsonNode shippedStats = marketer.journeyStats(shipped);
        assertThat(shippedStats.path("entered").asLong()).isEqualTo(1);
        assertThat(shippedStats.path("sendsByChannel").path("sms").asLong()).isEqualTo(1);

        // The delivery ledger: three messages, each sent once; the sinks hold exactly those.
        JsonNode ledger = Http.get(stack.notification.url() + "/notifications?profileId=" + profileId, ANALYST_KEY)
                .expect(200).json();
        assertThat(ledger).hasSize(3).allSatisfy(n -> assertThat(n.path("state").asText()).isEqualTo("sent"));
        assertThat(sinks.mails()).filteredOn(m -> m.to().contains(email)).hasSize(2);
        assertThat(sinks.sms()).filteredOn(r -> phone.equals(r.form().get("To"))).hasSize(1);
    }

    private static Tracker tracker(String channel) {
        return new Tracker(stack.ingest.url(), WRITE_KEYS.get(channel));
    }

    private static Mail mailTo(String to, String subjectPart) {
        return sinks.mails().stream().filter(m -> m.to().contains(to) && m.subject().contains(subjectPart))
                .findFirst().orElse(null);
    }

    private static JsonNode lookup(String identifier) {
        return profiles.lookup(identifier);
    }

    private static JsonNode timeline(String profileId) {
        return profiles.timeline(profileId);
    }

    private static Set<String> channels(JsonNode timeline) {
        Set<String> channels = new TreeSet<>();
        timeline.path("items").forEach(i -> channels.add(i.path("channel").asText()));
        return channels;
    }

    private static List<String> texts(JsonNode array) {
        return Profiles.texts(array);
    }
}
