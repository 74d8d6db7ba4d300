package io.omnijourney.journey.app;

import java.time.Instant;

/**
 * A journey as stored: the editable draft (its JSON, exactly as accepted) and the number of its latest published
 * version (0 = never published). Published versions are separate and immutable ({@link JourneyVersion}).
 */
public record StoredJourney(String id, String name, JourneyStatus status, String draftJson, int publishedVersion,
        Instant createdAt, Instant updatedAt, long revision) {

    public StoredJourney with(JourneyStatus newStatus, String newDraft, String newName, int newVersion, Instant at) {
        return new StoredJourney(id, newName, newStatus, newDraft, newVersion, createdAt, at, revision);
    }
}
