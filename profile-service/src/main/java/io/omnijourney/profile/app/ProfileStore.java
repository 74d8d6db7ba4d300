package io.omnijourney.profile.app;

import java.util.List;
import java.util.Optional;

/** Profiles by id, written only under an optimistic version check. */
public interface ProfileStore {

    Optional<StoredProfile> load(String profileId);

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
}
