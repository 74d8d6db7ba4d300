package io.omnijourney.profile.domain;

import java.time.Instant;
import java.util.Objects;

/** A channel's consent and the event that set it. */
public record ConsentState(ConsentStatus status, Instant updatedAt, String messageId) implements Stamped {

    public ConsentState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(messageId, "messageId");
    }

    static ConsentState of(ConsentStatus status, EventStamp stamp) {
        return new ConsentState(status, stamp.at(), stamp.messageId());
    }

    @Override
    public EventStamp stamp() {
        return new EventStamp(updatedAt, messageId);
    }
}
