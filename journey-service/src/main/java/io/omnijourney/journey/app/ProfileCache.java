package io.omnijourney.journey.app;

import io.omnijourney.contract.profile.ProfileSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The latest profile snapshot seen on {@code profile-events} per profile: a timer that fires a day later sends with
 * today's consent and address, and manual or segment enrollment has a profile to work with.
 */
public interface ProfileCache {

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
