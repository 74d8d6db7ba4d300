package io.omnijourney.profile.adapter.kafka;

import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.kit.messaging.BatchConsumption;
import io.omnijourney.kit.messaging.InRecord;
import io.omnijourney.kit.messaging.OutRecord;
import io.omnijourney.kit.messaging.RecordPublisher;
import io.omnijourney.kit.messaging.Unit;
import io.omnijourney.profile.app.Publication;
import io.omnijourney.profile.app.TouchpointIntake;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The {@code touchpoints} channel: a poll is decoded and handed to the {@link TouchpointIntake} as one unit; what it
 * decides to publish goes on {@code profile-events} in the trace of the touchpoint that caused it. A record that is
 * not a touchpoint, or names no one, is rejected to {@code touchpoints.dlq}; failures follow the shared policy of
 * {@link BatchConsumption}.
 */
@ApplicationScoped
public class TouchpointConsumer {

    public static final String CHANNEL = "touchpoints";

    private final BatchConsumption consumption;
    private final TouchpointIntake intake;
    private final RecordPublisher publisher;

    public TouchpointConsumer(BatchConsumption consumption, TouchpointIntake intake, RecordPublisher publisher) {
        this.consumption = consumption;
        this.intake = intake;
        this.publisher = publisher;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return consumption.consume(CHANNEL, batch, this::apply);
    }

    private void apply(Unit unit) {
        List<Unit.Decoded<TouchpointEvent>> decoded = unit.decode(TouchpointCodec::decode);
        List<TouchpointIntake.Disposition> dispositions = intake.apply(
                decoded.stream().map(Unit.Decoded::value).toList());
        List<OutRecord> out = new ArrayList<>();
        for (int i = 0; i < dispositions.size(); i++) {
            InRecord source = decoded.get(i).record();
            TouchpointIntake.Disposition disposition = dispositions.get(i);
            if (disposition instanceof TouchpointIntake.Applied applied) {
                for (Publication publication : applied.publications()) {
                    out.add(KafkaProfileEventPublisher.record(publication).causedBy(source));
                }
            } else if (disposition instanceof TouchpointIntake.Unattributable unattributable) {
                unit.reject(source, unattributable.reason());
            }
        }
        publisher.publishAll(out);
    }
}
