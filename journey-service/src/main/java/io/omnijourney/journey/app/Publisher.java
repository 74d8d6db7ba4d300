package io.omnijourney.journey.app;

import java.util.List;

/** Publishes outbox messages and returns once the broker acknowledged every one (or throws). */
public interface Publisher {
    void publish(List<OutboxMessage> messages);
}
