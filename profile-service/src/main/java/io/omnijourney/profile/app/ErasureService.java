package io.omnijourney.profile.app;

import io.omnijourney.profile.domain.Identifier;
import io.omnijourney.profile.domain.MergeRecord;
import io.omnijourney.profile.domain.Profile;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The purge of a person's data in this service: the profiles of an erasure request and every profile merged into them
 * (or that one of them was merged into since the request), their identifiers and their timeline. The identifiers are
 * suppressed first, so an event arriving meanwhile cannot bring the person back; every step is idempotent, so a purge
 * interrupted half-way is completed by running it again, also once the profiles are gone.
 */
public final class ErasureService {

    /** Merge chains longer than this are not followed (they do not occur: merges always pick the oldest survivor). */
    private static final int MAX_PROFILES = 1_000;

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

    /** What was purged: every profile id concerned (the request's and any found through merges), and counts. */
    public record Purged(List<String> profileIds, int identifiers, long timelineEntries) {
    }

    public Purged purge(Collection<String> requested) {
        Map<String, Profile> found = new LinkedHashMap<>();
        Set<String> ids = new LinkedHashSet<>(requested);
        Deque<String> toVisit = new ArrayDeque<>(requested);
        while (!toVisit.isEmpty() && ids.size() <= MAX_PROFILES) {
            String id = toVisit.poll();
            if (found.containsKey(id)) {
                continue;
            }
            profiles.load(id).map(StoredProfile::profile).ifPresent(profile -> {
                found.put(id, profile);
                List<String> linked = new ArrayList<>();
                profile.merges().stream().map(MergeRecord::fromProfileId).forEach(linked::add);
                if (profile.isMerged()) {
                    linked.add(profile.mergedInto());
                }
                linked.stream().filter(ids::add).forEach(toVisit::add);
            });
        }
        List<Identifier> identifiers = new ArrayList<>();
        found.values().forEach(p -> identifiers.addAll(p.identifierList()));
        List<Identifier> distinct = List.copyOf(new LinkedHashSet<>(identifiers));
        suppressions.suppress(distinct);
        for (Identifier identifier : distinct) {
            index.owner(identifier).filter(entry -> ids.contains(entry.profileId()))
                    .ifPresent(entry -> index.release(identifier, entry.profileId()));
        }
        long entries = timeline.erase(ids);
        ids.forEach(profiles::delete);
        return new Purged(List.copyOf(ids), distinct.size(), entries);
    }
}
