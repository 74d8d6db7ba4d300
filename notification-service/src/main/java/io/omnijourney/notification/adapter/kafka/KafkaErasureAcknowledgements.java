package io.omnijourney.notification.adapter.kafka;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.profile.ErasureAck;
import io.omnijourney.kit.messaging.OutRecord;
import io.omnijourney.kit.messaging.RecordPublisher;
import io.omnijourney.notification.app.ErasureAcknowledgements;
import java.util.List;
import java.util.Map;

/** Publishes acknowledgements on the outgoing channel {@code erasure-acks}, keyed by erasureId. */
public final class KafkaErasureAcknowledgements implements ErasureAcknowledgements {

    static final String CHANNEL = "erasure-acks";

    private final RecordPublisher publisher;

    public KafkaErasureAcknowledgements(RecordPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void acknowledge(List<ErasureAck> acks) {
        if (acks.isEmpty()) {
            return;
        }
        publisher.publishAll(acks.stream()
                .map(ack -> OutRecord.of(CHANNEL, ack.erasureId(), ContractJson.encode(ack), Map.of()))
                .toList());
    }
}
