package io.omnijourney.profile.app;

import io.omnijourney.profile.domain.Identifier;
import io.omnijourney.profile.domain.MergeRecord;
import io.omnijourney.profile.domain.Profile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * GDPR erasure of a person: the live profile and every profile merged into it, their identifiers and their timeline.
 * The identifiers are suppressed first, so an event arriving meanwhile cannot bring the person back; the deletions
 * are each idempotent, so an erasure interrupted half-way is completed by asking again.
 */
public final class ErasureService {

    private final ProfileStore profiles;
    private final IdentityIndex index;
    private final TimelineStore timeline;
    private final SuppressionList suppressions;

    public ErasureService(ProfileStore profiles, IdentityIndex index, TimelineStore timeline,
            SuppressionList suppressions) {
        this.profiles = profiles;
        this.index = index;
        this.timeline = timeline;
        this.suppressions = suppressions;
    }

    /** What was erased. */
    public record Erasure(String profileId, List<String> profileIds, int identifiers, long timelineEntries) {
    }

    public Erasure erase(Profile live) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(live.id());
        live.merges().stream().map(MergeRecord::fromProfileId).forEach(ids::add);
        // The live profile is in hand; only the merged-away ones are read for identifiers they may still hold.
        List<Identifier> identifiers = new ArrayList<>(live.identifierList());
        ids.stream().skip(1).forEach(id ->
                profiles.load(id).ifPresent(p -> identifiers.addAll(p.profile().identifierList())));
        List<Identifier> distinct = List.copyOf(new LinkedHashSet<>(identifiers));
        suppressions.suppress(distinct);
        for (Identifier identifier : distinct) {
            index.owner(identifier).filter(entry -> ids.contains(entry.profileId()))
                    .ifPresent(entry -> index.release(identifier, entry.profileId()));
        }
        long entries = timeline.erase(ids);
        ids.forEach(profiles::delete);
        return new Erasure(live.id(), List.copyOf(ids), distinct.size(), entries);
    }
}
