package io.omnijourney.profile.app;

import io.omnijourney.profile.domain.Profile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A profile as stored: the domain state plus the messageIds of the most recent events applied to it. Both are written
 * by one conditional update, which is what makes a redelivered event a no-op (counters are not idempotent).
 *
 * @param appliedMessageIds oldest first, at most {@link #MAX_APPLIED} entries
 */
public record StoredProfile(Profile profile, List<String> appliedMessageIds) {

    public static final int MAX_APPLIED = 500;

    public StoredProfile {
        Objects.requireNonNull(profile, "profile");
        appliedMessageIds = List.copyOf(appliedMessageIds);
    }

    public static StoredProfile fresh(Profile profile) {
        return new StoredProfile(profile, List.of());
    }

    public String id() {
        return profile.id();
    }

    public long version() {
        return profile.version();
    }

    public boolean hasApplied(String messageId) {
        return appliedMessageIds.contains(messageId);
    }

    /** The next state with {@code messageId} recorded as applied. */
    public StoredProfile next(Profile changed, String messageId) {
        return new StoredProfile(changed, bounded(appliedMessageIds, List.of(messageId)));
    }

    /** The same dedup record with another state (redirect marks, absorption). */
    public StoredProfile with(Profile changed) {
        return new StoredProfile(changed, appliedMessageIds);
    }

    /** A survivor also remembers what its losers applied: a redelivery may now resolve to the survivor. */
    public StoredProfile absorbing(StoredProfile loser) {
        return new StoredProfile(profile, bounded(loser.appliedMessageIds, appliedMessageIds));
    }

    private static List<String> bounded(List<String> older, List<String> newer) {
        Set<String> all = new LinkedHashSet<>(older);
        all.removeAll(newer);
        all.addAll(newer);
        List<String> list = new ArrayList<>(all);
        return list.size() <= MAX_APPLIED ? list : list.subList(list.size() - MAX_APPLIED, list.size());
    }
}
