package io.omnijourney.e2e;

import static io.omnijourney.e2e.support.Stack.ADMIN_KEY;
import static io.omnijourney.e2e.support.Stack.ANALYST_KEY;
import static io.omnijourney.e2e.support.Stack.MARKETER_KEY;
import static io.omnijourney.e2e.support.Stack.WRITE_KEYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnijourney.e2e.support.Http;
import io.omnijourney.e2e.support.IngestClient;
import io.omnijourney.e2e.support.Marketer;
import io.omnijourney.e2e.support.Profiles;
import io.omnijourney.e2e.support.Sinks;
import io.omnijourney.e2e.support.Stack;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
import org.junit.jupiter.api.io.CleanupMode;
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

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    private static Stack stack;
    private static Sinks sinks;
    private static Profiles profiles;
    private static IngestClient web;

    @BeforeAll
    static void startTheSystem() throws Exception {
        // MongoDB behind a gate: the outage test takes it away from the services and brings it back.
        stack = Stack.startWithMongoGate(dir, Map.of());
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

    @Test
    void mongoOutage_restIs503WithRetryAfterWithinSecondsLoggedOnceAndEverythingResumesWhenItIsBack()
            throws Exception {
        String run = run();
        String userId = "outage-" + run;
        long logOffset = Files.size(stack.profile.log());
        stack.closeMongoPort();
        try {
            // Ingest keeps accepting for a write key it has verified: the event waits in the broker.
            assertThat(web.post("track", Map.of("userId", userId, "event", "Outage Probe"))).isEqualTo(200);
            for (int i = 0; i < 4; i++) {
                long start = System.nanoTime();
                HttpResponse<String> answer = getRaw(stack.profile.url() + "/profiles/lookup?identifier=userId:"
                        + userId, ANALYST_KEY);
                long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                System.out.printf("MongoDB stopped: lookup %d answered %d in %d ms%n", i, answer.statusCode(),
                        millis);
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                        assertThat(Integer.parseInt(v)).isPositive());
                assertThat(Http.JSON.readTree(answer.body()).path("error").asText()).isNotBlank();
                assertThat(millis).isLessThan(3_500);
            }
        } finally {
            stack.openMongoPort();
        }
        assertThat(linesSince(stack.profile.log(), logOffset)).as("one outage line for every refused request")
                .filteredOn(line -> line.contains("MongoDB unavailable")).hasSize(1);
        for (var service : stack.services()) {
            service.awaitReady();
        }
        // The event accepted during the outage is applied, not dead-lettered.
        await().atMost(WAIT).until(() -> profiles.lookup("userId:" + userId), p -> p != null);
        assertThat(keysOn("touchpoints.dlq")).noneMatch(key -> key.contains(userId));
    }

    @Test
    void logHygiene_controlCharactersAndAddressesFromClientsAndRecordsNeverForgeALineNorReachTheLogs()
            throws Exception {
        String run = run();
        String email = "victim." + run + "@example.com";
        String forged = "FORGED-" + run + " INFO  [io.omnijourney.auth] admin logged in";
        int tracked = web.post("track", Map.of("userId", "log-" + run + "\r\n" + forged, "event", "Log Probe",
                "properties", Map.of("note", "a\r\n" + forged + "\u0000\u001b[31m\u0007\u2028", "contact", email)));
        assertThat(tracked).isIn(200, 400);
        HttpResponse<String> refused = postRaw("/v1/identify", basic(WRITE_KEYS.get("web")), Http.json(Map.of(
                "userId", "log-" + run, "traits", Map.of("email", email, "$where", "x\r\n" + forged))));
        assertThat(refused.statusCode()).isEqualTo(400);
        // A record that reaches a consumer and is refused there: the dead-letter line quotes the id it carries.
        String key = "log-" + run;
        ObjectNode poison = aTouchpointOnTheTopic();
        poison.put("messageId", key + "\r\n" + forged + " " + email);
        poison.put("timestamp", "1990-01-01T00:00:00Z");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            producer.send(new ProducerRecord<>("touchpoints", key.getBytes(StandardCharsets.UTF_8),
                    Http.JSON.writeValueAsBytes(poison))).get();
        }
        await().atMost(WAIT).until(() -> keysOn("touchpoints.dlq"), keys -> keys.contains(key));
        String escaped = key + "\\r\\nFORGED-" + run;
        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readString(stack.profile.log()))
                .as("the dead-letter line, escaped and masked").contains(escaped).contains("v***@example.com"));
        for (var service : stack.services()) {
            List<String> lines = Files.readAllLines(service.log(), StandardCharsets.UTF_8);
            assertThat(lines).as(service.module() + ": no forged line").noneMatch(l -> l.startsWith("FORGED-" + run));
            assertThat(lines).as(service.module() + ": no raw address").noneMatch(l -> l.contains(email));
            assertThat(lines).as(service.module() + ": no raw control character")
                    .noneMatch(l -> l.chars().anyMatch(c -> c == 0 || c == 0x1b || c == 0x07 || c == 0x2028));
        }
    }

    @Test
    void ssrf_webhooksToLoopbackMetadataNat64And6to4AreRefusedAtSendWithTheReasonInTheLedger() throws Exception {
        String run = run();
        Map<String, String> targets = new java.util.LinkedHashMap<>();
        targets.put("loopback", "https://127.0.0.1/hook");
        targets.put("metadata", "https://169.254.169.254/latest/meta-data/");
        targets.put("nat64", "https://[64:ff9b::7f00:1]/hook");
        targets.put("6to4", "https://[2002:7f00:1::]/hook");
        StringBuilder steps = new StringBuilder();
        int n = 0;
        for (var target : targets.entrySet()) {
            String templateId = "ssrf-" + target.getKey() + "-" + run;
            // Marked transactional by an admin, so that no consent stands between the request and the target.
            Http.put(stack.notification.url() + "/templates/" + templateId + "/webhook", ADMIN_KEY, Map.of(
                    "defaultLocale", "en", "transactional", true, "url", target.getValue(),
                    "locales", Map.of("en", Map.of("body", "{\"probe\": \"" + run + "\"}")))).expect(200);
            steps.append(n == 0 ? "" : ",").append("""
                    {"id": "s%d", "type": "send", "channel": "webhook", "templateId": "%s",
                     "category": "transactional"%s}""".formatted(n, templateId,
                    n < targets.size() - 1 ? ", \"next\": \"s" + (n + 1) + "\"" : ""));
            n++;
        }
        String event = "SSRF Probe " + run;
        new Marketer(stack).publishJourney("""
                {"name": "SSRF %s", "trigger": {"events": ["%s"]}, "steps": [%s]}""".formatted(run, event, steps));
        assertThat(web.post("track", Map.of("userId", "ssrf-" + run, "event", event))).isEqualTo(200);
        String profileId = await().atMost(WAIT).until(() -> profiles.lookup("userId:ssrf-" + run), p -> p != null)
                .path("id").asText();
        JsonNode ledger = await().atMost(WAIT).until(() -> Http.get(stack.notification.url()
                + "/notifications?profileId=" + profileId, ANALYST_KEY).expect(200).json(), l -> l.size() == 4
                && java.util.stream.StreamSupport.stream(l.spliterator(), false)
                        .allMatch(r -> List.of("sent", "failed", "suppressed").contains(r.path("state").asText())));
        for (JsonNode record : ledger) {
            String target = record.path("templateId").asText();
            assertThat(record.path("state").asText()).as(target).isEqualTo("failed");
            assertThat(record.path("attempts").asInt()).as(target).isEqualTo(1);
            assertThat(record.path("reason").asText()).as(target).contains("refused target address");
        }
    }

    @Test
    void replays_aSendGridPostSignedOutsideTheWindowIs403AndATwilioSmsPostedTwiceIsOneTouchpoint()
            throws Exception {
        String run = run();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair sendGrid = generator.generateKeyPair();
        String sendGridPath = Http.post(stack.ingest.url() + "/admin/sources", ADMIN_KEY, Map.of("name",
                "SendGrid " + run, "kind", "sendgrid", "verificationKey",
                Base64.getEncoder().encodeToString(sendGrid.getPublic().getEncoded()))).expect(201).json()
                .path("webhookPath").asText();
        String payload = Http.json(List.of(Map.of("email", "replay." + run + "@example.com", "timestamp",
                Instant.now().getEpochSecond(), "event", "delivered", "sg_event_id", "replay-" + run,
                "sg_message_id", "m-" + run)));
        String stale = Long.toString(Instant.now().minus(Duration.ofMinutes(15)).getEpochSecond());
        HttpResponse<String> replayed = postSendGrid(sendGridPath, sendGrid, stale, payload);
        assertThat(replayed.statusCode()).isEqualTo(403);
        JsonNode error = Http.JSON.readTree(replayed.body());
        assertThat(error.path("error").asText()).isNotBlank();
        assertThat(error.path("details").path(0).path("field").asText())
                .isEqualTo("X-Twilio-Email-Event-Webhook-Timestamp");
        // The same body signed now passes: the refusal was the time, not the signature.
        String now = Long.toString(Instant.now().getEpochSecond());
        assertThat(postSendGrid(sendGridPath, sendGrid, now, payload).statusCode()).isEqualTo(200);

        String authToken = "twilio-e2e-token-" + run;
        String twilioPath = Http.post(stack.ingest.url() + "/admin/sources", ADMIN_KEY, Map.of("name",
                "Twilio " + run, "kind", "twilio", "verificationKey", authToken)).expect(201).json()
                .path("webhookPath").asText();
        String phone = "+35191" + String.format("%07d", Math.abs(run.hashCode()) % 10_000_000);
        Map<String, String> sms = Map.of("MessageSid", "SM" + run + "a", "AccountSid", "AC" + run, "From", phone,
                "To", "+351300000000", "Body", "hello " + run, "NumMedia", "0");
        assertThat(postTwilio(twilioPath, authToken, sms)).isEqualTo(200);
        assertThat(postTwilio(twilioPath, authToken, sms)).isEqualTo(200);
        // A later message of the same sender follows the replay on its partition: once it is on the timeline, the
        // replay has been handled too.
        Map<String, String> later = new HashMap<>(sms);
        later.put("MessageSid", "SM" + run + "b");
        later.put("Body", "later " + run);
        assertThat(postTwilio(twilioPath, authToken, later)).isEqualTo(200);
        String profileId = await().atMost(WAIT).until(() -> profiles.lookup("phone:" + phone), p -> p != null)
                .path("id").asText();
        JsonNode timeline = await().atMost(WAIT).until(() -> profiles.timeline(profileId), t -> smsBodies(t)
                .contains("later " + run));
        assertThat(smsBodies(timeline)).filteredOn(("hello " + run)::equals).hasSize(1);
    }

    @Test
    void gracefulShutdown_requestsInFlightAtSigtermAreAnsweredAndEveryAcceptedEventIsOnTheTopic() throws Exception {
        String run = run();
        IngestClient store = new IngestClient(stack.ingest.url(), WRITE_KEYS.get("store"));
        java.util.concurrent.atomic.AtomicLong termAt = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        List<String> accepted = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<String> cut = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> inFlight = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            clients.submit(() -> {
                // Each client posts batches until the SIGTERM has been sent; then it stops sending new ones.
                for (int b = 0; System.nanoTime() < termAt.get(); b++) {
                    List<Map<String, Object>> batch = new java.util.ArrayList<>();
                    List<String> ids = new java.util.ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        String id = "gs-" + run + "-" + thread + "-" + b + "-" + i;
                        ids.add(id);
                        batch.add(Map.of("type", "track", "messageId", id, "userId", "gs-" + run + "-" + thread,
                                "event", "Shutdown Probe"));
                    }
                    long sentAt = System.nanoTime();
                    try {
                        int status = store.post("batch", Map.of("batch", batch));
                        answered.incrementAndGet();
                        if (sentAt < termAt.get() && System.nanoTime() > termAt.get()) {
                            inFlight.add(status);
                        }
                        if (status == 200) {
                            accepted.addAll(ids);
                        }
                    } catch (java.io.IOException e) {
                        // Sent well before the SIGTERM, it was in flight: it must have had its answer.
                        if (sentAt < termAt.get() - Duration.ofMillis(100).toNanos()) {
                            cut.add(ids.get(0) + ": " + e);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        await().atMost(WAIT).until(() -> accepted.size() >= 1_000);
        termAt.set(System.nanoTime());
        stack.ingest.terminate();
        clients.shutdown();
        assertThat(clients.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(stack.ingest.awaitExit(Duration.ofSeconds(30))).as("ingest ends by itself").isPresent();
        System.out.printf("SIGTERM to ingest: %d batches answered, %d events accepted; in flight at the SIGTERM and "
                + "answered: %s; cut: %d%n", answered.get(), accepted.size(), inFlight, cut.size());
        assertThat(cut).as("requests in flight at the SIGTERM").isEmpty();
        assertThat(inFlight).as("requests in flight at the SIGTERM, each answered").isNotEmpty();
        stack.ingest.launch().awaitReady();
        java.util.Set<String> onTopic = new java.util.HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : recordsOn("touchpoints")) {
            try {
                String id = Http.JSON.readTree(record.value()).path("messageId").asText();
                if (id.startsWith("gs-" + run)) {
                    onTopic.add(id);
                }
            } catch (java.io.IOException notJson) {
                // a poison record of another test
            }
        }
        assertThat(onTopic).as("every event answered 200 is on the topic").containsAll(accepted);
    }

    /** A copy of a touchpoint ingest published (the first on the topic), to alter. */
    private static ObjectNode aTouchpointOnTheTopic() {
        for (ConsumerRecord<byte[], byte[]> record : recordsOn("touchpoints")) {
            try {
                if (Http.JSON.readTree(record.value()) instanceof ObjectNode event && event.has("messageId")
                        && event.has("receivedAt")) {
                    return event;
                }
            } catch (java.io.IOException notJson) {
                // a poison record of another test
            }
        }
        throw new AssertionError("no touchpoint on the topic");
    }

    private static List<String> smsBodies(JsonNode timeline) {
        List<String> bodies = new java.util.ArrayList<>();
        for (JsonNode item : timeline.path("items")) {
            if ("SMS Received".equals(item.path("event").asText())) {
                bodies.add(item.path("properties").path("body").asText());
            }
        }
        return bodies;
    }

    private static HttpResponse<String> postSendGrid(String path, KeyPair keys, String timestamp, String payload)
            throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update((timestamp + payload).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.ingest.url() + path))
                .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                .header("X-Twilio-Email-Event-Webhook-Signature", Base64.getEncoder().encodeToString(signer.sign()))
                .header("X-Twilio-Email-Event-Webhook-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Posts an inbound SMS signed the way Twilio signs it (HMAC-SHA1 of the URL and the sorted parameters). */
    private static int postTwilio(String path, String authToken, Map<String, String> form) throws Exception {
        String url = stack.ingest.url() + path;
        StringBuilder signed = new StringBuilder(url);
        new TreeMap<>(form).forEach((name, value) -> signed.append(name).append(value));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(signed.toString()
                .getBytes(StandardCharsets.UTF_8)));
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("X-Twilio-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpResponse<String> getRaw(String url, String apiKey) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("X-API-Key", apiKey).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The lines a log gained after {@code offset} bytes. */
    private static List<String> linesSince(Path log, long offset) throws Exception {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8).lines().toList();
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
        return recordsOn(topic).stream().filter(r -> r.key() != null)
                .map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
    }

    /** Every record on a topic, read from the beginning. */
    private static List<ConsumerRecord<byte[], byte[]>> recordsOn(String topic) {
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
            List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
