package io.omnijourney.profile.app;

import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.profile.domain.Profile;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An operator's consent overrides on a profile (erasure is {@link Erasures}), applied as {@code system} touchpoints so
 * they take part in last-write-wins, show on the timeline and reach every consumer of {@code profile-events}.
 */
public final class ProfileAdministration {

    private final ProfileResolver resolver;
    private final TimelineStore timeline;
    private final ProfileEventPublisher publisher;
    private final Clock clock;

    public ProfileAdministration(ProfileResolver resolver, TimelineStore timeline, ProfileEventPublisher publisher,
            Clock clock) {
        this.resolver = resolver;
        this.timeline = timeline;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Applies a consent change to the profile (empty when there is none); published before it returns. */
    public Optional<Profile> changeConsent(String profileId, TouchpointEvent change) {
        Optional<Outcome.Applied> outcome = resolver.applyTo(profileId, change);
        if (outcome.isEmpty()) {
            return Optional.empty();
        }
        Outcome.Applied applied = outcome.get();
        timeline.record(applied.profileId(), change);
        List<Publication> publications = new ArrayList<>();
        publications.add(Publication.of(ProfileEvent.touchpoint(applied.profileId(), change,
                ProfileSnapshots.of(applied.state().profile()))));
        applied.state().outboxOf(change.messageId()).forEach(entry -> publications.add(Publication.of(entry)));
        publisher.publishAll(publications);
        return Optional.of(applied.state().profile());
    }
}
