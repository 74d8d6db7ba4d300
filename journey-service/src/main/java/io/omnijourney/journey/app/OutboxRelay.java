package io.omnijourney.journey.app;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Publishes what a crash left in outboxes (written, not yet acknowledged): the same messages, with the same ids.
 * Only messages older than a grace period, so it does not race the thread that wrote them.
 */
public class OutboxRelay {

    private final InstanceStore instances;
    private final OutboxFlusher flusher;
    private final Clock clock;

    public OutboxRelay(InstanceStore instances, OutboxFlusher flusher, Clock clock) {
        this.instances = instances;
        this.flusher = flusher;
        this.clock = clock;
    }

    /** Returns how many instances' outboxes were published. */
    public int relay(Duration staleAfter) {
        List<Pending> pending = instances.withStaleOutbox(clock.instant().minus(staleAfter), 500).stream()
                .map(s -> new Pending(s.instance().id, s.instance().revision, s.outbox())).toList();
        flusher.flush(pending);
        instances.settle();
        return pending.size();
    }
}
