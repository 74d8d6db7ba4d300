package io.omnijourney.notification.adapter.kafka;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.kit.messaging.BatchConsumption;
import io.omnijourney.kit.messaging.Unit;
import io.omnijourney.notification.app.ProfileEventIntake;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The {@code profile-events} channel: a poll is decoded and handed to the {@link ProfileEventIntake} as one unit. A
 * record that is not a profile event is rejected to {@code profile-events.dlq} ({@code poison: ...}); failures follow
 * the shared policy of {@link BatchConsumption}.
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
        intake.apply(unit.decode(value -> ContractJson.decode(value, ProfileEvent.class)).stream()
                .map(Unit.Decoded::value).toList());
    }
}
