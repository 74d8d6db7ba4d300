package io.omnijourney.notification.adapter.kafka;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.notification.app.ErasureService;
import io.omnijourney.notification.app.ProfileStates;
import io.omnijourney.notification.config.NotificationConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Consumes {@code profile-events}: {@code profile_erased} purges what this service holds of the profile and
 * remembers the id; {@code touchpoint} events carry the profile after the event, from which the latest consent per
 * channel and a copy of identifiers and traits (for template previews) are kept. Other kinds are not needed here.
 */
@jakarta.inject.Singleton
public class ProfileEventConsumer extends RecordLoop {

    private final ProfileStates profiles;
    /** The poll at hand's profile changes (this consumer handles its records on its own thread, in order). */
    private ProfileStates.Batch batch;
    private final ErasureService erasure;
    private final boolean enabled;

    public ProfileEventConsumer(ProfileStates profiles, ErasureService erasure, KafkaProducers producers,
            NotificationConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        super(Topics.PROFILE_EVENTS, producers, bootstrapServers,
                config.profileEvents().groupId().orElse("notification-service-profiles"),
                config.profileEvents().maxPollRecords(), config.profileEvents().retryBackoff());
        this.profiles = profiles;
        this.erasure = erasure;
        this.enabled = config.profileEvents().enabled();
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            startThread("profile-event-consumer");
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopThread();
    }

    @Override
    void startPoll(ConsumerRecords<String, byte[]> records) {
        // Profile events are keyed by profile id: the poll's profiles are read in bulk, their changes written so.
        Set<String> ids = new LinkedHashSet<>();
        records.forEach(r -> {
            if (r.key() != null) {
                ids.add(r.key());
            }
        });
        batch = profiles.batch(ids);
    }

    @Override
    void endPoll() {
        ProfileStates.Batch current = batch;
        batch = null;
        current.flush();
    }

    @Override
    List<Future<RecordMetadata>> process(ConsumerRecord<String, byte[]> record) {
        ProfileEvent event;
        try {
            event = ContractJson.decode(record.value() == null ? new byte[0] : record.value(), ProfileEvent.class);
        } catch (IllegalArgumentException e) {
            return List.of(deadLetter(record, "poison: " + e.getMessage()));
        }
        switch (event.kind()) {
            case PROFILE_ERASED -> {
                erasure.erase(event.profileId(), event.occurredAt());
                batch.erased(event.profileId());
            }
            case TOUCHPOINT -> batch.apply(event.profileId(), event.profile(), event.occurredAt());
            default -> {
            }
        }
        return List.of();
    }
}
