package io.omnijourney.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.omnijourney.contract.cloudevents.CloudEventAttributes;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TouchpointContractTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:15:30.123Z");
    private static final JsonSchema SCHEMA = loadSchema();

    static Stream<TouchpointEvent> everyCallType() {
        return Stream.of(
                base(EventType.TRACK).event("Order Completed").userId("u-1")
                        .properties(Map.of("order_id", "o-1", "revenue", 42.5, "products",
                                List.of(Map.of("sku", "A", "quantity", 2L))))
                        .build(),
                base(EventType.IDENTIFY).userId("u-1").traits(Map.of("email", "ana@example.com", "firstName", "Ana"))
                        .build(),
                base(EventType.PAGE).anonymousId("anon-1").name("Home").category("Landing")
                        .properties(Map.of("url", "https://shop.example/")).build(),
                base(EventType.SCREEN).anonymousId("anon-1").name("Cart").build(),
                base(EventType.ALIAS).userId("u-1").previousId("anon-1").build(),
                base(EventType.GROUP).userId("u-1").groupId("acme").traits(Map.of("plan", "pro")).build());
    }

    private static TouchpointEventBuilder base(EventType type) {
        return TouchpointEventBuilder.of(type).messageId("m-" + type.wireName()).channel(Channel.WEB)
                .sourceId("src-web").timestamp(T0).originalTimestamp(T0.minusSeconds(5)).sentAt(T0.minusSeconds(3))
                .receivedAt(T0.plusMillis(250))
                .context(Map.of("ip", "203.0.113.7", "locale", "pt-PT", "library",
                        Map.of("name", "analytics.js", "version", "2.11.1")))
                .integrations(Map.of("All", true));
    }

    @ParameterizedTest
    @MethodSource("everyCallType")
    void jsonRoundTripKeepsEveryField(TouchpointEvent event) {
        TouchpointEvent decoded = TouchpointCodec.decode(TouchpointCodec.encode(event));

        assertThat(decoded).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("everyCallType")
    void encodedEventsConformToTheCheckedInSchema(TouchpointEvent event) throws Exception {
        JsonNode json = TouchpointCodec.mapper().readTree(TouchpointCodec.encode(event));

        assertThat(SCHEMA.validate(json)).isEmpty();
    }

    @Test
    void schemaRejectsWhatTheContractForbids() throws Exception {
        TouchpointEvent track = everyCallType().findFirst().orElseThrow();
        ObjectNode json = (ObjectNode) TouchpointCodec.mapper().readTree(TouchpointCodec.encode(track));

        ObjectNode withoutEvent = json.deepCopy();
        withoutEvent.remove("event");
        ObjectNode dollarKey = json.deepCopy();
        ((ObjectNode) dollarKey.get("properties")).put("$where", "1");
        ObjectNode unknownChannel = json.deepCopy();
        unknownChannel.put("channel", "carrier-pigeon");

        assertThat(messages(withoutEvent)).anyMatch(m -> m.contains("event"));
        assertThat(messages(dollarKey)).isNotEmpty();
        assertThat(messages(unknownChannel)).anyMatch(m -> m.contains("channel"));
    }

    @Test
    void doublesRoundTripExactlyAndReadAsTheJdkWritesThem() {
        double[] values = {0.1, 19.99, 1e-7, 123456.789, 2.2250738585072014E-308, Double.MIN_VALUE, Double.MAX_VALUE,
                -0.0, 1e21, 4.35, 0.30000000000000004};
        Map<String, Object> properties = new java.util.LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            properties.put("v" + i, values[i]);
        }
        TouchpointEvent event = base(EventType.TRACK).event("Priced").userId("u").properties(properties).build();

        Map<String, Object> decoded = TouchpointCodec.decode(TouchpointCodec.encode(event)).properties();

        for (int i = 0; i < values.length; i++) {
            assertThat((Double) decoded.get("v" + i)).as("v%d", i).isEqualTo(values[i]);
            assertThat(Double.parseDouble(String.valueOf(decoded.get("v" + i)))).isEqualTo(values[i]);
        }
    }

    @Test
    void channelsTravelInSnakeCase() {
        TouchpointEvent event = base(EventType.TRACK).event("Call Completed").userId("u")
                .channel(Channel.CALL_CENTER).build();

        String json = new String(TouchpointCodec.encode(event));

        assertThat(json).contains("\"channel\":\"call_center\"").contains("\"type\":\"track\"");
        assertThat(Channel.parse("store")).contains(Channel.STORE);
        assertThat(Channel.parse("STORE")).isEmpty();
    }

    @Test
    void aWhatsAppMessageTravelsOnItsOwnChannelAndConformsToTheSchema() throws Exception {
        TouchpointEvent received = base(EventType.TRACK).event(EventNames.WHATSAPP_RECEIVED).userId("u")
                .channel(Channel.WHATSAPP).properties(Map.of("body", "YES")).build();

        byte[] json = TouchpointCodec.encode(received);

        assertThat(new String(json)).contains("\"channel\":\"whatsapp\"").contains("\"event\":\"WhatsApp Received\"");
        assertThat(TouchpointCodec.decode(json)).isEqualTo(received);
        assertThat(SCHEMA.validate(TouchpointCodec.mapper().readTree(json))).isEmpty();
        assertThat(Channel.parse("whatsapp")).contains(Channel.WHATSAPP);
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void theSchemaAcceptsEveryChannelOfTheContract(Channel channel) throws Exception {
        TouchpointEvent event = base(EventType.TRACK).event("Anything").userId("u").channel(channel).build();

        assertThat(SCHEMA.validate(TouchpointCodec.mapper().readTree(TouchpointCodec.encode(event)))).isEmpty();
    }

    @Test
    void malformedPayloadIsRejectedAsIllegalArgument() {
        assertThatThrownBy(() -> TouchpointCodec.decode("{\"type\":\"track\"".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TouchpointCodec.decode("{\"type\":\"track\",\"messageId\":\"m\"}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TouchpointCodec.decode("{\"type\":\"teleport\"}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cloudEventHeadersRoundTrip() {
        TouchpointEvent track = everyCallType().findFirst().orElseThrow();

        Map<String, String> headers = CloudEventHeaders.forTouchpoint(track);
        CloudEventAttributes attributes = CloudEventHeaders.parse(headers);

        assertThat(headers).containsEntry("ce_specversion", "1.0").containsEntry("content-type", "application/json");
        assertThat(attributes).isEqualTo(new CloudEventAttributes("m-track", "/sources/src-web",
                "io.omnijourney.touchpoint.track", "Order Completed", T0));
    }

    @Test
    void cloudEventHeadersWithoutRequiredAttributesAreRejected() {
        assertThatThrownBy(() -> CloudEventHeaders.parse(Map.of("ce_specversion", "1.0", "ce_id", "x")))
                .hasMessageContaining("ce_source");
        assertThatThrownBy(() -> CloudEventHeaders.parse(Map.of("ce_specversion", "0.3")))
                .hasMessageContaining("unsupported");
    }

    @Test
    void identityKeyPrefersUserIdThenAnonymousIdThenEmailThenPhone() {
        TouchpointEventBuilder b = base(EventType.TRACK).event("X");

        assertThat(b.userId("u").anonymousId("a").build().identityKey()).isEqualTo("u");
        assertThat(b.userId(null).build().identityKey()).isEqualTo("a");
        assertThat(b.anonymousId(null).context(Map.of("traits", Map.of("email", " Ana@Example.COM ")))
                .build().identityKey()).isEqualTo("email:ana@example.com");
        assertThat(b.context(Map.of("traits", Map.of("phone", "+351912345678"))).build().identityKey())
                .isEqualTo("phone:+351912345678");
    }

    @Test
    void topicNamesAndDeadLetterTopics() {
        assertThat(Set.of(Topics.TOUCHPOINTS, Topics.PROFILE_EVENTS, Topics.NOTIFICATION_REQUESTS))
                .containsExactlyInAnyOrder("touchpoints", "profile-events", "notification-requests");
        assertThat(Topics.TOUCHPOINTS_DLQ).isEqualTo("touchpoints.dlq");
    }

    private static List<String> messages(JsonNode json) {
        return SCHEMA.validate(json).stream().map(ValidationMessage::getMessage).toList();
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = TouchpointContractTest.class.getResourceAsStream("/schemas/touchpoint.schema.json")) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
