package io.omnijourney.notification.adapter.kafka;

import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.kit.messaging.OutRecord;
import io.omnijourney.kit.messaging.RecordPublisher;
import io.omnijourney.notification.app.TouchpointPublisher;
import java.util.List;

/**
 * Publishes on the {@code touchpoints} channel as CloudEvents in binary mode, keyed by the event's identity key, in
 * the caller's trace (an outcome: the trace of its request; a click: the trace of the HTTP request).
 */
public final class KafkaTouchpointPublisher implements TouchpointPublisher {

    static final String CHANNEL = "touchpoints";

    private final RecordPublisher publisher;

    public KafkaTouchpointPublisher(RecordPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void publish(TouchpointEvent event) {
        try {
            publisher.publishAll(List.of(record(event)));
        } catch (RecordPublisher.PublishException e) {
            throw new Unavailable(e.getMessage(), e);
        }
    }

    @Override
    public void offer(TouchpointEvent event) {
        try {
            publisher.send(record(event));
        } catch (RecordPublisher.PublishException e) {
            throw new Unavailable(e.getMessage(), e);
        }
    }

    /** The record of a touchpoint, in the caller's trace. */
    static OutRecord record(TouchpointEvent event) {
        return OutRecord.of(CHANNEL, event.identityKey(), TouchpointCodec.encode(event),
                CloudEventHeaders.forTouchpoint(event));
    }
}
