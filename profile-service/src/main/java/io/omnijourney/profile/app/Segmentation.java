package io.omnijourney.profile.app;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.profile.domain.Profile;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Re-evaluates a profile's segment memberships and turns each change into an outbox entry. */
public final class Segmentation {

    private final SegmentMemberships memberships;
    private final Clock clock;

    public Segmentation(SegmentMemberships memberships, Clock clock) {
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static Segmentation none() {
        return new Segmentation(SegmentMemberships.NONE, Clock.systemUTC());
    }

    /**
     * @param before         the memberships stored before this change
     * @param after          the new state, memberships not yet evaluated
     * @param writtenVersion the version the write will store: it makes the events' ids unique and deterministic
     */
    public Change evaluate(Set<String> before, Profile after, String cause, long writtenVersion) {
        Instant now = clock.instant();
        Set<String> current = new TreeSet<>(memberships.evaluate(after, now));
        List<OutboxEntry> entries = new ArrayList<>();
        for (String entered : current) {
            if (!before.contains(entered)) {
                entries.add(entry(after.id(), entered, true, now, writtenVersion, cause));
            }
        }
        for (String exited : new TreeSet<>(before)) {
            if (!current.contains(exited)) {
                entries.add(entry(after.id(), exited, false, now, writtenVersion, cause));
            }
        }
        return new Change(entries.isEmpty() ? after : after.withSegments(current), entries);
    }

    private OutboxEntry entry(String profileId, String segmentId, boolean entered, Instant at, long version,
                              String cause) {
        ProfileEvent event = ProfileEvent.segmentChanged(profileId,
                new ProfileEvent.SegmentChange(segmentId, memberships.nameOf(segmentId)), entered, at, version);
        return new OutboxEntry(event.eventId(), cause,
                new String(ContractJson.encode(event), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The profile with its memberships, and the events their changes publish. */
    public record Change(Profile profile, List<OutboxEntry> events) {
    }
}
