package io.omnijourney.profile.app;

import io.omnijourney.profile.domain.Refusal;

import java.util.List;
import java.util.Objects;

/** What {@link ProfileResolver#apply} did with one event. */
public sealed interface Outcome permits Outcome.Applied, Outcome.Unattributable {

    /**
     * @param duplicate  the messageId had already been applied: nothing changed
     * @param mergedAway profiles this event merged into {@code profileId}
     * @param state      the profile as written (or, for a duplicate, as found): no need to read it back
     */
    record Applied(String profileId, boolean duplicate, List<String> mergedAway, StoredProfile state)
            implements Outcome {

        public Applied {
            Objects.requireNonNull(profileId, "profileId");
            Objects.requireNonNull(state, "state");
            mergedAway = List.copyOf(mergedAway);
        }
    }

    /** No usable identifier: no profile takes the event; the refusals say why. */
    record Unattributable(List<Refusal> refusals) implements Outcome {

        public Unattributable {
            refusals = List.copyOf(refusals);
        }
    }
}
