package io.omnijourney.notification.app;

import io.omnijourney.contract.profile.ProfileEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What this service takes from the profile events of a poll, in order: {@code profile_erased} purges what it holds
 * of the profile and remembers the id (later requests are suppressed); {@code touchpoint} events carry the profile
 * after the event, from which the latest consent per channel and a copy of identifiers and traits (for template
 * previews) are kept. Other kinds are not needed here. The poll's profiles are read in bulk and their changes written
 * in bulk ({@link ProfileStates.Batch}); everything is durable when this returns, and applying the same events again
 * changes nothing.
 */
public final class ProfileEventIntake {

    private final ProfileStates profiles;
    private final ErasureService erasure;

    public ProfileEventIntake(ProfileStates profiles, ErasureService erasure) {
        this.profiles = profiles;
        this.erasure = erasure;
    }

    public void apply(List<ProfileEvent> events) {
        Set<String> profileIds = new LinkedHashSet<>();
        events.forEach(e -> profileIds.add(e.profileId()));
        ProfileStates.Batch batch = profiles.batch(profileIds);
        for (ProfileEvent event : events) {
            switch (event.kind()) {
                case PROFILE_ERASED -> {
                    erasure.erase(event.profileId(), event.occurredAt());
                    batch.erased(event.profileId());
                }
                case TOUCHPOINT -> batch.apply(event.profileId(), event.profile(), event.occurredAt());
                default -> {
                }
            }
        }
        batch.flush();
    }
}
