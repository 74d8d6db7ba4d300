package io.omnijourney.journey.app;

import java.util.List;
import java.util.Optional;

/** Journeys and their published versions. */
public interface JourneyStore {

    void create(StoredJourney journey);

    Optional<StoredJourney> find(String id);

    /** Journeys that are not archived (what counts against the installation's limit). */
    long countNotArchived();

    List<StoredJourney> list();

    /** Writes only over {@code journey.revision()}; false if someone else changed it meanwhile. */
    boolean update(StoredJourney journey);

    /** Inserts a version; false if that number exists already (a concurrent publish won). */
    boolean addVersion(JourneyVersion version);

    Optional<JourneyVersion> version(String journeyId, int version);
}
