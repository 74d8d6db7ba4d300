package io.omnijourney.journey.adapter.kafka;

import static io.omnijourney.testsupport.TopicProbe.header;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.journey.MutableClock;
import io.omnijourney.journey.app.JourneyRuntime;
import io.omnijourney.journey.app.OutboxRelay;
import io.omnijourney.journey.app.ProfileCache;
import io.omnijourney.journey.app.UnitOfWork;
import io.omnijourney.journey.domain.Definitions;
import io.omnijourney.testsupport.KafkaTestClient;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.omnijourney.testsupport.SharedInfra;
import io.omnijourney.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared consumer failure policy on the {@code profile-events} consumer: an event that decodes but fails every
 * time is isolated to the dead-letter topic while the events after it on its partition are applied; a MongoDB outage
 * pauses the consumer, dead-letters nothing, takes readiness down, and processing resumes by itself; the trace of a
 * profile event continues on the notification request it causes, also when the outbox relay publishes it later.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.PROFILE_EVENTS + ":3," + Topics.PROFILE_EVENTS_DLQ + ":1," + Topics.NOTIFICATION_REQUESTS
                + ":3," + Topics.TOUCHPOINTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class ConsumerFailurePolicyTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String MARKETER = "test-marketer-key";
    private static KafkaTestClient kafka;

    @Inject
    MutableClock clock;
    @Inject
    ProfileCache profiles;
    @Inject
    JourneyRuntime runtime;
    @Inject
    OutboxRelay relay;

    private String journeyId;
    private String trigger;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** A journey of its own per test: its trigger sends an email request at once. */
    private void publishJourney() {
        trigger = "Failure Policy " + UUID.randomUUID();
        String definition = Definitions.json("{'name':'failure policy','trigger':{'events':['" + trigger + "']},"
                + "'entry':{'reentry':'always'},'steps':[{'id':'mail','type':'send','channel':'email',"
                + "'templateId':'policy-mail','category':'transactional'}]}").toString();
        journeyId = given().header("X-API-Key", MARKETER).contentType("application/json").body(definition)
                .post("/journeys").then().statusCode(201).extract().path("id");
        given().header("X-API-Key", MARKETER).post("/journeys/" + journeyId + "/publish").then().statusCode(200);
    }

    @AfterEach
    void archive() {
        if (journeyId != null) {
            given().header("X-API-Key", MARKETER).post("/journeys/" + journeyId + "/archive").then().statusCode(200);
        }
    }

    @Test
    void aProfileEventThatDecodesButAlwaysFailsIsDeadLetteredAndTheEventsAfterItOnItsPartitionAreApplied() {
        publishJourney();
        String pid = "p-" + UUID.randomUUID();
        Instant now = clock.instant();
        try (TopicProbe dlq = kafka.probe(Topics.PROFILE_EVENTS_DLQ);
                TopicProbe requests = kafka.probe(Topics.NOTIFICATION_REQUESTS)) {
            // Decodes, but its time cannot be stored: every attempt to write this profile's document fails on it.
            ProfileEvent poison = event(pid, "Product Viewed", "poison-" + pid,
                    Instant.parse("+300000000-01-01T00:00:00Z"));
            ProfileEvent after = event(pid, trigger, "after-" + pid, now.plusSeconds(2));
            produceInOnePoll(List.of(event(pid, "Product Viewed", "first-" + pid, now), poison, after));

            ConsumerRecord<String, byte[]> dead = dlq.awaitRecords(1, WAIT).get(0);
            assertThat(header(dead, "ce_id")).isEqualTo(poison.eventId());
            assertThat(dead.key()).isEqualTo(pid);
            assertThat(header(dead, "dead-letter-topic")).isEqualTo(Topics.PROFILE_EVENTS);
            assertThat(header(dead, "dead-letter-partition")).matches("[0-2]");
            assertThat(header(dead, "dead-letter-offset")).matches("\\d+");
            assertThat(header(dead, "dead-letter-exception-class-name"))
                    .isEqualTo(IllegalArgumentException.class.getName());
            assertThat(header(dead, "dead-letter-reason")).contains("ArithmeticException");
            assertThat(header(dead, "dead-letter-group")).isEqualTo("journey-service");

            NotificationRequest request = await().atMost(WAIT).until(() -> requestsFor(requests, pid).stream()
                    .findFirst(), Optional::isPresent).get();
            assertThat(request.trigger().messageId()).as("the event after the poison one").isEqualTo(after.eventId());
            assertThat(profiles.find(pid)).as("the event before it").isPresent();
            requests.assertNoMoreWithin(Duration.ofMillis(500));
            assertThat(requestsFor(requests, pid)).hasSize(1);
            assertThat(dlq.records()).hasSize(1);
        }
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertThat(metrics).containsPattern(
                "omnijourney_consumer_dead_lettered_total\\{channel=\"profile-events\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern(
                "omnijourney_consumer_isolated_batches_total\\{channel=\"profile-events\"[^}]*} [1-9]");
        assertThat(metrics).contains("kafka_consumer_fetch_manager_records_lag");
    }

    @Test
    void aMongoOutagePausesTheConsumerDeadLettersNothingAndProcessingResumesByItself() {
        assumeTrue(SharedInfra.canPauseMongo(), "needs the embedded MongoDB server");
        publishJourney();
        String pid = "p-" + UUID.randomUUID();
        try (TopicProbe dlq = kafka.probe(Topics.PROFILE_EVENTS_DLQ);
                TopicProbe requests = kafka.probe(Topics.NOTIFICATION_REQUESTS)) {
            SharedInfra.pauseMongo();
            try {
                produce(event(pid, trigger, "outage-" + pid, clock.instant()), Map.of());
                await().atMost(WAIT).until(() -> consumersCheck().equals("DOWN"));
            } finally {
                SharedInfra.resumeMongo();
            }
            await().atMost(WAIT).until(() -> requestsFor(requests, pid).size() == 1);
            await().atMost(WAIT).until(() -> consumersCheck().equals("UP"));
            assertThat(dlq.records()).isEmpty();
        }
    }

    @Test
    void theTraceOfAProfileEventContinuesOnTheNotificationRequestItCauses() {
        publishJourney();
        String pid = "p-" + UUID.randomUUID();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        try (TopicProbe requests = kafka.probe(Topics.NOTIFICATION_REQUESTS)) {
            produce(event(pid, trigger, "traced-" + pid, clock.instant()),
                    Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

            assertPublishedInTrace(requests, pid, traceId);
        }
    }

    @Test
    void aRequestLeftInItsOutboxByACrashKeepsTheTraceOfItsEventWhenTheRelayPublishesIt() {
        publishJourney();
        String pid = "p-" + UUID.randomUUID();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        try (TopicProbe requests = kafka.probe(Topics.NOTIFICATION_REQUESTS)) {
            // Handled and committed as a poll would be; the process "dies" before publishing.
            ProfileEvent event = event(pid, trigger, "relayed-" + pid, clock.instant());
            UnitOfWork unit = runtime.deferredUnit();
            runtime.prefetch(List.of(event), unit);
            unit.causedBy("00-" + traceId + "-00f067aa0ba902b7-01");
            assertThat(runtime.handle(event, unit)).singleElement()
                    .satisfies(p -> assertThat(p.messages()).hasSize(1));
            unit.commit();

            clock.advance(Duration.ofMinutes(1));
            assertThat(relay.relay(Duration.ofSeconds(10))).isGreaterThanOrEqualTo(1);
            assertPublishedInTrace(requests, pid, traceId);
        }
    }

    /** The profile's notification request arrives in the trace, in both W3C and CloudEvents headers. */
    private static void assertPublishedInTrace(TopicProbe requests, String profileId, String traceId) {
        ConsumerRecord<String, byte[]> published = await().atMost(WAIT).until(() -> requests.records().stream()
                .filter(r -> profileId.equals(r.key())).findFirst(), Optional::isPresent).get();
        assertThat(header(published, "traceparent")).startsWith("00-" + traceId + "-");
        assertThat(header(published, "ce_traceparent")).isEqualTo(header(published, "traceparent"));
    }

    private static ProfileEvent event(String profileId, String name, String messageId, Instant at) {
        TouchpointEvent touchpoint = TouchpointEventBuilder.of(EventType.TRACK).messageId(messageId).event(name)
                .userId("u-" + profileId).channel(Channel.WEB).sourceId("web").timestamp(at).receivedAt(at).build();
        ProfileSnapshot profile = new ProfileSnapshot(Map.of("email", List.of(profileId + "@example.com")),
                Map.of(), Map.of("email", new ProfileSnapshot.Consent("subscribed", null)), Map.of(), List.of());
        return ProfileEvent.touchpoint(profileId, touchpoint, profile);
    }

    private static void produce(ProfileEvent event, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(CloudEventHeaders.forProfileEvent(event));
        headers.putAll(extraHeaders);
        kafka.produce(Topics.PROFILE_EVENTS, event.profileId(), ContractJson.encode(event), headers);
    }

    /**
     * Produces the events in one transaction: the consumer reads committed records only, so they become visible
     * together and come in one poll, whose unit then fails as a whole.
     */
    private static void produceInOnePoll(List<ProfileEvent> events) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "journey-failure-policy-" + UUID.randomUUID());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (ProfileEvent event : events) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.PROFILE_EVENTS, event.profileId(),
                        ContractJson.encode(event));
                CloudEventHeaders.forProfileEvent(event).forEach((name, value) -> record.headers().add(name,
                        value.getBytes(StandardCharsets.UTF_8)));
                producer.send(record);
            }
            producer.commitTransaction();
        }
    }

    private static List<NotificationRequest> requestsFor(TopicProbe probe, String profileId) {
        return probe.records().stream().filter(r -> profileId.equals(r.key()))
                .map(r -> ContractJson.decode(r.value(), NotificationRequest.class)).toList();
    }

    /** The status of the consumers' readiness check ({@code /q/health/ready}). */
    private static String consumersCheck() {
        JsonPath health = given().get("/q/health/ready").then().extract().jsonPath();
        List<Map<String, Object>> checks = health.getList("checks");
        return checks.stream().filter(c -> "consumers".equals(c.get("name"))).map(c -> (String) c.get("status"))
                .findFirst().orElse("MISSING");
    }
}
