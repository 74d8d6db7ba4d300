package io.omnijourney.notification.app;

import io.omnijourney.contract.profile.ProfileSnapshot;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * What profile-events told this service about profiles: latest consent, a copy of identifiers, traits, locale, time
 * zone and version (what requests are addressed and rendered from, and previews), erasures.
 */
public interface ProfileStates {

    /**
     * Keeps the snapshot as the copy if it is newer than the one held (a higher version; by {@code at} between
     * snapshots without one), and each channel's consent if newer than the one held.
     */
    void apply(String profileId, ProfileSnapshot snapshot, Instant at);

    /** A local consent change (one-click unsubscribe), kept until a newer one arrives from profile-service. */
    void setConsent(String profileId, String channel, String status, Instant at);

    Optional<String> consent(String profileId, String channel);

    /** The copy of the profile; empty when no touchpoint of it has been seen, or it was erased. */
    Optional<ProfileCopy> copy(String profileId);

    void markErased(String profileId, Instant at);

    boolean isErased(String profileId);

    /** What sending needs to know about a profile: erasure, consent and the copy. */
    interface Facts {
        boolean isErased(String profileId);

        Optional<String> consent(String profileId, String channel);

        Optional<ProfileCopy> copy(String profileId);
    }

    /** Facts read from the store at each question. */
    default Facts live() {
        ProfileStates states = this;
        return new Facts() {
            @Override
            public boolean isErased(String profileId) {
                return states.isErased(profileId);
            }

            @Override
            public Optional<String> consent(String profileId, String channel) {
                return states.consent(profileId, channel);
            }

            @Override
            public Optional<ProfileCopy> copy(String profileId) {
                return states.copy(profileId);
            }
        };
    }

    /**
     * The facts of many profiles read at once (a poll's worth of requests), as they are now; a profile not among
     * {@code profileIds} is read live. The default reads each question live.
     */
    default Facts facts(Collection<String> profileIds) {
        return live();
    }

    /**
     * A poll's worth of profile events: {@link #apply} is deferred to {@link Batch#flush}, which may write in bulk.
     * Events of an erased profile (before or in the batch) are ignored. The default writes at once.
     */
    default Batch batch(Collection<String> profileIds) {
        return new Batch() {
            @Override
            public void apply(String profileId, ProfileSnapshot snapshot, Instant at) {
                if (!isErased(profileId)) {
                    ProfileStates.this.apply(profileId, snapshot, at);
                }
            }

            @Override
            public void erased(String profileId) {
            }

            @Override
            public void flush() {
            }
        };
    }

    /** Profile events of one poll, in order. */
    interface Batch {
        void apply(String profileId, ProfileSnapshot snapshot, Instant at);

        /** The profile was erased (already recorded): drop what is pending for it and ignore it from now on. */
        void erased(String profileId);

        /** Writes what is pending; throws when it could not (the poll is then replayed). */
        void flush();
    }
}
