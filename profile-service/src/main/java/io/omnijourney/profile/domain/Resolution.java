package io.omnijourney.profile.domain;

import java.util.List;
import java.util.Objects;

/** What to do with an event's identity: the outcome of {@link IdentityResolution#decide}. */
public sealed interface Resolution
        permits Resolution.CreateNew, Resolution.AttachTo, Resolution.Merge, Resolution.Unattributable {

    /** Identifiers no existing profile owns, to be added to the target. */
    List<Identifier> identifiersToAttach();

    /** Everything refused on the way (extraction included), to be recorded on the target. */
    List<Refusal> refusals();

    /** No profile owns any of the event's identifiers. */
    record CreateNew(List<Identifier> identifiersToAttach, List<Refusal> refusals) implements Resolution {

        public CreateNew {
            identifiersToAttach = List.copyOf(identifiersToAttach);
            refusals = List.copyOf(refusals);
        }
    }

    /** Exactly one profile takes the event. */
    record AttachTo(String profileId, List<Identifier> identifiersToAttach, List<Refusal> refusals)
            implements Resolution {

        public AttachTo {
            Objects.requireNonNull(profileId, "profileId");
            identifiersToAttach = List.copyOf(identifiersToAttach);
            refusals = List.copyOf(refusals);
        }
    }

    /**
     * The event links several profiles: the losers are marked merged into the survivor, the survivor absorbs them,
     * then takes the event.
     *
     * @param linking the event's identifiers owned by the profiles merged, for the merge records
     */
    record Merge(String survivorId, List<String> loserIds, List<Identifier> linking, List<Identifier> identifiersToAttach,
                 List<Refusal> refusals) implements Resolution {

        public Merge {
            Objects.requireNonNull(survivorId, "survivorId");
            loserIds = List.copyOf(loserIds);
            if (loserIds.isEmpty() || loserIds.contains(survivorId)) {
                throw new IllegalArgumentException("a merge needs losers other than the survivor");
            }
            linking = List.copyOf(linking);
            identifiersToAttach = List.copyOf(identifiersToAttach);
            refusals = List.copyOf(refusals);
        }
    }

    /**
     * The event carries no usable identifier (all absent, invalid or blocked): no profile can take it. The caller
     * keeps it somewhere visible (dead-letter topic, unattributed timeline) with these refusals as the reason.
     */
    record Unattributable(List<Refusal> refusals) implements Resolution {

        public Unattributable {
            refusals = List.copyOf(refusals);
        }

        @Override
        public List<Identifier> identifiersToAttach() {
            return List.of();
        }
    }
}
