package io.omnijourney.profile.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A channel's consent and the signal that set it.
 *
 * @param updatedAt  when the signal is ordered in last-write-wins ({@link EventStamp#of}): never after its receipt
 * @param source     who sent it: a client, or which kind of operator action
 * @param eventAt    the event time the signal carried
 * @param receivedAt when ingest (or this service, for an override) received it
 */
public record ConsentState(ConsentStatus status, Instant updatedAt, String messageId, SignalSource source,
                           Instant eventAt, Instant receivedAt) implements Stamped {

    public ConsentState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(source, "source");
        eventAt = eventAt == null ? updatedAt : eventAt;
        receivedAt = receivedAt == null ? updatedAt : receivedAt;
    }

    /** A client's signal whose times were all {@code updatedAt} (documents stored before sources were recorded). */
    public ConsentState(ConsentStatus status, Instant updatedAt, String messageId) {
        this(status, updatedAt, messageId, SignalSource.CLIENT, updatedAt, updatedAt);
    }

    static ConsentState of(ConsentStatus status, EventStamp stamp, SignalSource source, Instant eventAt,
                           Instant receivedAt) {
        return new ConsentState(status, stamp.at(), stamp.messageId(), source, eventAt, receivedAt);
    }

    @Override
    public EventStamp stamp() {
        return new EventStamp(updatedAt, messageId, source.isOperator());
    }
}
