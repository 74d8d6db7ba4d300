package io.omnijourney.journey.app;

import java.util.Map;

/**
 * A record to publish, stored with the instance state that produced it (same document, same write) and removed once
 * the broker acknowledged it. {@code id} is deterministic (a request id or a touchpoint messageId), so a re-publish
 * after a crash is recognised downstream as the same message.
 */
public record OutboxMessage(String id, String topic, String key, String payload, Map<String, String> headers) {
    public OutboxMessage {
        headers = Map.copyOf(headers);
    }
}
