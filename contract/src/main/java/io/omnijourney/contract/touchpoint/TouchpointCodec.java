package io.omnijourney.contract.touchpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON encoding of the contract's payloads. One mapper for producers and consumers: ISO-8601 instants, integers as
 * {@code Long} (what CEL and MongoDB expect), unknown fields tolerated so that adding a field is not a breaking change.
 */
public final class TouchpointCodec {

    private static final ObjectMapper MAPPER = newMapper();

    private TouchpointCodec() {
    }

    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_LONG_FOR_INTS)
                .build();
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(TouchpointEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("touchpoint cannot be encoded: " + e.getOriginalMessage(), e);
        }
    }

    /** Decodes a payload; a malformed one raises {@link IllegalArgumentException} (a poison record). */
    public static TouchpointEvent decode(byte[] json) {
        try {
            return MAPPER.readValue(json, TouchpointEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a touchpoint: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
