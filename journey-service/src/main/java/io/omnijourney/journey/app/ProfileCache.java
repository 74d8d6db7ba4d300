package io.omnijourney.journey.app;

import io.omnijourney.contract.profile.ProfileSnapshot;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One document per profile, bounded whatever the profile's history: the latest snapshot seen on
 * {@code profile-events} (a timer that fires a day later sends with today's consent and address; manual or segment
 * enrollment has a profile to work with), the profile's <b>live</b> instances (those an event can still change:
 * active, inside their goal window, or with messages to publish; the adapter may record them in the document or on
 * the instances, loading them with the document either way) and one <b>entry record</b> per journey the profile
 * entered (first and last entry, recent sends of its finished instances), which is what re-entry rules, cooldowns
 * and the frequency cap need once instances are finished. Finished instances stay in {@code instances} (found there
 * by {@code profileId} for erasure and merges) and are never listed here, so the document does not grow with them.
 *
 * <p>An instance is listed before it is inserted (a crash in between leaves a reference to nothing, which readers
 * skip), moved to the survivor's document before a merge moves it, and dropped with the document on erasure.
 */
public interface ProfileCache {

    /** Live instances a profile document lists at most; a start beyond it is refused ({@code live_limit}). */
    int MAX_LIVE = 100;
    /** Entry records (journeys) a profile document keeps at most; the least recently entered one goes first. */
    int MAX_ENTRIES = 500;
    /** Send times an entry record keeps at most (the newest), for the frequency cap. */
    int MAX_ENTRY_SENDS = 100;

    /** A live instance of the profile. */
    record InstanceRef(String instanceId, String journeyId, Instant enteredAt) {
    }

    /**
     * What the profile did in one journey: {@code first} and {@code last} entry, the instance that entered last and
     * the entry before it ({@code previous}, null: none; a crash may list an instance that was never inserted, and
     * its redelivered trigger must not be refused by its own entry), and the send times of the journey's finished
     * instances that its frequency cap may still count (newest last, at most {@link #MAX_ENTRY_SENDS}).
     */
    record Entry(String journeyId, Instant first, Instant last, String lastInstanceId, Instant previous,
            List<Instant> sends) {
        public Entry {
            sends = List.copyOf(sends);
        }

        /** The entry as it was before {@code instanceId} entered, or empty when that was the first. */
        public Optional<Instant> lastEntryBefore(String instanceId) {
            return Optional.ofNullable(instanceId != null && instanceId.equals(lastInstanceId) ? previous : last);
        }
    }

    /**
     * A stored profile document; {@code snapshot} and {@code asOf} are null until a touchpoint was seen.
     * {@code legacy}: written by a version that listed every instance (the map is read as live instances and entry
     * records and replaced by them on the next write).
     */
    record CachedProfile(String profileId, ProfileSnapshot snapshot, Instant asOf, Map<String, InstanceRef> live,
            Map<String, Entry> entries, boolean legacy) {
        public CachedProfile {
            live = Map.copyOf(live);
            entries = Map.copyOf(entries);
        }

        public static CachedProfile empty(String profileId) {
            return new CachedProfile(profileId, null, null, Map.of(), Map.of(), false);
        }
    }

    /**
     * Changes to one profile document, written in one update (created if missing): a new snapshot (when not null),
     * instances to list and to unlist, entry records to merge in (by journey id: earliest {@code first}, the rest
     * as given) and to drop. {@code rewrite} (a legacy document): the document's whole listing and entry records are
     * replaced by those of {@code rewrite}, and the legacy map removed.
     */
    record ProfileWrite(String profileId, ProfileSnapshot snapshot, Instant asOf, List<InstanceRef> listed,
            Set<String> unlisted, List<Entry> entries, Set<String> droppedEntries, CachedProfile rewrite) {
        public ProfileWrite {
            listed = List.copyOf(listed);
            unlisted = Set.copyOf(unlisted);
            entries = List.copyOf(entries);
            droppedEntries = Set.copyOf(droppedEntries);
        }

        public static ProfileWrite listing(String profileId, List<InstanceRef> listed, List<Entry> entries) {
            return new ProfileWrite(profileId, null, null, listed, Set.of(), entries, Set.of(), null);
        }
    }

    /** The stored documents of these profiles (by exact {@code _id}, in bulk); profiles without one are absent. */
    Map<String, CachedProfile> load(Collection<String> profileIds);

    /** Applies the writes (one unordered bulk write). */
    void write(Collection<ProfileWrite> writes);

    /**
     * Keeps the snapshot unless a newer one ({@code asOf}) is already stored; returns the one that is stored.
     * The events of one profile come from one partition, so one consumer at a time writes a given profile.
     */
    ProfileSnapshot save(String profileId, ProfileSnapshot snapshot, Instant asOf);

    Optional<ProfileSnapshot> find(String profileId);

    void delete(String profileId);

    /** Profile ids whose latest snapshot lists the segment (only profiles this service has seen). */
    List<String> membersOf(String segmentId, int limit);
}
