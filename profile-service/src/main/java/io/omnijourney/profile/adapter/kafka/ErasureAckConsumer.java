package io.omnijourney.profile.adapter.kafka;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.profile.ErasureAck;
import io.omnijourney.kit.messaging.BatchConsumption;
import io.omnijourney.kit.messaging.Unit;
import io.omnijourney.profile.app.Erasures;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The {@code erasure-acks} channel: each service's acknowledgement that it purged a profile for an erasure request,
 * recorded once per ackId by {@link Erasures#acknowledge}. A record that is not an acknowledgement, or names an
 * erasure, profile or service this service does not know, is rejected to {@code erasure-acks.dlq}; failures follow
 * the shared policy of {@link BatchConsumption}.
 */
@ApplicationScoped
public class ErasureAckConsumer {

    public static final String CHANNEL = "erasure-acks";

    private final BatchConsumption consumption;
    private final Erasures erasures;

    public ErasureAckConsumer(BatchConsumption consumption, Erasures erasures) {
        this.consumption = consumption;
        this.erasures = erasures;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return consumption.consume(CHANNEL, batch, this::apply);
    }

    private void apply(Unit unit) {
        for (Unit.Decoded<ErasureAck> decoded : unit.decode(value -> ContractJson.decode(value, ErasureAck.class))) {
            Erasures.AckResult result = erasures.acknowledge(decoded.value());
            switch (result) {
                case UNKNOWN_ERASURE, UNKNOWN_PROFILE, UNKNOWN_SERVICE ->
                        unit.reject(decoded.record(), "poison: " + result.name().toLowerCase().replace('_', ' '));
                case RECORDED, DUPLICATE -> {
                }
            }
        }
    }
}
