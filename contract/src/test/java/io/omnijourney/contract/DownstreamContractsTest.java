package io.omnijourney.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.notification.MessageCategory;
import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.contract.profile.ErasureAck;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** profile-events and notification-requests: round trips, schemas, CloudEvents headers. */
class DownstreamContractsTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(m -> m.mapPrefix("https://omnijourney.io/schemas/", "classpath:schemas/")));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();
    private static final JsonSchema PROFILE_EVENT = SCHEMAS.getSchema(
            SchemaLocation.of("https://omnijourney.io/schemas/profile-event.schema.json"), CONFIG);
    private static final JsonSchema NOTIFICATION_REQUEST = SCHEMAS.getSchema(
            SchemaLocation.of("https://omnijourney.io/schemas/notification-request.schema.json"), CONFIG);

    static Stream<ProfileEvent> everyProfileEventKind() {
        ProfileEvent.SegmentChange segment = new ProfileEvent.SegmentChange("inactive-30d", "Inactive 30 days");
        return Stream.of(
                ProfileEvent.touchpoint("p-1", order(), snapshot()),
                ProfileEvent.merged("p-2", "p-1", "m-identify", T0),
                ProfileEvent.segmentChanged("p-1", segment, true, T0, 3),
                ProfileEvent.segmentChanged("p-1", segment, false, T0, 4),
                ProfileEvent.erased("p-1", T0),
                ProfileEvent.erased("p-1", "er-1", T0));
    }

    @ParameterizedTest
    @MethodSource("everyProfileEventKind")
    void profileEventsRoundTripAndConformToTheirSchema(ProfileEvent event) throws Exception {
        byte[] json = ContractJson.encode(event);

        assertThat(ContractJson.decode(json, ProfileEvent.class)).isEqualTo(event);
        assertThat(messages(PROFILE_EVENT, TouchpointCodecMapper.tree(json))).isEmpty();
    }

    @Test
    void profileEventOfAKindWithoutItsPartIsRejectedByRecordAndSchema() throws Exception {
        assertThatThrownBy(() -> new ProfileEvent("e", io.omnijourney.contract.profile.ProfileEventKind.PROFILE_MERGED,
                "p-1", T0, null, null, null, null, null)).hasMessageContaining("merge");
        ObjectNode json = (ObjectNode) TouchpointCodecMapper.tree(ContractJson.encode(ProfileEvent.erased("p", T0)));
        json.put("kind", "segment_entered");

        assertThat(messages(PROFILE_EVENT, json)).isNotEmpty();
    }

    @Test
    void erasureAcknowledgementsRoundTripAndConformToTheirSchema() throws Exception {
        JsonSchema schema = SCHEMAS.getSchema(
                SchemaLocation.of("https://omnijourney.io/schemas/erasure-ack.schema.json"), CONFIG);
        ErasureAck ack = ErasureAck.of("er-1", "p-1", "journey-service", T0);
        byte[] json = ContractJson.encode(ack);

        assertThat(ContractJson.decode(json, ErasureAck.class)).isEqualTo(ack);
        assertThat(ack.ackId()).isEqualTo("er-1:p-1:journey-service");
        assertThat(messages(schema, TouchpointCodecMapper.tree(json))).isEmpty();
        ObjectNode missing = (ObjectNode) TouchpointCodecMapper.tree(json);
        missing.remove("service");
        assertThat(messages(schema, missing)).isNotEmpty();
    }

    @Test
    void lifecycleEventIdsAreDeterministic() {
        assertThat(ProfileEvent.merged("p-2", "p-1", "m", T0).eventId())
                .isEqualTo(ProfileEvent.merged("p-2", "p-1", "m", T0.plusSeconds(5)).eventId());
        assertThat(ProfileEvent.touchpoint("p-1", order(), snapshot()).eventId()).isEqualTo("m-order");
    }

    @Test
    void notificationRequestRoundTripsAndConformsToItsSchema() throws Exception {
        NotificationRequest request = request(List.of(Channel.PUSH, Channel.SMS, Channel.EMAIL));

        byte[] json = ContractJson.encode(request);

        assertThat(ContractJson.decode(json, NotificationRequest.class)).isEqualTo(request);
        assertThat(messages(NOTIFICATION_REQUEST, TouchpointCodecMapper.tree(json))).isEmpty();
    }

    @Test
    void aWhatsAppRequestFallingBackToSmsConformsToItsSchema() throws Exception {
        NotificationRequest request = request(List.of(Channel.WHATSAPP, Channel.SMS));

        JsonNode json = TouchpointCodecMapper.tree(ContractJson.encode(request));

        assertThat(json.get("channels").toString()).isEqualTo("[\"whatsapp\",\"sms\"]");
        assertThat(messages(NOTIFICATION_REQUEST, json)).isEmpty();
    }

    @Test
    void aNotificationRequestCarriesIdsAndNoProfileData() throws Exception {
        NotificationRequest request = request(List.of(Channel.EMAIL));

        JsonNode json = TouchpointCodecMapper.tree(ContractJson.encode(request));

        assertThat(json.get("profileVersion").asLong()).isEqualTo(7L);
        assertThat(json.get("recipient").has("identifiers")).isFalse();
        assertThat(json.get("recipient").has("traits")).isFalse();
        assertThat(request.carriesProfileData()).isFalse();
    }

    @Test
    void aRequestOfAnOlderVersionWithIdentifiersAndTraitsStillDecodes() throws Exception {
        String old = """
                {"requestId":"req-0","profileId":"p-1","journeyId":"j","journeyVersion":1,"stepId":"s",
                 "channels":["email"],"templateId":"welcome","category":"marketing",
                 "recipient":{"identifiers":{"email":["ana@example.com"]},"traits":{"firstName":"Ana"},
                              "consent":{"email":"subscribed"},"locale":"pt-PT"},
                 "requestedAt":"2026-11-24T10:00:00Z"}""";

        NotificationRequest decoded = ContractJson.decode(old.getBytes(), NotificationRequest.class);

        assertThat(decoded.carriesProfileData()).isTrue();
        assertThat(decoded.profileVersion()).isNull();
        assertThat(decoded.recipient().identifiers()).containsEntry("email", List.of("ana@example.com"));
        assertThat(decoded.recipient().traits()).containsEntry("firstName", "Ana");
        assertThat(messages(NOTIFICATION_REQUEST, TouchpointCodecMapper.tree(old.getBytes()))).isEmpty();
    }

    @Test
    void aProfileSnapshotOfAnOlderVersionDecodesWithoutAVersion() {
        ProfileEvent event = ProfileEvent.touchpoint("p-1", order(), new ProfileSnapshot(Map.of(), Map.of(),
                Map.of(), Map.of(), List.of()));

        ProfileEvent decoded = ContractJson.decode(ContractJson.encode(event), ProfileEvent.class);

        assertThat(decoded.profile().version()).isNull();
        assertThat(ContractJson.decode(ContractJson.encode(ProfileEvent.touchpoint("p-1", order(), snapshot())),
                ProfileEvent.class).profile().version()).isEqualTo(7L);
    }

    @Test
    void notificationRequestNeedsAChannel() {
        assertThatThrownBy(() -> request(List.of())).hasMessageContaining("channels");
    }

    @Test
    void cloudEventHeadersOfTheDownstreamTopics() {
        Map<String, String> profile = CloudEventHeaders.forProfileEvent(ProfileEvent.erased("p-9", T0));
        Map<String, String> notification = CloudEventHeaders.forNotificationRequest(request(List.of(Channel.EMAIL)));

        assertThat(CloudEventHeaders.parse(profile).type()).isEqualTo("io.omnijourney.profile.profile_erased");
        assertThat(profile).containsEntry("ce_subject", "p-9").containsEntry("ce_id", "erased:p-9");
        assertThat(CloudEventHeaders.parse(notification).id()).isEqualTo("req-1");
        assertThat(notification).containsEntry("ce_source", "/journey-service").containsEntry("ce_subject", "p-1");
    }

    @Test
    void malformedPayloadsArePoisonNotCrashes() {
        assertThatThrownBy(() -> ContractJson.decode("{\"kind\":\"touchpoint\"}".getBytes(), ProfileEvent.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContractJson.decode("[".getBytes(), NotificationRequest.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static NotificationRequest request(List<Channel> channels) {
        return new NotificationRequest("req-1", "p-1", 7L, "wishlist-offers", 2, "send-offers", channels,
                "offers-email", MessageCategory.MARKETING, Map.of("discount", 10L),
                new NotificationRequest.Trigger("m-1", "Product Added to Wishlist", Map.of("name", "Trail Shoe")),
                NotificationRequest.Recipient.of(Map.of("email", "subscribed"), "pt-PT", "Europe/Lisbon"), T0);
    }

    private static TouchpointEvent order() {
        return TouchpointEventBuilder.of(EventType.TRACK).messageId("m-order").event("Order Completed").userId("u-1")
                .properties(Map.of("revenue", 42.5)).channel(Channel.STORE).sourceId("src-store").timestamp(T0)
                .receivedAt(T0).build();
    }

    private static ProfileSnapshot snapshot() {
        return new ProfileSnapshot(Map.of("userId", List.of("u-1"), "email", List.of("ana@example.com")),
                Map.of("firstName", "Ana", "timezone", "Europe/Lisbon"),
                Map.of("email", new ProfileSnapshot.Consent("subscribed", T0)),
                Map.of("orderCount", 1L), List.of("vip"), 7L);
    }

    private static List<String> messages(JsonSchema schema, JsonNode json) {
        return schema.validate(json).stream().map(ValidationMessage::getMessage).toList();
    }

    /** Reads JSON with the contract's own mapper settings. */
    private static final class TouchpointCodecMapper {
        static JsonNode tree(byte[] json) throws java.io.IOException {
            return io.omnijourney.contract.touchpoint.TouchpointCodec.mapper().readTree(json);
        }
    }
}
