package io.omnijourney.ingest.adapter.kafka;

import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.ingest.app.PublishFailedException;
import io.omnijourney.ingest.app.TouchpointPublisher;
import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.kit.messaging.OutRecord;
import io.omnijourney.kit.messaging.RecordPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes touchpoints on the {@code touchpoints} channel as CloudEvents (binary mode), keyed by identity, in the
 * trace of the HTTP request, and waits for the broker's acknowledgement of every one ({@code acks=all}, idempotent
 * producer). The producer's own timeouts are kept below the publish timeout in the channel's configuration, so that a
 * broker outage surfaces as a failed send (503), never as a request hanging past its answer.
 */
@ApplicationScoped
public class KafkaTouchpointPublisher implements TouchpointPublisher {

    static final String CHANNEL = "touchpoints";

    private final RecordPublisher publisher;
    private final Duration publishTimeout;

    public KafkaTouchpointPublisher(RecordPublisher publisher, IngestConfig config) {
        this.publisher = publisher;
        this.publishTimeout = config.kafka().publishTimeout();
    }

    @Override
    public void publish(List<TouchpointEvent> events) {
        List<OutRecord> records = new ArrayList<>(events.size());
        for (TouchpointEvent event : events) {
            records.add(OutRecord.of(CHANNEL, event.identityKey(), TouchpointCodec.encode(event),
                    CloudEventHeaders.forTouchpoint(event)));
        }
        try {
            publisher.publishAll(records, publishTimeout);
        } catch (RecordPublisher.PublishException e) {
            throw new PublishFailedException(e.getMessage(), e.getCause());
        }
    }
}
