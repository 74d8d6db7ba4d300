package io.omnijourney.profile.app;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/** Profiles by id, written only under an optimistic version check. */
public interface ProfileStore {

    Optional<StoredProfile> load(String profileId);

    /** The profiles of those ids that exist, in one round trip. */
    Map<String, StoredProfile> loadAll(Collection<String> profileIds);

    /**
     * {@link #insert} and {@link #replace} for many profiles in one round trip, each as conditional as alone.
     *
     * @return the ids whose write did not happen (id taken, version moved on)
     */
    Set<String> writeAll(List<StoredProfile> inserts, List<StoredProfile> replaces);

    /** Inserts at the profile's own version; false if a profile with that id already exists. */
    boolean insert(StoredProfile profile);

    /**
     * Writes {@code next} only if the stored version still equals {@code next.version()}, storing version + 1.
     *
     * @return the state as stored (new version), or empty on a version conflict
     */
    Optional<StoredProfile> replace(StoredProfile next);

    /** Erasure: removes the profile document whatever its version. */
    void delete(String profileId);

    /** Live (not merged-away) profiles with an id after {@code afterId} (null: from the start), by id. */
    List<StoredProfile> page(String afterId, int limit);

    /** Ids of live profiles in the segment, after {@code afterId} (null: from the start), by id. */
    List<String> membersOf(String segmentId, String afterId, int limit);

    /**
     * How many live profiles are members of each of the segments, in one pass; a segment with no members is absent.
     */
    Map<String, Long> memberCounts(Collection<String> segmentIds);

    /** How many live (not merged-away) profiles there are. */
    long liveCount();
}
