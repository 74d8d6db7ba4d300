package io.omnijourney.journey.app;

import io.omnijourney.journey.domain.JourneyInstance;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A profile's journeys, for an agent's screen-pop or an IVR (with the profileId profile-service's summary gave): the
 * instances it is in now, and with {@code all} also the ones that ended, newest first.
 */
public class ProfileJourneys {

    public static final int MAX = 50;

    private final InstanceStore instances;
    private final ProfileCache profiles;
    private final JourneyCatalog catalog;

    public ProfileJourneys(InstanceStore instances, ProfileCache profiles, JourneyCatalog catalog) {
        this.instances = instances;
        this.profiles = profiles;
        this.catalog = catalog;
    }

    /**
     * One instance: where it is ({@code stepId}, what it waits for and until when) or how it ended, and whether the
     * profile converted.
     */
    public record ProfileJourney(String journeyId, String journeyName, int version, String status, String stepId,
            String waitingFor, Instant dueAt, Instant enteredAt, Instant endedAt, String exitReason,
            Instant convertedAt) {
    }

    public List<ProfileJourney> of(String profileId, boolean all) {
        Map<String, String> names = new HashMap<>();
        return UnitOfWork.immediate(instances, profiles).instancesOf(profileId, all).stream()
                .map(StoredInstance::instance).filter(i -> all || i.active())
                .sorted(Comparator.comparing((JourneyInstance i) -> i.enteredAt,
                        Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(MAX)
                .map(i -> new ProfileJourney(i.journeyId, names.computeIfAbsent(i.journeyId, this::name), i.version,
                        i.status.name().toLowerCase(java.util.Locale.ROOT), i.stepId, waitingFor(i), i.dueAt,
                        i.enteredAt, i.endedAt, i.exitReason, i.convertedAt))
                .toList();
    }

    private String name(String journeyId) {
        try {
            return catalog.get(journeyId).name();
        } catch (RuntimeException gone) {
            return null;
        }
    }

    private static String waitingFor(JourneyInstance i) {
        if (!i.active()) {
            return null;
        }
        return switch (i.waitKind) {
            case NONE -> null;
            case TIMER -> "time";
            case EVENT -> "event:" + i.waitEvent;
            case QUIET_HOURS -> "quiet_hours";
        };
    }
}
