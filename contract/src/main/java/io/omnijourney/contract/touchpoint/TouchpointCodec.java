package io.omnijourney.contract.touchpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * JSON encoding of the contract's payloads. One mapper for producers and consumers: ISO-8601 instants, integers as
 * {@code Long} (what CEL and MongoDB expect), unknown fields tolerated so that adding a field is not a breaking change.
 */
public final class TouchpointCodec {

    private static final ObjectMapper MAPPER = newMapper();

    private TouchpointCodec() {
    }

    public static ObjectMapper newMapper() {
        // Doubles written and read with Jackson's fast algorithms (Schubfach, FastDoubleParser): the same values, at a
        // fraction of the JDK's cost, which showed in the profile of ingest (prices, quantities in every event).
        return JsonMapper.builder(JsonFactory.builder()
                        .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                        .build())
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("fast-instants").addDeserializer(Instant.class, new InstantReader()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_LONG_FOR_INTS)
                .build();
    }

    /**
     * Reads instants in {@link Instant#toString()}'s form by hand ({@link IsoInstants}); any other form, and any other
     * token, goes to jackson-datatype-jsr310's reader, so what is accepted and refused is exactly what it decides. Four
     * instants per touchpoint are read by every consumer.
     */
    private static final class InstantReader extends StdScalarDeserializer<Instant> {

        InstantReader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                Instant common = IsoInstants.parseCommon(p.getText());
                if (common != null) {
                    return common;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Encodes with a streaming generator rather than bean serialization: this runs once per ingested event, and
     * reflective record access and the java.time serializers cost more than the rest of the encoding together. The
     * output is what {@link #decode} and the JSON Schema expect (fields in declaration order, nulls omitted).
     */
    public static byte[] encode(TouchpointEvent event) {
        ByteArrayBuilder buffer = new ByteArrayBuilder(768);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(buffer)) {
            g.writeStartObject();
            g.writeStringField("messageId", event.messageId());
            g.writeStringField("type", event.type().wireName());
            text(g, "event", event.event());
            text(g, "name", event.name());
            text(g, "category", event.category());
            text(g, "userId", event.userId());
            text(g, "anonymousId", event.anonymousId());
            text(g, "previousId", event.previousId());
            text(g, "groupId", event.groupId());
            map(g, "properties", event.properties());
            map(g, "traits", event.traits());
            map(g, "context", event.context());
            map(g, "integrations", event.integrations());
            g.writeStringField("channel", event.channel().wireName());
            g.writeStringField("sourceId", event.sourceId());
            instant(g, "timestamp", event.timestamp());
            instant(g, "originalTimestamp", event.originalTimestamp());
            instant(g, "sentAt", event.sentAt());
            instant(g, "receivedAt", event.receivedAt());
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalArgumentException("touchpoint cannot be encoded: " + e.getMessage(), e);
        }
        return buffer.toByteArray();
    }

    private static void text(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    private static void instant(JsonGenerator g, String field, Instant value) throws IOException {
        if (value != null) {
            g.writeStringField(field, LAST_FORMATTED.get().format(value));
        }
    }

    /**
     * The events of one request share their receivedAt and sentAt, and are encoded one after the other on one thread:
     * remembering the last few formatted instants saves most of the formatting.
     */
    private static final ThreadLocal<RecentInstants> LAST_FORMATTED = ThreadLocal.withInitial(RecentInstants::new);

    private static final class RecentInstants {
        private final Instant[] instants = new Instant[4];
        private final String[] texts = new String[4];
        private int next;

        String format(Instant instant) {
            for (int i = 0; i < instants.length; i++) {
                if (instant.equals(instants[i])) {
                    return texts[i];
                }
            }
            String text = IsoInstants.format(instant);
            instants[next] = instant;
            texts[next] = text;
            next = (next + 1) % instants.length;
            return text;
        }
    }

    private static void map(JsonGenerator g, String field, Map<String, Object> value) throws IOException {
        if (value != null) {
            g.writeFieldName(field);
            writeValue(g, value);
        }
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Map<?, ?> m) {
            g.writeStartObject();
            // forEach, not entrySet: the event's maps are unmodifiable views, whose entry iteration wraps every entry
            try {
                m.forEach((k, v) -> {
                    try {
                        g.writeFieldName(String.valueOf(k));
                        writeValue(g, v);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Integer i) {
            g.writeNumber(i);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            MAPPER.writeValue(g, value);
        }
    }

    /**
     * Decodes a payload; a malformed one, or one whose times lie outside {@link TouchpointTimes}' bounds, raises
     * {@link IllegalArgumentException} (a poison record).
     */
    public static TouchpointEvent decode(byte[] json) {
        TouchpointEvent event;
        try {
            event = MAPPER.readValue(json, TouchpointEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a touchpoint: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TouchpointTimes.problem(event).ifPresent(problem -> {
            throw new IllegalArgumentException("touchpoint " + event.messageId() + " refused: " + problem);
        });
        return event;
    }
}
