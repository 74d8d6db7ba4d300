package io.omnijourney.e2e;

import static io.omnijourney.e2e.support.Stack.ANALYST_KEY;
import static io.omnijourney.e2e.support.Stack.WRITE_KEYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnijourney.e2e.support.Http;
import io.omnijourney.e2e.support.IngestClient;
import io.omnijourney.e2e.support.Marketer;
import io.omnijourney.e2e.support.ServiceProcess;
import io.omnijourney.e2e.support.Sinks;
import io.omnijourney.e2e.support.Stack;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service process killed with SIGKILL (no graceful shutdown: no consumer close, no final commit) in the middle of a
 * stream of events, then started again: every event is reflected exactly once in the profiles and no notification goes
 * out twice, for each of the four services. A restarted consumer gets its partitions back once the broker expires the
 * dead member's session (6 s here, through {@code omnijourney.kafka.consumer.session.timeout.ms}; 45 s by default).
 */
class KillAndRestartIT {

    /** Events of the stream, each for a different customer; every fifth one triggers an SMS. */
    private static final int EVENTS = 300;
    private static final Duration WAIT = Duration.ofSeconds(150);

    @TempDir
    static Path dir;
    private static Stack stack;
    private static Sinks sinks;
    private static IngestClient store;
    private static Marketer marketer;
    private static String smsJourney;

    @BeforeAll
    static void startTheSystem() throws Exception {
        // A send interrupted by the kill is settled (failed, not resent) once its lease expires: 10 s, not 2 min.
        stack = Stack.start(dir, Map.of("notification-service", Map.of("omnijourney.notification.delivery.lease", "10s")));
        sinks = new Sinks(stack.mailUrl(), stack.providersUrl());
        store = new IngestClient(stack.ingest.url(), WRITE_KEYS.get("store"));
        marketer = new Marketer(stack);
        marketer.transactionalSmsTemplate("e2e-order-sms", "Order {event.properties.order_id} confirmed. Thanks {profile.firstName}!");
        smsJourney = marketer.publishJourney("""
                {"name": "E2E order confirmation SMS", "trigger": {"events": ["Order Completed"],
                 "condition": "event.properties.notify == true"}, "entry": {"reentry": "always"},
                 "steps": [{"id": "sms", "type": "send", "channel": "sms", "templateId": "e2e-order-sms",
                            "category": "transactional"}]}""");
    }

    @AfterAll
    static void stopTheSystem() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void profileServiceKilledMidStreamLosesNothingAndDuplicatesNothing() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Customer> customers = customers(run, EVENTS, i -> i % 5 == 0);

        // Earlier tests of the class used the same process: count from here.
        double before = processed(stack.profile);
        CompletableFuture<Void> stream = streamOrders(customers, 50);
        await().atMost(WAIT).until(() -> processed(stack.profile) - before >= EVENTS / 4);
        double atKill = processed(stack.profile) - before;
        stack.profile.kill();
        stack.profile.launch().awaitReady();
        stream.get(2, TimeUnit.MINUTES);
        awaitAllPartitionsDrained(run);

