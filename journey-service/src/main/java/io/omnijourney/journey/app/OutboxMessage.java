package io.omnijourney.journey.app;

import java.util.HashMap;
import java.util.Map;

/**
 * A record to publish, stored with the instance state that produced it (same document, same write) and removed once
 * the broker acknowledged it. {@code id} is deterministic (a request id or a touchpoint messageId), so a re-publish
 * after a crash is recognised downstream as the same message. A message caused by a profile event keeps that event's
 * W3C trace context in its {@link #TRACEPARENT} header, so that whoever publishes it (the poll, a redelivery, the
 * relay) continues the event's trace.
 */
public record OutboxMessage(String id, String topic, String key, String payload, Map<String, String> headers) {

    /** The header holding the trace context of the event that caused the message. */
    public static final String TRACEPARENT = "traceparent";

    public OutboxMessage {
        headers = Map.copyOf(headers);
    }

    /** The same message in the trace {@code traceparent} names; itself when that is null. */
    public OutboxMessage tracedBy(String traceparent) {
        if (traceparent == null) {
            return this;
        }
        Map<String, String> traced = new HashMap<>(headers);
        traced.put(TRACEPARENT, traceparent);
        return new OutboxMessage(id, topic, key, payload, traced);
    }
}
