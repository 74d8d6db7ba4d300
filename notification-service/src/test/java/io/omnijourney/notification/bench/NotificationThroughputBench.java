package io.omnijourney.notification.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.omnijourney.notification.support.Requests.request;
import static io.omnijourney.notification.support.Requests.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import com.mongodb.client.MongoDatabase;
import io.omnijourney.notification.adapter.email.SmtpEmailSender;
import io.omnijourney.notification.adapter.http.TwilioSmsSender;
import io.omnijourney.notification.app.ChannelSender;
import io.omnijourney.notification.domain.RenderedMessage;
import io.omnijourney.notification.domain.SendOutcome;
import io.omnijourney.kit.messaging.ConsumerChannels;
import io.omnijourney.notification.adapter.kafka.NotificationRequestConsumer;
import io.omnijourney.notification.app.DeliveryService;
import io.omnijourney.notification.app.ProfileStates;
import io.omnijourney.notification.support.Providers;
import io.omnijourney.notification.support.ProvidersTestResource;
import io.omnijourney.notification.support.Requests;
import io.omnijourney.testsupport.KafkaTestClient;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.omnijourney.testsupport.SharedInfra;
import io.omnijourney.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Notifications per second from a pre-filled {@code notification-requests} topic, with the ledger on: to the SMTP
 * server (GreenMail) and to a local HTTP provider (WireMock, Twilio-shaped). Not a test (the name keeps it out of the
 * suite); run on demand:
 *
 * <pre>
 * mvn -B -ntp -pl notification-service -am verify -Dtest=NotificationThroughputBench \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dbench.requests=2000
 * </pre>
 *
 * The consumer is started only after the topic is filled; the rate is measured between the first and the last
 * outcome event (consumer group start-up excluded). Each is compared with a raw baseline of the same run: the same
 * number of bare provider calls (the same mailer, the same HTTP client) on {@code bench.concurrency} threads, without
 * Kafka or MongoDB. Handling time per request is its ledger claim to its final state.
 */
@QuarkusTest
@TestProfile(NotificationThroughputBench.Profile.class)
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.NOTIFICATION_REQUESTS + ":6," + Topics.NOTIFICATION_REQUESTS_DLQ + ":1," + Topics.TOUCHPOINTS
                + ":3," + Topics.PROFILE_EVENTS + ":3," + Topics.PROFILE_EVENTS_DLQ + ":1"))
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(ProvidersTestResource.class)
class NotificationThroughputBench {

    private static final int REQUESTS = Integer.getInteger("bench.requests", 1000);
    /** Requests handled at once by the consumer, and threads of the raw baselines. */
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
    /** The paced run: emails offered at this rate (per second), below saturation, for the handling latency. */
    private static final int RATE = Integer.getInteger("bench.rate", 50);
    private static final int PACED = Integer.getInteger("bench.paced-requests", 500);

    /** A minimal provider stub: answers every POST with a Twilio-shaped 201 (WireMock's request journal would be measured too). */
    static final class StubProvider implements AutoCloseable {
        final com.sun.net.httpserver.HttpServer server;
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        StubProvider(int port) throws java.io.IOException {
            // Headers and body are two writes: with Nagle on, the body waits for the client's delayed ACK (40 ms).
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", port), 64);
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                byte[] body = "{\"sid\":\"SMbench\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(201, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
                calls.incrementAndGet();
            });
            server.start();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    static final int STUB_PORT = freePort();

