package io.omnijourney.journey.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnijourney.journey.domain.DefinitionParser;
import io.omnijourney.journey.domain.JourneyDefinition;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Journey definitions and their lifecycle: drafts are edited freely, publishing freezes the draft into the next
 * numbered version (instances keep the version they entered), and the trigger index follows every change.
 */
public class JourneyCatalog {

    private static final Logger LOG = Logger.getLogger(JourneyCatalog.class);

    private final JourneyStore store;
    private final TriggerIndex index;
    private final Clock clock;
    private final long maxJourneys;
    private final DefinitionCache definitions;

    /** @param maxJourneys journeys (not archived) an installation may have */
    public JourneyCatalog(JourneyStore store, TriggerIndex index, Clock clock, long maxJourneys) {
        this(store, index, clock, new DefinitionCache(store), maxJourneys);
    }

    public JourneyCatalog(JourneyStore store, TriggerIndex index, Clock clock, DefinitionCache definitions,
            long maxJourneys) {
        this.store = store;
        this.index = index;
        this.clock = clock;
        this.definitions = definitions;
        this.maxJourneys = maxJourneys;
    }

    /**
     * Whether a condition of the published version went over its run-time budget on this instance (it then counted
     * as "does not hold" for that profile): the latest such cut-off.
     */
    public java.util.Optional<io.omnijourney.journey.domain.Condition.OverBudget> lastOverBudget(StoredJourney journey) {
        return journey.publishedVersion() > 0
                ? definitions.lastOverBudget(journey.id(), journey.publishedVersion()) : java.util.Optional.empty();
    }

    /** Validates without saving; throws {@link io.omnijourney.journey.domain.InvalidDefinitionException}. */
    public JourneyDefinition validate(JsonNode definition) {
        return DefinitionParser.parse(definition);
    }

    public StoredJourney create(JsonNode definition) {
        return create("j-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16), definition);
    }

    public StoredJourney create(String id, JsonNode definition) {
        JourneyDefinition parsed = validate(definition);
        // Checked before the insert: concurrent creates may pass it together, exceeding it by as many.
        if (store.countNotArchived() >= maxJourneys) {
            throw JourneyException.limit("this installation has " + maxJourneys + " journeys that are not "
                    + "archived, the most it may have: archive one first");
        }
        Instant now = clock.instant();
        StoredJourney journey = new StoredJourney(id, parsed.name(), JourneyStatus.DRAFT, definition.toString(), 0,
                now, now, 1);
        store.create(journey);
        LOG.infof("journey %s created", id);
        return journey;
    }

    public StoredJourney get(String id) {
        return store.find(id).orElseThrow(() -> JourneyException.notFound(id));
    }

    public List<StoredJourney> list() {
        return store.list();
    }

    public JourneyVersion version(String id, int version) {
        get(id);
        return store.version(id, version).orElseThrow(() -> new JourneyException(JourneyException.Kind.NOT_FOUND,
                "journey '" + id + "' has no version " + version));
    }

    /** Replaces the draft; published versions are never touched. */
    public StoredJourney updateDraft(String id, JsonNode definition) {
        JourneyDefinition parsed = validate(definition);
        StoredJourney current = get(id);
        if (current.status() == JourneyStatus.ARCHIVED) {
            throw JourneyException.conflict("journey '" + id + "' is archived");
        }
        return write(current.with(current.status(), definition.toString(), parsed.name(), current.publishedVersion(),
                clock.instant()));
    }

    public StoredJourney publish(String id) {
        StoredJourney current = get(id);
        if (current.status() == JourneyStatus.ARCHIVED) {
            throw JourneyException.conflict("journey '" + id + "' is archived");
        }
        DefinitionCache.parse(current.draftJson());
        int version = current.publishedVersion() + 1;
        if (!store.addVersion(new JourneyVersion(id, version, current.draftJson(), clock.instant()))) {
            throw JourneyException.conflict("journey '" + id + "' was published concurrently; try again");
        }
        JourneyStatus status = current.status() == JourneyStatus.PAUSED ? JourneyStatus.PAUSED : JourneyStatus.ACTIVE;
        StoredJourney published = write(current.with(status, current.draftJson(), current.name(), version,
                clock.instant()));
        LOG.infof("journey %s published as version %d", id, version);
        return published;
    }

    public StoredJourney pause(String id) {
        return transition(id, JourneyStatus.ACTIVE, JourneyStatus.PAUSED);
    }

    public StoredJourney resume(String id) {
        return transition(id, JourneyStatus.PAUSED, JourneyStatus.ACTIVE);
    }

    public StoredJourney archive(String id) {
        StoredJourney current = get(id);
        if (current.status() == JourneyStatus.ARCHIVED) {
            return current;
        }
        return write(current.with(JourneyStatus.ARCHIVED, current.draftJson(), current.name(),
                current.publishedVersion(), clock.instant()));
    }

    private StoredJourney transition(String id, JourneyStatus from, JourneyStatus to) {
        StoredJourney current = get(id);
        if (current.status() == to) {
            return current;
        }
        if (current.status() != from) {
            throw JourneyException.conflict("journey '" + id + "' is " + current.status().wireName() + ", not "
                    + from.wireName());
        }
        return write(current.with(to, current.draftJson(), current.name(), current.publishedVersion(),
                clock.instant()));
    }

    private StoredJourney write(StoredJourney next) {
        if (!store.update(next)) {
            throw JourneyException.conflict("journey '" + next.id() + "' was changed concurrently; try again");
        }
        index.refresh();
        return get(next.id());
    }
}
