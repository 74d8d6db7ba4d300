package io.omnijourney.journey.app;

import java.util.List;

/**
 * Messages an instance still has to publish: its whole outbox as written at {@code revision} (so that, if nothing
 * was written since, marking them published is one write that empties the outbox).
 */
public record Pending(String instanceId, long revision, List<OutboxMessage> messages) {
    public Pending {
        messages = List.copyOf(messages);
    }
}
