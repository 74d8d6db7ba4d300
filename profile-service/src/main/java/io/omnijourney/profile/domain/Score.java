package io.omnijourney.profile.domain;

import java.time.Instant;
import java.util.Objects;

/** A survey score and the response it came from. */
public record Score(int value, Instant at, String messageId) implements Stamped {

    public Score {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(messageId, "messageId");
    }

    static Score of(int value, EventStamp stamp) {
        return new Score(value, stamp.at(), stamp.messageId());
    }

    @Override
    public EventStamp stamp() {
        return new EventStamp(at, messageId);
    }
}
