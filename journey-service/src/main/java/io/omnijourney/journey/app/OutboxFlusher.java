package io.omnijourney.journey.app;

import java.util.ArrayList;
import java.util.List;

/**
 * Publishes pending outbox messages, waits for the broker, then removes them from their instances. A crash between
 * publish and removal re-publishes the same ids later; the delivery ledger downstream sends once per request id.
 */
public class OutboxFlusher {

    private final Publisher publisher;
    private final InstanceStore instances;

    public OutboxFlusher(Publisher publisher, InstanceStore instances) {
        this.publisher = publisher;
        this.instances = instances;
    }

    public void flush(List<Pending> pending) {
        List<OutboxMessage> all = new ArrayList<>();
        pending.forEach(p -> all.addAll(p.messages()));
        if (all.isEmpty()) {
            return;
        }
        publisher.publish(all);
        instances.markPublishedAll(pending.stream().filter(p -> !p.messages().isEmpty()).toList());
    }
}
