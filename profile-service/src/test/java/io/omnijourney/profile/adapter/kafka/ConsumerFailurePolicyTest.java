package io.omnijourney.profile.adapter.kafka;

import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.call;
import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.lookup;
import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.timeline;
import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.track;
import static io.omnijourney.testsupport.TopicProbe.header;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.testsupport.KafkaTestClient;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.omnijourney.testsupport.SharedInfra;
import io.omnijourney.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared consumer failure policy on the touchpoints consumer: a record that decodes but fails every time is
 * isolated to the dead-letter topic while the records after it are applied; a MongoDB outage pauses the consumer,
 * dead-letters nothing, takes readiness down, and processing resumes by itself; the trace of a touchpoint continues
 * on the profile event it causes.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.TOUCHPOINTS + ":3," + Topics.TOUCHPOINTS_DLQ + ":1," + Topics.PROFILE_EVENTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class ConsumerFailurePolicyTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    private static KafkaTestClient kafka;

    @BeforeAll
    static void setUp() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    @Test
    void aRecordWithAnAbsurdTimeIsDeadLetteredAndTheRecordsAfterItOnItsPartitionAreApplied() {
        String userId = "user-" + UUID.randomUUID();
        try (TopicProbe dlq = kafka.probe(Topics.TOUCHPOINTS_DLQ)) {
            produce(track("Product Viewed").userId(userId).channel(Channel.WEB).timestamp(T0), userId);
            // Its time overflows epoch milliseconds: the contract refuses it on decode, before it reaches a profile.
            String poison = produce(track("Product Added").userId(userId).channel(Channel.WEB)
                    .timestamp(Instant.parse("+300000000-01-01T00:00:00Z")), userId);
            produce(call(EventType.IDENTIFY).userId(userId).traits(Map.of("firstName", "Ines"))
                    .channel(Channel.WEB).timestamp(T0.plusSeconds(2)), userId);

            ConsumerRecord<String, byte[]> dead = dlq.awaitRecords(1, WAIT).get(0);
            assertThat(header(dead, "ce_id")).isEqualTo(poison);
            assertThat(header(dead, "dead-letter-topic")).isEqualTo(Topics.TOUCHPOINTS);
            assertThat(header(dead, "dead-letter-partition")).matches("[0-2]");
            assertThat(header(dead, "dead-letter-offset")).matches("\\d+");
            assertThat(header(dead, "dead-letter-exception-class-name")).isNotBlank();
            assertThat(header(dead, "dead-letter-reason")).contains("timestamp");
            assertThat(header(dead, "dead-letter-group")).isEqualTo("profile-service");

            String profileId = await().atMost(WAIT).until(() -> lookup("userId:" + userId),
                    r -> r.extract().statusCode() == 200
                            && "Ines".equals(r.extract().path("profile.traits.firstName"))).extract().path("id");
            timeline(profileId, Map.of()).body("items.event", equalTo(java.util.Arrays.asList(null, "Product Viewed")));
        }
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertThat(metrics).containsPattern("omnijourney_consumer_dead_lettered_total\\{channel=\"touchpoints\"[^}]*} [1-9]");
        assertThat(metrics).contains("kafka_consumer_fetch_manager_records_lag");
    }

    @Test
    void aMongoOutagePausesTheConsumerDeadLettersNothingAndProcessingResumesByItself() {
        assumeTrue(SharedInfra.canPauseMongo(), "needs the embedded MongoDB server");
        String userId = "user-" + UUID.randomUUID();
        try (TopicProbe dlq = kafka.probe(Topics.TOUCHPOINTS_DLQ)) {
            SharedInfra.pauseMongo();
            try {
                produce(call(EventType.IDENTIFY).userId(userId).traits(Map.of("firstName", "Olga"))
                        .channel(Channel.WEB).timestamp(T0), userId);
                await().atMost(WAIT).until(() -> consumersCheck().equals("DOWN"));
            } finally {
                SharedInfra.resumeMongo();
            }
            await().atMost(WAIT).untilAsserted(() -> lookup("userId:" + userId).statusCode(200)
                    .body("profile.traits.firstName", equalTo("Olga")));
            await().atMost(WAIT).until(() -> consumersCheck().equals("UP"));
            assertThat(dlq.records()).isEmpty();
        }
    }

    @Test
    void theTraceOfATouchpointContinuesOnTheProfileEventItCauses() {
        String userId = "user-" + UUID.randomUUID();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        try (TopicProbe profileEvents = kafka.probe(Topics.PROFILE_EVENTS)) {
            TouchpointEvent event = call(EventType.IDENTIFY).userId(userId).channel(Channel.WEB).timestamp(T0)
                    .sourceId("src-test").receivedAt(Instant.now()).build();
            Map<String, String> headers = new HashMap<>(CloudEventHeaders.forTouchpoint(event));
            headers.put("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
            kafka.produce(Topics.TOUCHPOINTS, userId, TouchpointCodec.encode(event), headers);

            ConsumerRecord<String, byte[]> published = await().atMost(WAIT).until(() -> profileEvents.records()
                    .stream().filter(r -> ContractJson.decode(r.value(), ProfileEvent.class).touchpoint() != null
                            && event.messageId().equals(ContractJson.decode(r.value(), ProfileEvent.class)
                                    .touchpoint().messageId())).findFirst(), java.util.Optional::isPresent).get();
            assertThat(header(published, "traceparent")).startsWith("00-" + traceId + "-");
            assertThat(header(published, "ce_traceparent")).isEqualTo(header(published, "traceparent"));
        }
    }

    @Test
    void anAdminReplaysDeadLetteredRecordsToTheirTopicAfterAFix() {
        String userId = "user-" + UUID.randomUUID();
        try (TopicProbe dlq = kafka.probe(Topics.TOUCHPOINTS_DLQ);
                TopicProbe touchpoints = kafka.probe(Topics.TOUCHPOINTS)) {
            // Dead-lettered as not a touchpoint: after a fix (here: none is needed for the check) it is replayed.
            kafka.produce(Topics.TOUCHPOINTS, userId, "{broken".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    Map.of("ce_id", "replay-" + userId));
            dlq.awaitRecords(1, WAIT);

            given().header("X-API-Key", ServiceFixtures.ANALYST_KEY).post("/admin/dead-letters/touchpoints/replay")
                    .then().statusCode(403);
            given().header("X-API-Key", ServiceFixtures.ADMIN_KEY).queryParam("limit", 0)
                    .post("/admin/dead-letters/touchpoints/replay").then().statusCode(400)
                    .body("details[0].field", equalTo("limit"));
            given().header("X-API-Key", ServiceFixtures.ADMIN_KEY).post("/admin/dead-letters/nope/replay").then()
                    .statusCode(404);
            given().header("X-API-Key", ServiceFixtures.ADMIN_KEY).post("/admin/dead-letters/touchpoints/replay")
                    .then().statusCode(200).body("deadLetterTopic", equalTo(Topics.TOUCHPOINTS_DLQ))
                    .body("replayed", org.hamcrest.Matchers.greaterThanOrEqualTo(1)).body("remaining", equalTo(0));

            ConsumerRecord<String, byte[]> replayed = await().atMost(WAIT).until(() -> touchpoints.records().stream()
                    .filter(r -> ("replay-" + userId).equals(header(r, "ce_id"))
                            && header(r, "dead-letter-replayed-from") != null).findFirst(),
                    java.util.Optional::isPresent).get();
            assertThat(replayed.key()).isEqualTo(userId);
            assertThat(new String(replayed.value(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{broken");
            assertThat(header(replayed, "dead-letter-reason")).as("dead-letter headers are not carried back").isNull();
            // A second replay finds nothing new: the replay group committed where it stopped.
            given().header("X-API-Key", ServiceFixtures.ADMIN_KEY).post("/admin/dead-letters/touchpoints/replay")
                    .then().statusCode(200).body("remaining", equalTo(0));
        }
    }

    /** The status of the consumers' readiness check ({@code /q/health/ready}). */
    private static String consumersCheck() {
        JsonPath health = given().get("/q/health/ready").then().extract().jsonPath();
        List<Map<String, Object>> checks = health.getList("checks");
        return checks.stream().filter(c -> "consumers".equals(c.get("name"))).map(c -> (String) c.get("status"))
                .findFirst().orElse("MISSING");
    }

    private static String produce(io.omnijourney.contract.touchpoint.TouchpointEventBuilder builder, String key) {
        return ServiceFixtures.produce(kafka, builder, key);
    }
}
