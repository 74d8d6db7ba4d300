package io.omnijourney.profile.adapter.kafka;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.kit.messaging.OutRecord;
import io.omnijourney.kit.messaging.RecordPublisher;
import io.omnijourney.profile.app.ProfileEventPublisher;
import io.omnijourney.profile.app.Publication;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Publishes on the {@code profile-events} channel, keyed by profileId, as CloudEvents in binary mode; an event stored
 * in a profile's outbox goes out exactly as stored, so its id never changes.
 */
public final class KafkaProfileEventPublisher implements ProfileEventPublisher {

    static final String CHANNEL = "profile-events";

    private final RecordPublisher publisher;

    public KafkaProfileEventPublisher(RecordPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void publishAll(List<Publication> publications) {
        publisher.publishAll(publications.stream().map(KafkaProfileEventPublisher::record).toList());
    }

    /** The record of one publication, in the caller's trace. */
    static OutRecord record(Publication publication) {
        if (publication instanceof Publication.Decided decided) {
            return OutRecord.of(CHANNEL, decided.event().profileId(), ContractJson.encode(decided.event()),
                    CloudEventHeaders.forProfileEvent(decided.event()));
        }
        byte[] json = ((Publication.Stored) publication).entry().json().getBytes(StandardCharsets.UTF_8);
        ProfileEvent event = ContractJson.decode(json, ProfileEvent.class);
        return OutRecord.of(CHANNEL, event.profileId(), json, CloudEventHeaders.forProfileEvent(event));
    }
}
