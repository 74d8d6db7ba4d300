package io.omnijourney.profile.adapter.kafka;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.profile.app.OutboxEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Publishes on {@code profile-events}, keyed by profileId, as CloudEvents in binary mode. */
@ApplicationScoped
public class ProfileEventPublisher {

    private final KafkaProducers producers;

    public ProfileEventPublisher(KafkaProducers producers) {
        this.producers = producers;
    }

    public Future<RecordMetadata> publish(ProfileEvent event) {
        return producers.send(Topics.PROFILE_EVENTS, event.profileId(), ContractJson.encode(event),
                CloudEventHeaders.forProfileEvent(event));
    }

    /** An event a profile write stored in its outbox: published as stored, so its id never changes. */
    public Future<RecordMetadata> publish(OutboxEntry entry) {
        byte[] json = entry.json().getBytes(StandardCharsets.UTF_8);
        ProfileEvent event = ContractJson.decode(json, ProfileEvent.class);
        return producers.send(Topics.PROFILE_EVENTS, event.profileId(), json, CloudEventHeaders.forProfileEvent(event));
    }
}
