package io.omnijourney.journey.app;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Manual and segment enrollment: starts an active journey for given profiles, or for every member of a segment among
 * the profiles this service has seen on {@code profile-events}. Entry rules and the audience apply, and an
 * {@code enrollmentId} makes a retried request start nothing twice (it still publishes what its first attempt owed).
 */
public final class Enrollments {

    /** The most profiles one enrollment starts the journey for. */
    public static final int MAX_PROFILES = 10_000;

    private final JourneyCatalog catalog;
    private final JourneyRuntime runtime;
    private final ProfileCache profiles;
    private final OutboxFlusher flusher;

    /** What an enrollment did: {@code outcomes} by profile id ({@code started}, or why not). */
    public record Result(String enrollmentId, int started, Map<String, String> outcomes) {
    }

    public Enrollments(JourneyCatalog catalog, JourneyRuntime runtime, ProfileCache profiles, OutboxFlusher flusher) {
        this.catalog = catalog;
        this.runtime = runtime;
        this.profiles = profiles;
        this.flusher = flusher;
    }

    /**
     * Enrolls {@code profileIds} (at most {@link #MAX_PROFILES}), or the members of {@code segmentId} when it is
     * given; {@code enrollmentId} null for a new one. The journey must be active.
     */
    public Result enroll(String journeyId, List<String> profileIds, String segmentId, String enrollmentId) {
        StoredJourney journey = catalog.get(journeyId);
        if (journey.status() != JourneyStatus.ACTIVE) {
            throw JourneyException.conflict("journey '" + journeyId + "' is " + journey.status().wireName()
                    + ": only active journeys take enrollments");
        }
        TriggerIndex.Candidate candidate = new TriggerIndex.Candidate(journeyId, journey.publishedVersion(),
                journey.name(), DefinitionCache.parse(catalog.version(journeyId, journey.publishedVersion())
                        .definitionJson()));
        List<String> targets = segmentId != null ? profiles.membersOf(segmentId, MAX_PROFILES)
                : List.copyOf(new LinkedHashSet<>(profileIds));
        if (targets.size() > MAX_PROFILES) {
            throw new IllegalArgumentException("at most " + MAX_PROFILES + " profiles per enrollment");
        }
        String id = enrollmentId == null ? UUID.randomUUID().toString() : enrollmentId;
        List<Pending> pending = new ArrayList<>();
        Map<String, String> outcomes = runtime.enroll(candidate, targets, id, pending);
        flusher.flush(pending);
        int started = (int) outcomes.values().stream().filter("started"::equals).count();
        return new Result(id, started, outcomes);
    }
}
