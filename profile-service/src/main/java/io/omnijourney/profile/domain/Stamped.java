package io.omnijourney.profile.domain;

/** A value that takes part in last-write-wins resolution. */
public interface Stamped {

    EventStamp stamp();
}
