package io.omnijourney.profile.app;

import io.omnijourney.profile.domain.Profile;

import java.time.Instant;
import java.util.Set;

/** Which segments a profile belongs to, by the saved conditions in force now. */
public interface SegmentMemberships {

    /** No segments defined: memberships never change. */
    SegmentMemberships NONE = new SegmentMemberships() {
        @Override
        public Set<String> evaluate(Profile profile, Instant now) {
            return Set.of();
        }

        @Override
        public String nameOf(String segmentId) {
            return segmentId;
        }
    };

    Set<String> evaluate(Profile profile, Instant now);

    /** The display name for events; the id itself for a segment deleted since. */
    String nameOf(String segmentId);
}
