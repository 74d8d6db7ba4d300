package io.omnijourney.profile.adapter.kafka;

import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.ADMIN_KEY;
import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.ANALYST_KEY;
import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.call;
import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.lookup;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.profile.ErasureAck;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.profile.ProfileEventKind;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.profile.app.ErasureRequest;
import io.omnijourney.profile.app.ErasureRequests;
import io.omnijourney.testsupport.KafkaTestClient;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.omnijourney.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GDPR erasure end to end in this service, with the real broker: the request is answered 202 with its id (the same id
 * when asked again), {@code profile_erased} carries it, the other services' acknowledgements on {@code erasure-acks}
 * (published here as they would publish them) complete it, and a request recorded just before a crash is completed by
 * the relay.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.TOUCHPOINTS + ":3," + Topics.TOUCHPOINTS_DLQ + ":1," + Topics.PROFILE_EVENTS + ":3,"
                + Topics.ERASURE_ACKS + ":3," + Topics.ERASURE_ACKS + Topics.DLQ_SUFFIX + ":1"))
@QuarkusTestResource(MongoTestResource.class)
class ErasureTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    private static KafkaTestClient kafka;

    @Inject
    ErasureRequests requests;

    @BeforeAll
    static void setUp() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    @Test
    void anErasureIsAnsweredOnceRecordedAndCompletedByEveryServicesAcknowledgement() {
        String profileId = profileWithEmail("gone." + UUID.randomUUID() + "@example.com");

        String erasureId;
        try (TopicProbe profileEvents = kafka.probe(Topics.PROFILE_EVENTS)) {
            given().header("X-API-Key", ANALYST_KEY).delete("/profiles/" + profileId).then().statusCode(403);
            erasureId = given().header("X-API-Key", ADMIN_KEY).delete("/profiles/" + profileId).then()
                    .statusCode(202)
                    .header("Location", org.hamcrest.Matchers.endsWith("/erasures/" + profileErasureId(profileId)))
                    .body("profileId", equalTo(profileId))
                    .body("status", equalTo("pending"))
                    .body("published", notNullValue())
                    .body("services[0].service", equalTo("profile-service"))
                    .body("services[0].status", equalTo("done"))
                    .extract().path("erasureId");
            ProfileEvent erased = ContractJson.decode(profileEvents.awaitRecords(1, WAIT).get(0).value(),
                    ProfileEvent.class);
            assertThat(erased.kind()).isEqualTo(ProfileEventKind.PROFILE_ERASED);
            assertThat(erased.erasure().erasureId()).isEqualTo(erasureId);
        }
        // Asked again once the profile is gone: the same request, not a 404.
        given().header("X-API-Key", ADMIN_KEY).delete("/profiles/" + profileId).then().statusCode(202)
                .body("erasureId", equalTo(erasureId));
        given().header("X-API-Key", ANALYST_KEY).get("/profiles/" + profileId).then().statusCode(404);
        erasure(erasureId, ANALYST_KEY).statusCode(403);
        erasure(erasureId, ADMIN_KEY).statusCode(200)
                .body("services.service", equalTo(List.of("profile-service", "journey-service",
                        "notification-service")))
                .body("services.status", equalTo(List.of("done", "pending", "pending")))
                .body("services[1].completedAt", nullValue());

        Instant journeyDone = Instant.parse("2026-12-04T10:00:01Z");
        try (TopicProbe deadLetters = kafka.probe(Topics.dlq(Topics.ERASURE_ACKS))) {
            acknowledge(ErasureAck.of(erasureId, profileId, "journey-service", journeyDone));
            acknowledge(ErasureAck.of(erasureId, profileId, "journey-service", journeyDone.plusSeconds(60)));
            acknowledge(ErasureAck.of("er-" + UUID.randomUUID(), profileId, "journey-service", journeyDone));
            acknowledge(ErasureAck.of(erasureId, profileId, "notification-service", journeyDone.plusSeconds(2)));

            await().atMost(WAIT).untilAsserted(() -> erasure(erasureId, ADMIN_KEY).body("status", equalTo("done")));
            erasure(erasureId, ADMIN_KEY)
                    .body("services[1].completedAt", equalTo(journeyDone.toString()))
                    .body("services[2].completedAt", equalTo(journeyDone.plusSeconds(2).toString()));
            ConsumerRecord<String, byte[]> poison = deadLetters.awaitRecords(1, WAIT).get(0);
            assertThat(TopicProbe.header(poison, "dead-letter-reason")).contains("unknown erasure");
        }
        erasure("er-none", ADMIN_KEY).statusCode(404).body("error", equalTo("erasure 'er-none' not found"));
        given().header("X-API-Key", ADMIN_KEY).delete("/profiles/never-" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void anErasureRecordedJustBeforeACrashIsPurgedAndPublishedByTheRelay() {
        String profileId = profileWithEmail("crash." + UUID.randomUUID() + "@example.com");
        try (TopicProbe profileEvents = kafka.probe(Topics.PROFILE_EVENTS)) {
            // What the crashed request got as far as: the request and its outbox entry, recorded.
            ErasureRequest recorded = requests.recordIfAbsent(ErasureRequest.of(profileId, List.of(profileId),
                    Instant.now()));
            requests.addSubjects(recorded.erasureId(), List.of(profileId));

            await().atMost(WAIT).untilAsserted(() -> erasure(recorded.erasureId(), ADMIN_KEY)
                    .body("published", notNullValue()).body("services[0].status", equalTo("done")));
            given().header("X-API-Key", ANALYST_KEY).get("/profiles/" + profileId).then().statusCode(404);
            ProfileEvent erased = ContractJson.decode(profileEvents.awaitRecords(1, WAIT).get(0).value(),
                    ProfileEvent.class);
            assertThat(erased.profileId()).isEqualTo(profileId);
            assertThat(erased.erasure().erasureId()).isEqualTo(recorded.erasureId());
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(given().get("/q/metrics").then().extract().asString())
                .contains("omnijourney_profile_erasures_open 0.0"));
    }

    private static String profileErasureId(String profileId) {
        return ErasureRequest.idFor(profileId);
    }

    private static String profileWithEmail(String email) {
        String key = "email:" + email;
        ServiceFixtures.produce(kafka, call(EventType.IDENTIFY).userId("u-" + UUID.randomUUID())
                .traits(Map.of("email", email)).channel(Channel.WEB).timestamp(T0), key);
        return await().atMost(WAIT).until(() -> lookup(key), r -> r.extract().statusCode() == 200)
                .extract().path("id");
    }

    private static void acknowledge(ErasureAck ack) {
        kafka.produce(Topics.ERASURE_ACKS, ack.erasureId(), ContractJson.encode(ack));
    }

    private static ValidatableResponse erasure(String erasureId, String key) {
        return given().header("X-API-Key", key).get("/erasures/" + erasureId).then();
    }
}
