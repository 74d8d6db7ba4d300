package io.omnijourney.journey.app;

import io.omnijourney.journey.domain.JourneyInstance;
import java.util.List;

/** An instance as read from the store, with the messages it still has to publish. */
public record StoredInstance(JourneyInstance instance, List<OutboxMessage> outbox) {
    public StoredInstance {
        outbox = List.copyOf(outbox);
    }
}
