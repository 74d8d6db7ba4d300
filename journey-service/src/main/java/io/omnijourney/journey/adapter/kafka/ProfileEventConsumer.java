package io.omnijourney.journey.adapter.kafka;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.journey.app.ProfileEventIntake;
import io.omnijourney.journey.app.UnitOfWork;
import io.omnijourney.kit.messaging.BatchConsumption;
import io.omnijourney.kit.messaging.RetryLaterException;
import io.omnijourney.kit.messaging.Tracing;
import io.omnijourney.kit.messaging.Unit;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The {@code profile-events} channel: a poll is decoded and handed to the {@link ProfileEventIntake} as one unit,
 * each event with the trace context of its record. A record that is not a profile event is rejected to
 * {@code profile-events.dlq}; an instance changed under the unit (a timer fired on it) has the unit applied again at
 * once; every other failure follows the shared policy of {@link BatchConsumption}.
 */
@ApplicationScoped
public class ProfileEventConsumer {

    public static final String CHANNEL = "profile-events";

    private final BatchConsumption consumption;
    private final ProfileEventIntake intake;

    public ProfileEventConsumer(BatchConsumption consumption, ProfileEventIntake intake) {
        this.consumption = consumption;
        this.intake = intake;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return consumption.consume(CHANNEL, batch, this::apply);
    }

    private void apply(Unit unit) {
        List<ProfileEventIntake.Received> events = unit.decode(value -> ContractJson.decode(value, ProfileEvent.class))
                .stream().map(d -> new ProfileEventIntake.Received(d.value(), Tracing.traceparent(d.record().trace())))
                .toList();
        try {
            intake.apply(events);
        } catch (UnitOfWork.ConcurrentChangeException e) {
            throw new RetryLaterException("an instance changed under the poll: " + e.getMessage(), e);
        }
    }
}
