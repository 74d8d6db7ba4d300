package io.omnijourney.journey.app;

import io.omnijourney.contract.profile.ProfileSnapshot;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One document per profile: the latest snapshot seen on {@code profile-events} (a timer that fires a day later sends
 * with today's consent and address; manual or segment enrollment has a profile to work with) and the list of the
 * profile's instances. The list replaces every query on an instance's {@code profileId}: an event reads its
 * profile's document and then its instances by {@code _id}, so its cost does not grow with the instances of
 * everyone else.
 *
 * <p>An instance is listed before it is inserted (a crash in between leaves a reference to nothing, which readers
 * skip), moved to the survivor's list before a merge moves it, and dropped with the document on erasure.
 */
public interface ProfileCache {

    /**
     * An instance of the profile. {@code retired}: ended, outside its goal window and with nothing left to publish,
     * so no event can change it any more; it is read only for entry rules and the frequency cap.
     */
    record InstanceRef(String instanceId, String journeyId, Instant enteredAt, boolean retired) {
    }

    /** A stored profile document; {@code snapshot} and {@code asOf} are null until a touchpoint was seen. */
    record CachedProfile(String profileId, ProfileSnapshot snapshot, Instant asOf, Map<String, InstanceRef> instances) {
        public CachedProfile {
            instances = Map.copyOf(instances);
        }

        public static CachedProfile empty(String profileId) {
            return new CachedProfile(profileId, null, null, Map.of());
        }
    }

    /**
     * Changes to one profile document, written in one update (created if missing): a new snapshot (when not null),
     * instances to list, instances to mark retired.
     */
    record ProfileWrite(String profileId, ProfileSnapshot snapshot, Instant asOf, List<InstanceRef> listed,
            List<String> retired) {
        public ProfileWrite {
            listed = List.copyOf(listed);
            retired = List.copyOf(retired);
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
