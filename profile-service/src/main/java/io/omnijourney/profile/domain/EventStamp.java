package io.omnijourney.profile.domain;

import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * The position of a write in last-write-wins order: its ordering time, then operator before client (an operator
 * action wins a tie), then its messageId. The messageId only breaks ties, so that two instances applying the same
 * events in different orders pick the same winner.
 *
 * @param operator whether the write is an operator action ({@link SignalSource#isOperator()})
 */
public record EventStamp(Instant at, String messageId, boolean operator) implements Comparable<EventStamp> {

    private static final Comparator<EventStamp> ORDER = Comparator.comparing(EventStamp::at)
            .thenComparing(EventStamp::operator).thenComparing(EventStamp::messageId);

    public EventStamp {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(messageId, "messageId");
    }

    /** A client write. */
    public EventStamp(Instant at, String messageId) {
        this(at, messageId, false);
    }

    /**
     * No client signal is ordered after the moment it was received: a client's event time counts only up to its
     * {@code receivedAt}. An operator action is ordered at its {@code receivedAt} (see {@link SignalSource}).
     */
    public static EventStamp of(TouchpointEvent event) {
        boolean operator = SignalSource.of(event).isOperator();
        return new EventStamp(orderingTime(event, operator), event.messageId(), operator);
    }

    static Instant orderingTime(TouchpointEvent event, boolean operator) {
        return operator ? event.receivedAt() : happenedAt(event);
    }

    /**
     * When the event happened, as far as statistics go (activity, last order): its time, but never after it was
     * received, so a client clock in the future cannot make a person look active for centuries.
     */
    public static Instant happenedAt(TouchpointEvent event) {
        return Times.min(event.timestamp(), event.receivedAt());
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
