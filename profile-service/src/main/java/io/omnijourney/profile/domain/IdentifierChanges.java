package io.omnijourney.profile.domain;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the identity index must learn after a profile changed: identifiers that now point to the profile, and
 * identifiers that no longer belong to anyone (evicted anonymousIds, a loser's identifiers the survivor could not
 * take within its limits).
 */
public record IdentifierChanges(Set<Identifier> claimed, Set<Identifier> released) {

    public IdentifierChanges {
        claimed = Set.copyOf(claimed);
        released = Set.copyOf(released);
    }

    /** After {@link Profile#apply}: {@code before} is the state that was read ({@code null} for a new profile). */
    public static IdentifierChanges between(Profile before, Profile after) {
        return compute(before == null ? List.of() : before.identifierList(), after.identifierList());
    }

    /** After merges: the losers' identifiers that the survivor took are claimed by it, the rest released. */
    public static IdentifierChanges afterMerge(Profile survivorBefore, Collection<Profile> losers, Profile survivorAfter) {
        Set<Identifier> before = new LinkedHashSet<>(survivorBefore.identifierList());
        losers.forEach(loser -> before.addAll(loser.identifierList()));
        Set<Identifier> after = new LinkedHashSet<>(survivorAfter.identifierList());
        Set<Identifier> released = new LinkedHashSet<>(before);
        released.removeAll(after);
        Set<Identifier> claimed = new LinkedHashSet<>(after);
        claimed.removeAll(survivorBefore.identifierList());
        return new IdentifierChanges(claimed, released);
    }

    private static IdentifierChanges compute(Collection<Identifier> before, Collection<Identifier> after) {
        Set<Identifier> claimed = new LinkedHashSet<>(after);
        claimed.removeAll(before);
        Set<Identifier> released = new LinkedHashSet<>(before);
        released.removeAll(after);
        return new IdentifierChanges(claimed, released);
    }
}
