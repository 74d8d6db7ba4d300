package io.omnijourney.profile.adapter.kafka;

import static io.restassured.RestAssured.given;

import io.omnijourney.contract.Topics;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.testsupport.KafkaTestClient;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** What the service's tests do over Kafka and REST: produce touchpoints as ingest would, read profiles back. */
final class ServiceFixtures {

    static final String ANALYST_KEY = "test-analyst-key";
    static final String MARKETER_KEY = "test-marketer-key";
    static final String ADMIN_KEY = "test-admin-key";

    private ServiceFixtures() {
    }

    /** Produces the touchpoint as ingest would (a fresh messageId unless one is set); returns its messageId. */
    static String produce(KafkaTestClient kafka, TouchpointEventBuilder builder, String key) {
        TouchpointEvent event = builder.sourceId("src-test").receivedAt(Instant.now()).build();
        kafka.produce(Topics.TOUCHPOINTS, key, TouchpointCodec.encode(event), CloudEventHeaders.forTouchpoint(event));
        return event.messageId();
    }

    static TouchpointEventBuilder track(String event) {
        return TouchpointEventBuilder.of(EventType.TRACK).messageId(UUID.randomUUID().toString()).event(event);
    }

    static TouchpointEventBuilder call(EventType type) {
        return TouchpointEventBuilder.of(type).messageId(UUID.randomUUID().toString());
    }

    static ValidatableResponse lookup(String identifier) {
        return given().header("X-API-Key", ANALYST_KEY).queryParam("identifier", identifier)
                .get("/profiles/lookup").then();
    }

    static ValidatableResponse timeline(String profileId, Map<String, ?> query) {
        return given().header("X-API-Key", ANALYST_KEY).queryParams(query).get("/profiles/" + profileId + "/timeline")
                .then();
    }
}
