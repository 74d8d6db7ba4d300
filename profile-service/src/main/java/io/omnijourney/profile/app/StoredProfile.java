package io.omnijourney.profile.app;

import io.omnijourney.profile.domain.Profile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A profile as stored: the domain state, the messageIds of the most recent events applied to it, and the most recent
 * lifecycle events its writes decided (the outbox). All are written by one conditional update, which is what makes a
 * redelivered event a no-op (counters are not idempotent) that still republishes what it decided.
 *
 * @param appliedMessageIds oldest first, at most {@link #MAX_APPLIED} entries
 * @param outbox            oldest first, at most {@link #MAX_OUTBOX} entries
 */
public record StoredProfile(Profile profile, List<String> appliedMessageIds, List<OutboxEntry> outbox) {

    public static final int MAX_APPLIED = 500;
    /** A replay comes within minutes of its first run: a few dozen recent transitions cover it. */
    public static final int MAX_OUTBOX = 64;

    public StoredProfile {
        Objects.requireNonNull(profile, "profile");
        appliedMessageIds = List.copyOf(appliedMessageIds);
        outbox = List.copyOf(outbox);
    }

    public StoredProfile(Profile profile, List<String> appliedMessageIds) {
        this(profile, appliedMessageIds, List.of());
    }

    public static StoredProfile fresh(Profile profile) {
        return new StoredProfile(profile, List.of(), List.of());
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
        return new StoredProfile(changed, bounded(appliedMessageIds, List.of(messageId), MAX_APPLIED), outbox);
    }

    /** The same dedup record with another state (redirect marks, absorption). */
    public StoredProfile with(Profile changed) {
        return new StoredProfile(changed, appliedMessageIds, outbox);
    }

    public StoredProfile withOutbox(List<OutboxEntry> added) {
        if (added.isEmpty()) {
            return this;
        }
        return new StoredProfile(profile, appliedMessageIds, bounded(outbox, added, MAX_OUTBOX));
    }

    public List<OutboxEntry> outboxOf(String cause) {
        return outbox.stream().filter(entry -> entry.cause().equals(cause)).toList();
    }

    /** A survivor also remembers what its losers applied and decided: a redelivery may now resolve to the survivor. */
    public StoredProfile absorbing(StoredProfile loser) {
        return new StoredProfile(profile, bounded(loser.appliedMessageIds, appliedMessageIds, MAX_APPLIED),
                bounded(loser.outbox, outbox, MAX_OUTBOX));
    }

    private static <T> List<T> bounded(List<T> older, List<T> newer, int max) {
        Set<T> all = new LinkedHashSet<>(older);
        newer.forEach(all::remove);
        all.addAll(newer);
        List<T> list = new ArrayList<>(all);
        return list.size() <= max ? list : list.subList(list.size() - max, list.size());
    }
}
