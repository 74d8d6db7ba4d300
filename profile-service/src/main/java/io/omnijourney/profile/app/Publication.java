package io.omnijourney.profile.app;

import io.omnijourney.contract.profile.ProfileEvent;

/** A record for {@code profile-events}: an event decided now, or one stored in a profile's outbox (its id is fixed). */
public sealed interface Publication permits Publication.Decided, Publication.Stored {

    record Decided(ProfileEvent event) implements Publication {
    }

    record Stored(OutboxEntry entry) implements Publication {
    }

    static Publication of(ProfileEvent event) {
        return new Decided(event);
    }

    static Publication of(OutboxEntry entry) {
        return new Stored(entry);
    }
}
