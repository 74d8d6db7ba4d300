package io.omnijourney.profile.domain;

import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * The position of a write in last-write-wins order: the event's time, then its messageId. The messageId only breaks
 * ties, so that two instances applying the same events in different orders pick the same winner.
 */
public record EventStamp(Instant at, String messageId) implements Comparable<EventStamp> {

    private static final Comparator<EventStamp> ORDER =
            Comparator.comparing(EventStamp::at).thenComparing(EventStamp::messageId);

    public EventStamp {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(messageId, "messageId");
    }

    public static EventStamp of(TouchpointEvent event) {
        return new EventStamp(event.timestamp(), event.messageId());
    }

    /** Strictly later: an equal stamp is the same write again, and the existing value stays. */
    public boolean supersedes(EventStamp current) {
        return compareTo(current) > 0;
    }

    @Override
    public int compareTo(EventStamp other) {
        return ORDER.compare(this, other);
    }
}
