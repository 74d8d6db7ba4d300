package io.omnijourney.journey.app;

import java.util.List;

/** Messages an instance still has to publish (its whole outbox as last written). */
public record Pending(String instanceId, List<OutboxMessage> messages) {
    public Pending {
        messages = List.copyOf(messages);
    }
}
