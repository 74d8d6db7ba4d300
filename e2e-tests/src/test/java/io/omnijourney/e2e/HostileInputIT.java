package io.omnijourney.e2e;

import static io.omnijourney.e2e.support.Stack.ADMIN_KEY;
import static io.omnijourney.e2e.support.Stack.ANALYST_KEY;
import static io.omnijourney.e2e.support.Stack.MARKETER_KEY;
import static io.omnijourney.e2e.support.Stack.WRITE_KEYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnijourney.e2e.support.Http;
import io.omnijourney.e2e.support.IngestClient;
import io.omnijourney.e2e.support.Marketer;
import io.omnijourney.e2e.support.Profiles;
import io.omnijourney.e2e.support.Sinks;
import io.omnijourney.e2e.support.Stack;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input against the packaged system, one test per class of attack or mistake in THREAT-MODEL.md. Each test
 * asserts the clear refusal (or the isolated, dead-lettered record) and then, in {@link #aFreshCustomerStillFlows},
 * that a fresh event right after it still reaches its profile and triggers its email within 10 s.
 */
class HostileInputIT {

    private static final Duration FRESH = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROBE_EVENT = "Hostile Probe";

    @TempDir
    static Path dir;
    private static Stack stack;
    private static Sinks sinks;
    private static Profiles profiles;
    private static IngestClient web;

    @BeforeAll
    static void startTheSystem() throws Exception {
        stack = Stack.start(dir, Map.of());
        sinks = new Sinks(stack.mailUrl(), stack.providersUrl());
        profiles = new Profiles(stack);
        web = new IngestClient(stack.ingest.url(), WRITE_KEYS.get("web"));
        Marketer marketer = new Marketer(stack);
        marketer.emailTemplate("hostile-probe", "Probe {event.properties.run}", "Hello {profile.firstName}.");
        marketer.publishJourney("""
                {"name": "Hostile probe", "trigger": {"events": ["%s"]}, "entry": {"reentry": "always"},
                 "steps": [{"id": "probe-email", "type": "send", "channel": "email", "templateId": "hostile-probe",
                            "category": "marketing"}]}""".formatted(PROBE_EVENT));
        // The first customer warms every path (JIT, caches, consumer assignment) so that the 10 s bound measures
        // the system, not its start.
        await().atMost(WAIT).untilAsserted(() -> assertThat(customerFlows(WAIT)).isTrue());
    }

    @AfterAll
    static void stopTheSystem() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void aFreshCustomerStillFlows() throws Exception {
        assertThat(customerFlows(FRESH)).as("a fresh event reaches its profile and its email within 10 s").isTrue();
    }

    @Test
    void clientClocks_aTimestampThatOverflowsIsStampedWithTheReceivedTimeAndStallsNothing() throws Exception {
        String run = run();
        int status = web.post("track", Map.of("userId", "clock-" + run, "event", "Clock Probe",
                "timestamp", "+300000000-01-01T00:00:00Z", "properties", Map.of("run", run)));
        assertThat(status).isEqualTo(200);
        JsonNode profile = await().atMost(WAIT).until(() -> profiles.lookup("userId:clock-" + run), p -> p != null);
        assertThat(profile.path("profile").path("updatedAt").asText()).doesNotStartWith("+").doesNotStartWith("9999");
    }

    @Test
    void poisonRecord_aRecordNoServiceCanReadIsDeadLetteredAndTheNextOnesAreApplied() throws Exception {
        String marker = "poison-" + run();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            producer.send(new ProducerRecord<>("touchpoints", marker.getBytes(StandardCharsets.UTF_8),
                    "{\"not\": \"a touchpoint\"".getBytes(StandardCharsets.UTF_8))).get();
        }
        assertThat(await().atMost(WAIT).until(() -> keysOn("touchpoints.dlq"),
                keys -> keys.contains(marker))).contains(marker);
    }

    @Test
    void oversize_aBodyOverTheLimitIs413WithAJsonErrorAndNothingIsPublished() throws Exception {
        String run = run();
        String huge = "x".repeat(1_200_000);
        HttpResponse<String> response = postRaw("/v1/track", basic(WRITE_KEYS.get("web")),
                Http.json(Map.of("userId", "oversize-" + run, "event", "Oversize", "properties", Map.of("blob", huge))));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(Http.JSON.readTree(response.body()).path("error").asText()).isNotBlank();
        assertThat(profiles.lookup("userId:oversize-" + run)).isNull();
    }

    @Test
    void unauthenticated_anUnknownWriteKeyIs401AndPublishesNothing() throws Exception {
        String run = run();
        HttpResponse<String> response = postRaw("/v1/track", basic("wk_not_a_key_" + run),
                Http.json(Map.of("userId", "nokey-" + run, "event", "Unauthenticated")));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Http.JSON.readTree(response.body()).path("error").asText()).isNotBlank();
        assertThat(Http.post(stack.profile.url() + "/segments", null, Map.of("name", "x", "condition", "true"))
                .status()).isEqualTo(401);
    }

    @Test
    void noSqlInjection_operatorKeysInTraitsAreRefusedWithTheirPath() throws Exception {
        String run = run();
        HttpResponse<String> response = postRaw("/v1/identify", basic(WRITE_KEYS.get("web")), Http.json(Map.of(
                "userId", "inject-" + run, "traits", Map.of("email", "inject." + run + "@example.com",
                        "$where", "sleep(10000)", "a", Map.of("$gt", "")))));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("$where");
        assertThat(profiles.lookup("userId:inject-" + run)).isNull();
    }

    @Test
    void roleEscalation_anAnalystCannotWriteAndAMarketerCannotEraseOrOverrideConsent() {
        assertThat(Http.post(stack.journey.url() + "/journeys", ANALYST_KEY, "{}").status()).isEqualTo(403);
        assertThat(Http.put(stack.notification.url() + "/templates/x/email", ANALYST_KEY, "{}").status()).isEqualTo(403);
        assertThat(Http.delete(stack.profile.url() + "/profiles/someone", MARKETER_KEY).status()).isEqualTo(403);
        assertThat(Http.put(stack.profile.url() + "/profiles/someone/consent", MARKETER_KEY,
                Map.of("channel", "email", "status", "subscribed")).status()).isEqualTo(403);
        assertThat(Http.post(stack.ingest.url() + "/admin/sources", MARKETER_KEY, "{}").status()).isEqualTo(403);
    }

    @Test
    void clientClocks_anOperatorOverrideBeatsAClientSignalStampedInTheFarFuture() throws Exception {
        String run = run();
        String userId = "optout-" + run;
        assertThat(web.post("identify", Map.of("userId", userId,
                "traits", Map.of("email", "optout." + run + "@example.com", "emailOptIn", false)))).isEqualTo(200);
        assertThat(web.post("track", Map.of("userId", userId, "event", "Resubscribed",
                "timestamp", "9999-12-31T23:59:59Z", "properties", Map.of("channel", "email")))).isEqualTo(200);
        JsonNode subscribed = await().atMost(WAIT).until(() -> profiles.lookup("userId:" + userId), p -> p != null
                && "subscribed".equals(p.path("profile").path("consent").path("email").path("status").asText()));
        String profileId = subscribed.path("id").asText();
        Http.put(stack.profile.url() + "/profiles/" + profileId + "/consent", ADMIN_KEY,
                Map.of("channel", "email", "status", "unsubscribed", "reason", "asked by phone")).expect(200);
        JsonNode after = await().atMost(WAIT).until(() -> profiles.lookup("userId:" + userId), p -> p != null
                && "unsubscribed".equals(p.path("profile").path("consent").path("email").path("status").asText()));
        assertThat(after.path("profile").path("updatedAt").asText()).doesNotStartWith("9999");
    }

    @Test
    void expressionCost_aSegmentNestingComprehensionsBeyondTheLimitIsRefusedWithItsPosition() {
        String nested = "profile.segments.exists(a, profile.segments.exists(b, profile.segments.exists(c, "
                + "profile.segments.exists(d, profile.segments.exists(e, true)))))";
        Http.Answer answer = Http.post(stack.profile.url() + "/segments", MARKETER_KEY,
                Map.of("name", "nested " + run(), "condition", nested));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("condition");
        assertThat(Http.post(stack.profile.url() + "/segments", ANALYST_KEY,
                Map.of("name", "analyst " + run(), "condition", "true")).status()).isEqualTo(403);
    }

    @Test
    void templateCost_aLoopOverALiteralIsRefusedAtSave() {
        Http.Answer answer = Http.put(stack.notification.url() + "/templates/loop-" + run() + "/email", MARKETER_KEY,
                Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("subject", "Loop",
                        "text", "{#for i in 100000000}{i}{/for}"))));
        assertThat(answer.status()).isEqualTo(400);
        Http.Answer injected = Http.put(stack.notification.url() + "/templates/subject-" + run() + "/email",
                MARKETER_KEY, Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of(
                        "subject", "Hi\r\nBcc: everyone@example.com", "text", "x"))));
        assertThat(injected.status()).isEqualTo(400);
    }

    @Test
    void erasure_isAcceptedOnceAndEveryServiceAcknowledgesIt() throws Exception {
        String run = run();
        String userId = "erase-" + run;
        assertThat(web.post("identify", Map.of("userId", userId,
                "traits", Map.of("email", "erase." + run + "@example.com")))).isEqualTo(200);
        String profileId = await().atMost(WAIT).until(() -> profiles.lookup("userId:" + userId), p -> p != null)
                .path("id").asText();
        Http.Answer first = Http.delete(stack.profile.url() + "/profiles/" + profileId, ADMIN_KEY);
        assertThat(first.status()).isEqualTo(202);
        String erasureId = first.json().path("erasureId").asText();
        assertThat(erasureId).isNotBlank();
        Http.Answer again = Http.delete(stack.profile.url() + "/profiles/" + profileId, ADMIN_KEY);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().path("erasureId").asText()).isEqualTo(erasureId);
        await().atMost(WAIT).untilAsserted(() -> assertThat(Http.get(stack.profile.url() + "/erasures/" + erasureId,
                ADMIN_KEY).expect(200).json().path("status").asText()).isEqualTo("done"));
        assertThat(profiles.lookup("userId:" + userId)).isNull();
    }

    @Test
    void unauthenticatedCost_repeatedWrongApiKeysFromOneAddressAreRateLimitedAndOtherAddressesAreNot()
            throws Exception {
        // The guesser connects from 127.0.0.2 (the whole 127/8 is loopback), so the other tests' address is not
        // limited.
        int port = URI.create(stack.journey.url()).getPort();
        int status = 0;
        int attempts = 0;
        while (attempts < 150 && status != 429) {
            status = getFrom("127.0.0.2", port, "/journeys", "not-a-key-" + attempts++);
            assertThat(status).isIn(401, 429);
        }
        assertThat(status).isEqualTo(429);
        assertThat(getFrom("127.0.0.2", port, "/journeys", ANALYST_KEY)).as("limited before the key is looked up")
                .isEqualTo(429);
        assertThat(Http.get(stack.journey.url() + "/journeys", ANALYST_KEY).status()).isEqualTo(200);
    }

    /** The status of a GET sent from the given local address (java.net.http cannot choose it). */
    private static int getFrom(String localAddress, int port, String path, String apiKey) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nX-API-Key: " + apiKey + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    /** Identifies a new, opted-in customer and sends the probe event; true when the email arrives in time. */
    private static boolean customerFlows(Duration within) throws Exception {
        String run = run();
        String email = "fresh." + run + "@example.com";
        int identified = web.post("identify", Map.of("userId", "fresh-" + run,
                "traits", Map.of("email", email, "firstName", "Fresh", "emailOptIn", true)));
        int tracked = web.post("track", Map.of("userId", "fresh-" + run, "event", PROBE_EVENT,
                "properties", Map.of("run", run)));
        if (identified != 200 || tracked != 200) {
            return false;
        }
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> sinks.mails().stream()
                    .anyMatch(m -> email.equals(m.to()) && m.subject().equals("Probe " + run)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
        return profiles.lookup("email:" + email) != null;
    }

    private static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String basic(String writeKey) {
        return "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> postRaw(String path, String authorization, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.ingest.url() + path))
                .timeout(Duration.ofSeconds(15)).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Properties producerConfig() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /** The keys of every record on a topic, read from the beginning. */
    private static List<String> keysOn(String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> keys = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null) {
                        keys.add(new String(record.key(), StandardCharsets.UTF_8));
                    }
                }
            }
            return keys;
        }
    }
}
