package io.omnijourney.profile.domain;

import java.time.Instant;
import java.util.Objects;

/** A person's activity on one channel. First and last are by event time, so late events fit in where they belong. */
public record ChannelStats(Instant firstSeenAt, Instant lastSeenAt, long count) {

    public ChannelStats {
        Objects.requireNonNull(firstSeenAt, "firstSeenAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        if (count < 1 || firstSeenAt.isAfter(lastSeenAt)) {
            throw new IllegalArgumentException("channel stats need count >= 1 and firstSeenAt <= lastSeenAt");
        }
    }

    static ChannelStats first(Instant at) {
        return new ChannelStats(at, at, 1);
    }

    ChannelStats record(Instant at) {
        return combine(first(at));
    }

    ChannelStats combine(ChannelStats other) {
        return new ChannelStats(Times.min(firstSeenAt, other.firstSeenAt), Times.max(lastSeenAt, other.lastSeenAt),
                count + other.count);
    }
}
