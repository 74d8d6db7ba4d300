package io.omnijourney.journey.adapter.kafka;

import io.omnijourney.contract.Topics;
import io.omnijourney.journey.app.OutboxMessage;
import io.omnijourney.journey.app.Publisher;
import io.omnijourney.kit.messaging.OutRecord;
import io.omnijourney.kit.messaging.RecordPublisher;
import io.omnijourney.kit.messaging.Tracing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes outbox messages on the outgoing channels {@code notification-requests} and {@code touchpoints} (trait
 * updates), exactly as stored: key, payload, CloudEvents headers. A message stored with the trace context of the
 * event that caused it continues that trace, whoever publishes it; one without (a timer firing) is published in the
 * caller's trace. Returns once the broker acknowledged every message ({@code acks=all}, idempotent producers).
 */
public final class KafkaOutboxPublisher implements Publisher {

    /** The outgoing channel of each topic the outboxes hold (the channels' configuration names the topics). */
    static final Map<String, String> CHANNELS = Map.of(
            Topics.NOTIFICATION_REQUESTS, "notification-requests",
            Topics.TOUCHPOINTS, "touchpoints");

    private final RecordPublisher publisher;

    public KafkaOutboxPublisher(RecordPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void publish(List<OutboxMessage> messages) {
        List<OutRecord> records = new ArrayList<>(messages.size());
        for (OutboxMessage message : messages) {
            records.add(record(message));
        }
        publisher.publishAll(records);
    }

    /** The record of a message, in the trace it was stored with (if any). */
    static OutRecord record(OutboxMessage message) {
        String channel = CHANNELS.get(message.topic());
        if (channel == null) {
            throw new IllegalStateException("no outgoing channel for topic '" + message.topic() + "'");
        }
        Map<String, String> headers = message.headers();
        String traceparent = headers.get(OutboxMessage.TRACEPARENT);
        if (traceparent != null) {
            headers = new HashMap<>(headers);
            headers.remove(OutboxMessage.TRACEPARENT);
        }
        OutRecord record = OutRecord.of(channel, message.key(), message.payload().getBytes(StandardCharsets.UTF_8),
                headers);
        return traceparent == null ? record : record.inTrace(Tracing.fromTraceparent(traceparent));
    }
}
