package io.omnijourney.journey.it;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.omnijourney.testsupport.KafkaTestClient;
import io.omnijourney.testsupport.TopicProbe;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Test data builders and helpers shared by the end-to-end tests. */
final class Scenario {

    static final String MARKETER = "test-marketer-key";
    static final String ANALYST = "test-analyst-key";

    private Scenario() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The version profile-service would have stamped on the snapshots these scenarios send. */
    static final long PROFILE_VERSION = 4L;

    static ProfileSnapshot profile(String email, String phone, Map<String, Object> traits) {
        Map<String, List<String>> ids = new java.util.LinkedHashMap<>();
        ids.put("userId", List.of("user-" + email.hashCode()));
        ids.put("email", List.of(email));
        if (phone != null) {
            ids.put("phone", List.of(phone));
        }
        return new ProfileSnapshot(ids, traits, Map.of("email", new ProfileSnapshot.Consent("subscribed", null)),
                Map.of("orderCount", 1L), List.of(), PROFILE_VERSION);
    }

    static TouchpointEvent track(String messageId, String event, Map<String, Object> properties, Instant at) {
        return TouchpointEventBuilder.of(EventType.TRACK).messageId(messageId).event(event).userId("u")
                .properties(properties).channel(Channel.WEB).sourceId("web").timestamp(at).receivedAt(at).build();
    }

    static void send(KafkaTestClient kafka, ProfileEvent event) {
        kafka.produce(Topics.PROFILE_EVENTS, event.profileId(), ContractJson.encode(event),
                CloudEventHeaders.forProfileEvent(event));
    }

    static void sendTrack(KafkaTestClient kafka, String profileId, ProfileSnapshot profile, String messageId,
            String event, Map<String, Object> properties, Instant at) {
        send(kafka, ProfileEvent.touchpoint(profileId, track(messageId, event, properties, at), profile));
    }

    static List<NotificationRequest> requestsFor(TopicProbe probe, String profileId) {
        return probe.records().stream().filter(r -> profileId.equals(r.key()))
                .map(Scenario::decode).toList();
    }

    static NotificationRequest decode(ConsumerRecord<String, byte[]> record) {
        return ContractJson.decode(record.value(), NotificationRequest.class);
    }

    /** Creates and publishes a journey; returns its id. */
    static String publish(ObjectNode definition) {
        String id = given().header("X-API-Key", MARKETER).contentType("application/json").body(definition.toString())
                .post("/journeys").then().statusCode(201).extract().path("id");
        given().header("X-API-Key", MARKETER).post("/journeys/" + id + "/publish").then().statusCode(200);
        return id;
    }

    static void archive(String id) {
        given().header("X-API-Key", MARKETER).post("/journeys/" + id + "/archive").then().statusCode(200);
    }

    /** A journey that waits an hour after its trigger, with the given entry rules. */
    static ObjectNode journeyJson(String reentry, String cooldown, String event) {
        return io.omnijourney.journey.domain.Definitions.json("{'name':'" + event + "','trigger':{'events':['" + event
                + "']},'entry':{'reentry':'" + reentry + "','cooldown':'" + cooldown + "'},'steps':[{'id':'w',"
                + "'type':'wait','duration':'PT1H'}]}");
    }
}
