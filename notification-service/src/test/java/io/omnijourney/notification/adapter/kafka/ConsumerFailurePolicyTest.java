package io.omnijourney.notification.adapter.kafka;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.omnijourney.notification.support.Requests.ADMIN_KEY;
import static io.omnijourney.notification.support.Requests.ANALYST_KEY;
import static io.omnijourney.notification.support.Requests.MARKETER_KEY;
import static io.omnijourney.notification.support.Requests.request;
import static io.omnijourney.notification.support.Requests.template;
import static io.omnijourney.testsupport.TopicProbe.header;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.notification.support.LiveServiceTest;
import io.omnijourney.notification.support.ProvidersTestResource;
import io.omnijourney.notification.support.Requests;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.omnijourney.testsupport.SharedInfra;
import io.omnijourney.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The shared consumer failure policy on both consumers of the service. A record that decodes but fails every time is
 * isolated to its dead-letter topic with its headers while the records after it on its partition are applied; a
 * MongoDB outage pauses the consumer, dead-letters nothing, takes readiness down, and processing resumes by itself; the
 * trace of a request continues on the provider call, on its outcome event and in the ledger; an admin re-publishes
 * dead-lettered records to their topic.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.NOTIFICATION_REQUESTS + ":3," + Topics.NOTIFICATION_REQUESTS_DLQ + ":1," + Topics.TOUCHPOINTS
                + ":3," + Topics.PROFILE_EVENTS + ":3," + Topics.PROFILE_EVENTS_DLQ + ":1"))
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(ProvidersTestResource.class)
class ConsumerFailurePolicyTest extends LiveServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SMS_PATH = "/twilio/2010-04-01/Accounts/AC-test/Messages.json";
    @Test
    void aRequestThatDecodesButAlwaysFailsIsDeadLetteredAndTheRequestsAfterItOnItsPartitionAreDelivered() {
        String id = "policy-" + run();
        template(id, "inbox", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("title", "T",
                "body", "B"))));
        String profileId = "policy-profile-" + run();
        Requests before = request(id).profileId(profileId).channels(Channel.MOBILE);
        // A well-formed request whose id is 400,000 characters long: it is delivered, but its outcome event carries
        // the id three times (messageId, properties, ce_id header) and is larger than the producer's 1 MB limit, so
        // publishing it fails on every attempt (RecordTooLargeException).
        Requests huge = request(id).profileId(profileId).channels(Channel.MOBILE)
                .requestId("huge-" + "x".repeat(400_000));
        Requests after = request(id).profileId(profileId).channels(Channel.MOBILE);
        try (TopicProbe dlq = kafka.probe(Topics.NOTIFICATION_REQUESTS_DLQ);
                TopicProbe touchpoints = kafka.probe(Topics.TOUCHPOINTS)) {
            before.produce(kafka);
            huge.produce(kafka);
            after.produce(kafka);

            ConsumerRecord<String, byte[]> dead = await().atMost(WAIT).until(() -> dlq.records().stream()
                    .filter(r -> profileId.equals(r.key())).findFirst(), Optional::isPresent).get();
            assertThat(header(dead, CloudEventHeaders.ID)).isEqualTo(huge.requestId());
            assertThat(header(dead, "dead-letter-topic")).isEqualTo(Topics.NOTIFICATION_REQUESTS);
            assertThat(header(dead, "dead-letter-partition")).matches("[0-2]");
            assertThat(header(dead, "dead-letter-offset")).matches("\\d+");
            assertThat(header(dead, "dead-letter-exception-class-name")).isNotBlank();
            assertThat(header(dead, "dead-letter-reason")).doesNotStartWith("poison").isNotBlank();
            assertThat(header(dead, "dead-letter-group")).isEqualTo("notification-service");

            assertThat(outcome(touchpoints, after.requestId()).event()).isEqualTo("Notification Sent");
            assertThat(outcome(touchpoints, before.requestId()).event()).isEqualTo("Notification Sent");
            assertThat(ledger(after.requestId()).getString("state")).isEqualTo("sent");
        }
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertThat(metrics).containsPattern(
                "omnijourney_consumer_dead_lettered_total\\{channel=\"notification-requests\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern(
                "kafka_consumer_fetch_manager_records_lag_max\\{client_id=\"kafka-consumer-notification-requests\"");
    }

    @Test
    void aMongoOutageWhileRequestsArriveDeadLettersNothingAndDeliveryResumesByItself() {
        assumeTrue(SharedInfra.canPauseMongo(), "needs the embedded MongoDB server");
        String id = "outage-" + run();
        template(id, "inbox", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("title", "T",
                "body", "B"))));
        Requests r = request(id).channels(Channel.MOBILE);
        try (TopicProbe dlq = kafka.probe(Topics.NOTIFICATION_REQUESTS_DLQ)) {
            SharedInfra.pauseMongo();
            try {
                r.produce(kafka);
                await().atMost(WAIT).until(() -> consumers().pausedByAnOutage(NotificationRequestConsumer.CHANNEL));
            } finally {
                SharedInfra.resumeMongo();
            }
            await().atMost(WAIT).until(() -> "sent".equals(ledger(r.requestId()).getString("state")));
            await().atMost(WAIT).until(() -> "UP".equals(consumers().status()));
            assertThat(dlq.records()).noneMatch(rec -> r.profileId().equals(rec.key()));
        }
    }

    @Test
    void theTraceOfARequestContinuesOnTheProviderCallTheOutcomeAndTheLedger() {
        String run = run();
        String phone = "+3519" + (30_000_000 + Math.abs(run.hashCode() % 69_999_999));
        String encoded = URLEncoder.encode(phone, StandardCharsets.UTF_8);
        providers.http.stubFor(post(urlPathEqualTo(SMS_PATH)).withRequestBody(containing(encoded))
                .willReturn(aResponse().withStatus(201).withBody("{\"sid\":\"SMtrace" + run + "\"}")));
        String id = "traced-" + run;
        template(id, "sms", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text", "Hello"))));
        String traceId = UUID.randomUUID().toString().replace("-", "");
        Requests traced = request(id).channels(Channel.SMS).identifier("phone", phone);
        traced.produceProfile(kafka);
        NotificationRequest request = traced.build();
        Map<String, String> headers = new HashMap<>(CloudEventHeaders.forNotificationRequest(request));
        headers.put("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
        try (TopicProbe touchpoints = kafka.probe(Topics.TOUCHPOINTS)) {
            kafka.produce(Topics.NOTIFICATION_REQUESTS, request.profileId(), ContractJson.encode(request), headers);

            ConsumerRecord<String, byte[]> outcome = await().atMost(WAIT).until(() -> touchpoints.records().stream()
                    .filter(rec -> TouchpointCodec.decode(rec.value()).messageId()
                            .equals("notification:" + request.requestId() + ":sent")).findFirst(),
                    Optional::isPresent).get();
            assertThat(header(outcome, "traceparent")).startsWith("00-" + traceId + "-");
            assertThat(header(outcome, "ce_traceparent")).isEqualTo(header(outcome, "traceparent"));
        }
        List<LoggedRequest> calls = providers.http.findAll(postRequestedFor(urlPathEqualTo(SMS_PATH))
                .withRequestBody(containing(encoded)));
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getHeaders().getHeader("traceparent").values()).singleElement()
                .asString().startsWith("00-" + traceId + "-");
        assertThat(ledger(request.requestId()).getString("traceId")).isEqualTo(traceId);
    }

    @Test
    void aProfileEventThatDecodesButAlwaysFailsIsDeadLetteredAndTheEventsAfterItOnItsPartitionAreApplied() {
        String id = "copy-" + run();
        template(id, "email", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("subject", "S",
                "text", "Hi {profile.firstName}"))));
        String profileId = "events-" + run();
        Instant t0 = Instant.now();
        try (TopicProbe dlq = kafka.probe(Topics.PROFILE_EVENTS_DLQ)) {
            publishProfile(profileId, "Ana", t0, Map.of("email", new ProfileSnapshot.Consent("subscribed", t0)));
            // Decodes, but its consent time cannot be stored (beyond what a BSON date holds): every attempt fails.
            ProfileEvent poison = publishProfile(profileId, "Eve", t0.plusSeconds(1), Map.of("email",
                    new ProfileSnapshot.Consent("unsubscribed", Instant.parse("+300000000-01-01T00:00:00Z"))));
            publishProfile(profileId, "Bea", t0.plusSeconds(2), Map.of());

            ConsumerRecord<String, byte[]> dead = await().atMost(WAIT).until(() -> dlq.records().stream()
                    .filter(r -> profileId.equals(r.key())).findFirst(), Optional::isPresent).get();
            assertThat(header(dead, CloudEventHeaders.ID)).isEqualTo(poison.eventId());
            assertThat(header(dead, "dead-letter-topic")).isEqualTo(Topics.PROFILE_EVENTS);
            assertThat(header(dead, "dead-letter-partition")).matches("[0-2]");
            assertThat(header(dead, "dead-letter-offset")).matches("\\d+");
            assertThat(header(dead, "dead-letter-exception-class-name")).isNotBlank();
            assertThat(header(dead, "dead-letter-reason")).doesNotStartWith("poison").isNotBlank();
            assertThat(header(dead, "dead-letter-group")).isEqualTo("notification-service-profiles");

            await().atMost(WAIT).until(() -> "Hi Bea".equals(preview(id, profileId).getString("rendered.text")));
        }
        assertThat(given().get("/q/metrics").then().extract().asString()).containsPattern(
                "omnijourney_consumer_dead_lettered_total\\{channel=\"profile-events\"[^}]*} [1-9]");
    }

    @Test
    void aMongoOutageWhileProfileEventsArriveDeadLettersNothingAndTheyAreAppliedAfterwards() {
        assumeTrue(SharedInfra.canPauseMongo(), "needs the embedded MongoDB server");
        String id = "copy-outage-" + run();
        template(id, "email", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("subject", "S",
                "text", "Hi {profile.firstName}"))));
        String profileId = "events-outage-" + run();
        try (TopicProbe dlq = kafka.probe(Topics.PROFILE_EVENTS_DLQ)) {
            SharedInfra.pauseMongo();
            try {
                publishProfile(profileId, "Olga", Instant.now(), Map.of());
                await().atMost(WAIT).until(() -> consumers().pausedByAnOutage(ProfileEventConsumer.CHANNEL));
            } finally {
                SharedInfra.resumeMongo();
            }
            await().atMost(WAIT).until(() -> "Hi Olga".equals(preview(id, profileId).getString("rendered.text")));
            await().atMost(WAIT).until(() -> "UP".equals(consumers().status()));
            assertThat(dlq.records()).noneMatch(rec -> profileId.equals(rec.key()));
        }
    }

    @Test
    void anAdminReplaysDeadLetteredRequestsToTheirTopic() {
        String key = "replayed-" + run();
        try (TopicProbe dlq = kafka.probe(Topics.NOTIFICATION_REQUESTS_DLQ)) {
            kafka.produce(Topics.NOTIFICATION_REQUESTS, key, "{not a request".getBytes(StandardCharsets.UTF_8));
            await().atMost(WAIT).until(() -> dlq.records().stream().anyMatch(r -> key.equals(r.key())));

            given().header("X-API-Key", ANALYST_KEY).post("/admin/dead-letters/notification-requests/replay")
                    .then().statusCode(403);
            given().header("X-API-Key", ADMIN_KEY).post("/admin/dead-letters/no-such-channel/replay")
                    .then().statusCode(404);
            JsonPath replay = given().header("X-API-Key", ADMIN_KEY)
                    .post("/admin/dead-letters/notification-requests/replay").then().statusCode(200).extract()
                    .jsonPath();
            assertThat(replay.getString("deadLetterTopic")).isEqualTo(Topics.NOTIFICATION_REQUESTS_DLQ);
            assertThat(replay.getInt("replayed")).isPositive();

            // Still not a request: back on its topic, consumed again, dead-lettered again, saying where it came from.
            ConsumerRecord<String, byte[]> again = await().atMost(WAIT).until(() -> dlq.records().stream()
                    .filter(r -> key.equals(r.key()) && header(r, "dead-letter-replayed-from") != null).findFirst(),
                    Optional::isPresent).get();
            assertThat(header(again, "dead-letter-replayed-from")).startsWith(Topics.NOTIFICATION_REQUESTS_DLQ + "-0@");
            assertThat(header(again, "dead-letter-reason")).startsWith("poison");
        }
    }

    private static ProfileEvent publishProfile(String profileId, String firstName, Instant at,
            Map<String, ProfileSnapshot.Consent> consent) {
        TouchpointEvent touchpoint = TouchpointEventBuilder.of(EventType.IDENTIFY).messageId("tp-" + UUID.randomUUID())
                .userId("u-" + profileId).channel(Channel.WEB).sourceId("web").timestamp(at).receivedAt(at).build();
        ProfileEvent event = ProfileEvent.touchpoint(profileId, touchpoint, new ProfileSnapshot(
                Map.of("userId", List.of("u-" + profileId)), Map.of("firstName", firstName), consent, Map.of(),
                List.of()));
        kafka.produce(Topics.PROFILE_EVENTS, profileId, ContractJson.encode(event),
                CloudEventHeaders.forProfileEvent(event));
        return event;
    }

    private static TouchpointEvent outcome(TopicProbe touchpoints, String requestId) {
        String messageId = "notification:" + requestId + ":";
        return await().atMost(WAIT).until(() -> touchpoints.records().stream()
                .map(r -> TouchpointCodec.decode(r.value())).filter(e -> e.messageId().startsWith(messageId))
                .findFirst(), Optional::isPresent).get();
    }

    private static JsonPath ledger(String requestId) {
        return given().header("X-API-Key", ANALYST_KEY).get("/notifications/{id}", requestId).then().extract()
                .jsonPath();
    }

    private static JsonPath preview(String templateId, String profileId) {
        return given().header("X-API-Key", MARKETER_KEY).contentType("application/json")
                .body(Map.of("profileId", profileId)).post("/templates/{id}/email/preview", templateId).then()
                .extract().jsonPath();
    }

    /** The consumers' readiness check ({@code /q/health/ready}): its status, and per channel what it is doing. */
    private record Check(String status, Map<?, ?> data) {
        boolean pausedByAnOutage(String channel) {
            return "DOWN".equals(status) && String.valueOf(data.get(channel)).startsWith("paused by an outage");
        }
    }

    private static Check consumers() {
        List<Map<String, Object>> checks = given().get("/q/health/ready").then().extract().jsonPath()
                .getList("checks");
        return checks.stream().filter(c -> "consumers".equals(c.get("name")))
                .map(c -> new Check((String) c.get("status"), c.get("data") instanceof Map<?, ?> d ? d : Map.of()))
                .findFirst().orElse(new Check("MISSING", Map.of()));
    }
}