    /** Through a system property: the profile and the test run in different class loaders. */
    private static synchronized int freePort() {
        String held = System.getProperty("omnijourney.bench.stub-port");
        if (held != null) {
            return Integer.parseInt(held);
        }
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            System.setProperty("omnijourney.bench.stub-port", String.valueOf(socket.getLocalPort()));
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("omnijourney.notification.sms.primary.base-url", "http://127.0.0.1:" + STUB_PORT,
                    "omnijourney.notification.requests.enabled", "false",
                    "mp.messaging.incoming.notification-requests.max.poll.records", "500",
                    "omnijourney.notification.requests.concurrency", String.valueOf(CONCURRENCY),
                    "mp.messaging.incoming.notification-requests.group.id", "bench-" + UUID.randomUUID(),
                    "quarkus.log.category.\"io.omnijourney.notification.adapter\".level", "WARN",
                    // GreenMail logs a line per new recipient: not part of what is measured.
                    "quarkus.log.category.\"com.icegreen\".level", "WARN");
        }
    }

    @Inject
    ConsumerChannels consumers;

    @Inject
    DeliveryService delivery;

    /** The raw baselines call the senders themselves: the provider call alone, no Kafka, no MongoDB. */
    @Inject
    SmtpEmailSender smtp;

    @Inject
    TwilioSmsSender sms;

    @Inject
    MongoDatabase database;

    @Inject
    ProfileStates profiles;

    /** The request, with the copy of its profile in place (as the profile-events consumer would have left it). */
    private NotificationRequest withCopy(Requests r) {
        profiles.apply(r.profileId(), r.snapshot(), Instant.now());
        return r.build();
    }

    /**
     * @param msInProvider provider time per send (summed over concurrent sends)
     * @param p50 / p99    handling time of one request: its ledger claim to its final state (ms resolution)
     */
    record Result(String name, int sends, double perSecond, double msInProvider, long p50, long p99, double raw) {
        @Override
        public String toString() {
            return String.format("%-5s %6d sends  %8.1f sends/s  raw %8.1f sends/s  ratio %.2f  %6.2f ms in provider "
                    + "per send  handling p50 %d ms  p99 %d ms", name, sends, perSecond, raw, perSecond / raw,
                    msInProvider, p50, p99);
        }
    }

    @Test
    void throughput() throws Exception {
        try (Providers providers = Providers.start(); KafkaTestClient kafka = new KafkaTestClient();
                StubProvider stub = new StubProvider(STUB_PORT)) {
            providers.http.stubFor(post(urlPathEqualTo("/twilio/2010-04-01/Accounts/AC-test/Messages.json"))
                    .willReturn(aResponse().withStatus(201).withBody("{\"sid\":\"SMbench\"}")));
            providers.http.stubFor(post(urlPathEqualTo("/backup/2010-04-01/Accounts/AC-backup/Messages.json"))
                    .willReturn(aResponse().withStatus(201).withBody("{\"sid\":\"SMbackup\"}")));
            String run = UUID.randomUUID().toString().substring(0, 8);
            template("bench-" + run, "email", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of(
                    "subject", "Your order {event.properties.order_id}",
                    "html", "<p>Hi {profile.firstName}, order {event.properties.order_id} shipped.</p>"
                            + "<a href=\"https://shop.example/o/{event.properties.order_id}\">Track</a>",
                    "text", "Hi {profile.firstName}, order {event.properties.order_id} shipped."))));
            template("bench-" + run, "sms", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of(
                    "text", "Hi {profile.firstName}, order {event.properties.order_id} shipped."))));

            double rawSmtp = raw(i -> smtp.send(new ChannelSender.Delivery("raw-email-" + run + "-" + i, "raw-" + i,
                    "transactional", "raw" + i + "@bench.local", new RenderedMessage.Email("Your order o-" + i,
                            "<p>Hi Ana, order o-" + i + " shipped.</p><a href=\"http://localhost:8084/t/c/x" + i
                                    + "\">Track</a>", "Hi Ana, order o-" + i + " shipped.", null)), 0));
            Result email = measure("smtp", rawSmtp, kafka, i -> request("bench-" + run).requestId("bench-email-" + run + "-" + i)
                    .channels(Channel.EMAIL).identifier("email", "b" + i + "@bench.local").trait("firstName", "Ana")
                    .trigger("Order Shipped", Map.of("order_id", "o-" + i)));
            double rawHttp = raw(i -> sms.send(new ChannelSender.Delivery("raw-sms-" + run + "-" + i, "raw-" + i,
                    "transactional", "+3518" + (10_000_000 + i), new RenderedMessage.Sms("Hi Ana, order o-" + i
                            + " shipped.")), 0));
            Result http = measure("http", rawHttp, kafka, i -> request("bench-" + run).requestId("bench-sms-" + run + "-" + i)
                    .channels(Channel.SMS).identifier("phone", "+3519" + (10_000_000 + i)).trait("firstName", "Ana")
                    .trigger("Order Shipped", Map.of("order_id", "o-" + i)));
            String paced = paced(kafka, i -> request("bench-" + run).requestId("bench-paced-" + run + "-" + i)
                    .channels(Channel.EMAIL).identifier("email", "p" + i + "@bench.local").trait("firstName", "Ana")
                    .trigger("Order Shipped", Map.of("order_id", "o-" + i)));
            assertThat(providers.smtp.getReceivedMessages()).hasSize(2 * REQUESTS + PACED + 1);
            assertThat(stub.calls.get()).isEqualTo(2 * REQUESTS);
            System.out.println();
            System.out.println("notification-service throughput, one consumer, concurrency " + CONCURRENCY
                    + ", ledger on (MongoDB wire protocol server), " + REQUESTS + " requests each, "
                    + Runtime.getRuntime().availableProcessors() + " cores, load average "
                    + String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage()));
            System.out.println(email);
            System.out.println(http);
            System.out.println(paced);
            System.out.println();
        }
    }

    interface Send {
        SendOutcome send(int i) throws Exception;
    }

    /** Sends per second of the bare provider call, REQUESTS of them on CONCURRENCY threads (no Kafka, no MongoDB). */
    private static double raw(Send send) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < REQUESTS; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    assertThat(send.send(n)).isInstanceOf(SendOutcome.Accepted.class);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
            return REQUESTS / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private Result measure(String name, double raw, KafkaTestClient kafka, IntFunction<Requests> make)
            throws Exception {
        List<NotificationRequest> requests = new ArrayList<>(REQUESTS);
        for (int i = 0; i < REQUESTS; i++) {
            requests.add(withCopy(make.apply(i)));
        }
        String prefix = "notification:" + requests.get(0).requestId().substring(0, requests.get(0).requestId()
                .lastIndexOf('-') + 1);
        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            prefill(requests);
            long providerBefore = delivery.providerNanos();
            consumers.start(NotificationRequestConsumer.CHANNEL);
            // Decodes each outcome once and gives Awaitility a boolean (a list would be printed on every poll: the
            // benchmark measured itself).
            List<TouchpointEvent> outcomes = new ArrayList<>();
            int[] seen = {0};
            await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
                List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records = probe.records();
                for (; seen[0] < records.size(); seen[0]++) {
                    TouchpointEvent e = TouchpointCodec.decode(records.get(seen[0]).value());
                    if (e.messageId().startsWith(prefix)) {
                        outcomes.add(e);
                    }
                }
                return outcomes.size() >= REQUESTS;
            });
            consumers.stop(NotificationRequestConsumer.CHANNEL);
            long providerNanos = delivery.providerNanos() - providerBefore;
            assertThat(outcomes).allSatisfy(e -> assertThat(e.event()).isEqualTo("Notification Sent"));
            Instant first = outcomes.stream().map(TouchpointEvent::timestamp).min(Instant::compareTo).orElseThrow();
            Instant last = outcomes.stream().map(TouchpointEvent::timestamp).max(Instant::compareTo).orElseThrow();
            double seconds = Duration.between(first, last).toNanos() / 1e9;
            double perSecond = (REQUESTS - 1) / seconds;
            List<Long> handling = new ArrayList<>();
            for (NotificationRequest r : requests) {
                Document d = database.getCollection("ledger").find(new Document("_id", r.requestId())).first();
                handling.add(d.getDate("finishedAt").getTime() - d.getDate("createdAt").getTime());
            }
            handling.sort(null);
            return new Result(name, REQUESTS, perSecond, providerNanos / 1e6 / REQUESTS, percentile(handling, 0.5),
                    percentile(handling, 0.99), raw);
        }
    }

    /**
     * Emails offered at {@code bench.rate} per second to a running consumer (after one warm-up request, so that the
     * group has joined): handling time (ledger claim to final state) and end to end (the request's broker timestamp to
     * its outcome's timestamp, which includes waiting for the poll and the commit of the one before).
     */
    private String paced(KafkaTestClient kafka, IntFunction<Requests> make) throws Exception {
        List<NotificationRequest> requests = new ArrayList<>(PACED);
        for (int i = 0; i < PACED; i++) {
            requests.add(withCopy(make.apply(i)));
        }
        NotificationRequest warmUp = withCopy(make.apply(PACED));
        Map<String, Long> offeredAt = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Instant> outcomeAt = new java.util.HashMap<>();
        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafkaBootstrapServers(),
                        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0),
                        new StringSerializer(), new ByteArraySerializer())) {
            int[] seen = {0};
            java.util.function.BooleanSupplier outcomes = () -> {
                List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records = probe.records();
                for (; seen[0] < records.size(); seen[0]++) {
                    TouchpointEvent e = TouchpointCodec.decode(records.get(seen[0]).value());
                    outcomeAt.put(e.messageId(), e.timestamp());
                }
                return false;
            };
            consumers.start(NotificationRequestConsumer.CHANNEL);
            producer.send(record(warmUp)).get();
            await().atMost(Duration.ofMinutes(2)).until(() -> outcomes.getAsBoolean()
                    || outcomeAt.containsKey("notification:" + warmUp.requestId() + ":sent"));
            long start = System.nanoTime();
            for (int i = 0; i < PACED; i++) {
                long due = start + (long) (i * 1e9 / RATE);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                String id = requests.get(i).requestId();
                producer.send(record(requests.get(i)), (metadata, error) -> {
                    if (error == null) {
                        offeredAt.put(id, metadata.timestamp());
                    }
                });
            }
            producer.flush();
            double offeredPerSecond = (PACED - 1) / ((System.nanoTime() - start) / 1e9);
            await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
                outcomes.getAsBoolean();
                return requests.stream().allMatch(r -> outcomeAt.containsKey("notification:" + r.requestId()
                        + ":sent"));
            });
            consumers.stop(NotificationRequestConsumer.CHANNEL);
            List<Long> handling = new ArrayList<>();
            List<Long> endToEnd = new ArrayList<>();
            for (NotificationRequest r : requests) {
                Document d = database.getCollection("ledger").find(new Document("_id", r.requestId())).first();
                handling.add(d.getDate("finishedAt").getTime() - d.getDate("createdAt").getTime());
                endToEnd.add(outcomeAt.get("notification:" + r.requestId() + ":sent").toEpochMilli()
                        - offeredAt.get(r.requestId()));
            }
            handling.sort(null);
            endToEnd.sort(null);
            return String.format("paced smtp %d sends offered at %.1f/s: handling p50 %d ms  p99 %d ms; request to "
                    + "outcome p50 %d ms  p99 %d ms", PACED, offeredPerSecond, percentile(handling, 0.5),
                    percentile(handling, 0.99), percentile(endToEnd, 0.5), percentile(endToEnd, 0.99));
        }
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p) - 1));
    }

    private static ProducerRecord<String, byte[]> record(NotificationRequest r) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.NOTIFICATION_REQUESTS, r.profileId(),
                ContractJson.encode(r));
        CloudEventHeaders.forNotificationRequest(r).forEach((k, v) -> record.headers().add(k,
                v.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static void prefill(List<NotificationRequest> requests) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 10),
                new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (NotificationRequest r : requests) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.NOTIFICATION_REQUESTS,
                        r.profileId(), ContractJson.encode(r));
                CloudEventHeaders.forNotificationRequest(r).forEach((k, v) -> record.headers().add(k,
                        v.getBytes(StandardCharsets.UTF_8)));
                sends.add(producer.send(record));
            }
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        }
    }
}
