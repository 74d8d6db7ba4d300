package io.omnijourney.journey.app;

import io.omnijourney.journey.domain.JourneyDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Active journeys by trigger key (event name, or {@code segment:<id>}): an event costs a hash lookup plus the
 * journeys it actually names, however many journeys exist. Rebuilt after every lifecycle change made here and
 * periodically from MongoDB, so that several instances of the service converge on the same set.
 */
public class TriggerIndex {

    private static final Logger LOG = Logger.getLogger(TriggerIndex.class);

    /** A journey that admits new entries, at its latest published version. */
    public record Candidate(String journeyId, int version, String name, JourneyDefinition definition) {
    }

    private final JourneyStore store;
    private final DefinitionCache definitions;
    private volatile Map<String, List<Candidate>> byKey = Map.of();
    private volatile Map<String, JourneyStatus> statuses = Map.of();

    public TriggerIndex(JourneyStore store, DefinitionCache definitions) {
        this.store = store;
        this.definitions = definitions;
    }

    public List<Candidate> candidates(String key) {
        return key == null ? List.of() : byKey.getOrDefault(key, List.of());
    }

    public Optional<JourneyStatus> status(String journeyId) {
        return Optional.ofNullable(statuses.get(journeyId));
    }

    public synchronized void refresh() {
        Map<String, List<Candidate>> keys = new HashMap<>();
        Map<String, JourneyStatus> known = new HashMap<>();
        int active = 0;
        for (StoredJourney journey : store.list()) {
            known.put(journey.id(), journey.status());
            if (journey.status() != JourneyStatus.ACTIVE || journey.publishedVersion() == 0) {
                continue;
            }
            JourneyDefinition definition = definitions.get(journey.id(), journey.publishedVersion());
            Candidate candidate = new Candidate(journey.id(), journey.publishedVersion(), journey.name(), definition);
            definition.triggerKeys().forEach(k -> keys.computeIfAbsent(k, x -> new ArrayList<>()).add(candidate));
            active++;
        }
        keys.replaceAll((k, list) -> List.copyOf(list));
        byKey = Map.copyOf(keys);
        statuses = Map.copyOf(known);
        LOG.debugf("trigger index: %d active journeys under %d keys", active, keys.size());
    }
}
