package io.omnijourney.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON for the contract's other payloads ({@code profile-events}, {@code notification-requests}), with the same
 * mapper settings as touchpoints. A malformed payload is an {@link IllegalArgumentException}: a poison record.
 */
public final class ContractJson {

    private static final ObjectMapper MAPPER = TouchpointCodec.mapper();

    private ContractJson() {
    }

    public static byte[] encode(Object payload) {
        try {
            return MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be encoded: " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T decode(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
