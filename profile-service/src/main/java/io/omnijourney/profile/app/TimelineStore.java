package io.omnijourney.profile.app;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Every touchpoint of a profile, for the cross-channel timeline. */
public interface TimelineStore {

    /** Records the event under the profile it was applied to; recording the same messageId again changes nothing. */
    void record(String profileId, TouchpointEvent event);

    /** {@link #record} for many events in one round trip; returns those recorded now (not before). */
    List<Entry> recordAll(List<Entry> entries);

    record Entry(String profileId, TouchpointEvent event) {
    }

    /**
     * Newest first, across the given profile ids (a survivor and the profiles merged into it).
     *
     * @param before only events strictly older than this (the cursor of the previous page)
     */
    /** Every track event of that name in [from, to), of every profile (for CX metrics). */
    List<TouchpointEvent> named(String eventName, Optional<Channel> channel, Instant from, Instant to);

    /**
     * The {@code Notification Sent} touchpoints in [from, to) of messages that ask a survey (their {@code survey}
     * property is {@code nps}, {@code csat} or {@code ces}), of every profile (for the response rate).
     */
    List<TouchpointEvent> surveySends(Optional<Channel> channel, Instant from, Instant to);

    /** Keeps the {@code keep} newest entries across these profile ids (one person), deletes the older ones. */
    long trim(Collection<String> profileIds, int keep);

    /** Deletes every entry of these profiles; returns how many. */
    long erase(Collection<String> profileIds);

    List<TouchpointEvent> page(Collection<String> profileIds, Optional<Channel> channel, Optional<Instant> from,
            Optional<Instant> to, Optional<Instant> before, int limit);
}