        for (Customer c : customers) {
            JsonNode profile = lookup("userId:" + c.userId);
            assertThat(profile).as(c.userId + " has a profile").isNotNull();
            JsonNode computed = profile.path("profile").path("computed");
            assertThat(computed.path("orderCount").asInt()).as(c.userId + " orders").isEqualTo(1);
            assertThat(computed.path("lifetimeRevenue").decimalValue()).as(c.userId + " revenue")
                    .isEqualByComparingTo(c.revenue);
            JsonNode storeEvents = Http.get(stack.profile.url() + "/profiles/" + profile.path("id").asText()
                    + "/timeline?channel=store", ANALYST_KEY).expect(200).json().path("items");
            assertThat(storeEvents).as(c.userId + " timeline").hasSize(1);
        }
        assertExactlyOneSmsEach(customers.stream().filter(c -> c.sms).toList());
        assertThat(atKill).as("touchpoints applied when the process died").isLessThan(EVENTS);
        System.out.printf("profile-service killed after %.0f of %d touchpoints; all %d applied once after restart%n",
                atKill, EVENTS, EVENTS);
    }

    @Test
    void notificationServiceKilledMidSendsSendsNothingTwice() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Customer> customers = customers(run, 100, i -> true);

        CompletableFuture<Void> stream = streamOrders(customers, 100);
        await().atMost(WAIT).until(() -> smsTo(customers).size() >= 15);
        stack.notification.kill();
        int smsAtKill = smsTo(customers).size();
        assertThat(smsAtKill).as("SMS received when the process died").isLessThan(customers.size());
        stack.notification.launch().awaitReady();
        stream.get(2, TimeUnit.MINUTES);

        // Every request reaches a final state: sent, or failed as interrupted (the kill hit it during the provider
        // call, so it may or may not have gone out, and is never resent).
        Map<String, JsonNode> ledger = await().atMost(WAIT).until(() -> ledger(customers),
                l -> l.size() == customers.size() && l.values().stream()
                        .allMatch(n -> List.of("sent", "failed").contains(n.path("state").asText())));
        List<JsonNode> failed = ledger.values().stream().filter(n -> n.path("state").asText().equals("failed")).toList();
        assertThat(failed).allSatisfy(n -> assertThat(n.path("reason").asText()).contains("interrupted"));
        assertThat(failed).as("at most the one request in flight per partition when the process died")
                .hasSizeLessThanOrEqualTo(6);

        Map<String, Long> perPhone = smsTo(customers);
        assertThat(perPhone.values()).as("SMS per phone").allMatch(n -> n == 1);
        long sent = ledger.values().stream().filter(n -> n.path("state").asText().equals("sent")).count();
        assertThat((long) perPhone.size()).isBetween(sent, sent + failed.size());
        System.out.printf("notification-service killed after %d of %d SMS: %d sent, %d failed as interrupted, %d SMS "
                + "received, none twice%n", smsAtKill, customers.size(), sent, failed.size(), perPhone.size());
    }

    @Test
    void journeyServiceKilledMidStreamStartsEachJourneyOnceAndSendsNothingTwice() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Customer> customers = customers(run, 150, i -> true);
        long enteredBefore = marketer.journeyStats(smsJourney).path("entered").asLong();

        CompletableFuture<Void> stream = streamOrders(customers, 50);
        await().atMost(WAIT).until(() -> smsTo(customers).size() >= 20);
        stack.journey.kill();
        int smsAtKill = smsTo(customers).size();
        stack.journey.launch().awaitReady();
        stream.get(2, TimeUnit.MINUTES);

        assertExactlyOneSmsEach(customers);
        assertThat(smsAtKill).as("SMS received when the process died").isLessThan(customers.size());
        JsonNode stats = await().atMost(WAIT).until(() -> marketer.journeyStats(smsJourney),
                s -> s.path("entered").asLong() >= enteredBefore + customers.size());
        assertThat(stats.path("entered").asLong()).as("journeys entered: one per order, none twice")
                .isEqualTo(enteredBefore + customers.size());
        System.out.printf("journey-service killed after %d of %d SMS; every journey entered once, every SMS sent "
                + "once%n", smsAtKill, customers.size());
    }

    @Test
    void ingestServiceKilledMidStreamLosesNothingWhenClientsRetry() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Customer> customers = customers(run, 200, i -> false);
        AtomicInteger retried = new AtomicInteger();
        AtomicInteger acknowledged = new AtomicInteger();

        // A tracking client retries a message until it is acknowledged, with the same messageId (as the Segment
        // libraries do): what the dead process had published but not yet acknowledged comes again and is applied once.
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < customers.size(); i++) {
                Customer c = customers.get(i);
                Map<String, Object> order = orderCompleted(c);
                order.put("messageId", "kr-msg-" + c.userId);
                long deadline = System.nanoTime() + WAIT.toNanos();
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, start + i * 25_000_000L - System.nanoTime()));
                    while (true) {
                        try {
                            if (store.post("track", order) == 200) {
                                acknowledged.incrementAndGet();
                                break;
                            }
                        } catch (java.io.IOException e) {
                            // The process is gone or not listening yet: retry, as a tracking library does.
                        }
                        retried.incrementAndGet();
                        assertThat(System.nanoTime()).as("retrying " + c.userId).isLessThan(deadline);
                        TimeUnit.MILLISECONDS.sleep(100);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        });
        await().atMost(WAIT).until(() -> acknowledged.get() >= customers.size() / 4);
        stack.ingest.kill();
        assertThat(acknowledged.get()).as("posts acknowledged when the process died").isLessThan(customers.size());
        stack.ingest.launch().awaitReady();
        stream.get(3, TimeUnit.MINUTES);
        awaitAllPartitionsDrained(run);

        for (Customer c : customers) {
            JsonNode profile = lookup("userId:" + c.userId);
            assertThat(profile).as(c.userId + " has a profile").isNotNull();
            assertThat(profile.path("profile").path("computed").path("orderCount").asInt()).as(c.userId + " orders")
                    .isEqualTo(1);
        }
        System.out.printf("ingest-service killed mid-stream; %d posts retried; all %d orders applied once%n",
                retried.get(), customers.size());
    }

    private record Customer(String userId, String phone, java.math.BigDecimal revenue, boolean sms) {
    }

    private static List<Customer> customers(String run, int n, java.util.function.IntPredicate notify) {
        List<Customer> customers = new ArrayList<>();
        int base = Math.floorMod(run.hashCode(), 5_000) * 1_000;
        for (int i = 0; i < n; i++) {
            customers.add(new Customer("kr-" + run + "-" + i, "+35191" + (1_000_000 + base + i),
                    new java.math.BigDecimal(10 + i + ".5"), notify.test(i)));
        }
        return customers;
    }

    private static Map<String, Object> orderCompleted(Customer c) {
        Map<String, Object> event = new java.util.HashMap<>();
        event.put("userId", c.userId);
        event.put("event", "Order Completed");
        event.put("context", Map.of("traits", Map.of("phone", c.phone, "firstName", "Kim")));
        event.put("properties", Map.of("order_id", "o-" + c.userId, "revenue", c.revenue, "notify", c.sms));
        return event;
    }

    /** Posts one Order Completed per customer at a steady rate, from another thread. */
    private static CompletableFuture<Void> streamOrders(List<Customer> customers, int perSecond) {
        return CompletableFuture.runAsync(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < customers.size(); i++) {
                Customer c = customers.get(i);
                long due = start + i * 1_000_000_000L / perSecond;
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
                    int status = store.post("track", orderCompleted(c));
                    assertThat(status).as("ingest answer for " + c.userId).isEqualTo(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
    }

    /**
     * profile-service applies each partition in order, so once 60 markers with random keys (all six partitions,
     * but for a chance of about 1 in 10,000) are applied, everything posted before them has been too, redeliveries
     * after the restart included.
     */
    private static void awaitAllPartitionsDrained(String run) throws Exception {
        List<String> markers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String userId = "marker-" + run + "-" + i;
            assertThat(store.post("identify", Map.of("userId", userId, "traits", Map.of("marker", true)))).isEqualTo(200);
            markers.add(userId);
        }
        AtomicInteger next = new AtomicInteger();
        await().atMost(WAIT).until(() -> {
            while (next.get() < markers.size() && lookup("userId:" + markers.get(next.get())) != null) {
                next.incrementAndGet();
            }
            return next.get() == markers.size();
        });
    }

    private static void assertExactlyOneSmsEach(List<Customer> notified) {
        Map<String, Long> perPhone = await().atMost(WAIT).until(() -> smsTo(notified),
                m -> m.size() == notified.size());
        assertThat(perPhone.values()).as("SMS per phone").allMatch(n -> n == 1);
        Map<String, JsonNode> ledger = ledger(notified);
        assertThat(ledger).hasSize(notified.size());
        assertThat(ledger.values()).allSatisfy(n -> assertThat(n.path("state").asText()).isEqualTo("sent"));
    }

    /** SMS requests the provider stand-in received, counted per phone of these customers. */
    private static Map<String, Long> smsTo(List<Customer> customers) {
        java.util.Set<String> phones = customers.stream().map(Customer::phone).collect(Collectors.toSet());
        return sinks.sms().stream().map(r -> r.form().get("To")).filter(phones::contains)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** The ledger record of each customer's one request (a customer with two records fails the test). */
    private static Map<String, JsonNode> ledger(List<Customer> customers) {
        Map<String, JsonNode> records = new java.util.HashMap<>();
        for (Customer c : customers) {
            JsonNode profile = lookup("userId:" + c.userId);
            if (profile == null) {
                continue;
            }
            JsonNode list = Http.get(stack.notification.url() + "/notifications?profileId="
                    + profile.path("id").asText(), ANALYST_KEY).expect(200).json();
            assertThat(list.size()).as("ledger records of " + c.userId).isLessThanOrEqualTo(1);
            if (list.size() == 1) {
                records.put(c.userId, list.get(0));
            }
        }
        return records;
    }

    private static JsonNode lookup(String identifier) {
        Http.Answer answer = Http.get(stack.profile.url() + "/profiles/lookup?identifier="
                + URLEncoder.encode(identifier, StandardCharsets.UTF_8), ANALYST_KEY);
        return answer.status() == 200 ? answer.json() : null;
    }

    private static final Pattern PROCESSED = Pattern.compile(
            "(?m)^omnijourney_consumer_records_total\\{channel=\"touchpoints\"[^}]*} ([0-9.eE+]+)$");

    /** Touchpoints this profile-service process has applied (the counter starts at 0 in a new process). */
    private static double processed(ServiceProcess profile) {
        try {
            Matcher m = PROCESSED.matcher(profile.metrics());
            double total = 0;
            while (m.find()) {
                total += Double.parseDouble(m.group(1));
            }
            return total;
        } catch (Exception e) {
            return 0;
        }
    }
}
