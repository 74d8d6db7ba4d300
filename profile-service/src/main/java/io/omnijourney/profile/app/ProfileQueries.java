package io.omnijourney.profile.app;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.profile.domain.Identifier;
import io.omnijourney.profile.domain.Profile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read access to unified profiles: by id (a merged-away id answers with the profile it was merged into), by
 * identifier, their cross-channel timeline (including the profiles merged into them), segment members and the survey
 * answers CX metrics are computed from.
 */
public final class ProfileQueries {

    private static final int MAX_REDIRECTS = 16;

    private final ProfileStore store;
    private final IdentityIndex index;
    private final TimelineStore timeline;

    public ProfileQueries(ProfileStore store, IdentityIndex index, TimelineStore timeline) {
        this.store = store;
        this.index = index;
        this.timeline = timeline;
    }

    /** The live profile an id leads to, following merges. */
    public Optional<Profile> live(String id) {
        String current = id;
        for (int hop = 0; hop < MAX_REDIRECTS; hop++) {
            Optional<StoredProfile> stored = store.load(current);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            Profile profile = stored.get().profile();
            if (!profile.isMerged()) {
                return Optional.of(profile);
            }
            current = profile.mergedInto();
        }
        return Optional.empty();
    }

    /** The live profile that holds the identifier. */
    public Optional<Profile> byIdentifier(Identifier identifier) {
        return index.owner(identifier).flatMap(entry -> live(entry.profileId())).filter(p -> p.has(identifier));
    }

    /** A page of the profile's timeline and of the profiles merged into it, newest first. */
    public List<TouchpointEvent> timeline(Profile profile, Optional<Channel> channel, Optional<Instant> from,
            Optional<Instant> to, Optional<Instant> before, int limit) {
        List<String> ids = new ArrayList<>();
        ids.add(profile.id());
        profile.merges().forEach(m -> ids.add(m.fromProfileId()));
        return timeline.page(ids, channel, from, to, before, limit);
    }

    /** Member profile ids of a segment, in id order, after {@code afterId}. */
    public List<String> segmentMembers(String segmentId, String afterId, int limit) {
        return store.membersOf(segmentId, afterId, limit);
    }

    /** Touchpoints of one event name in a window, optionally on one channel (survey answers for CX metrics). */
    public List<TouchpointEvent> named(String event, Optional<Channel> channel, Instant from, Instant to) {
        return timeline.named(event, channel, from, to);
    }

    /** The survey sends in [from, to) ({@link TimelineStore#surveySends}). */
    public List<TouchpointEvent> surveySends(Optional<Channel> channel, Instant from, Instant to) {
        return timeline.surveySends(channel, from, to);
    }
}
