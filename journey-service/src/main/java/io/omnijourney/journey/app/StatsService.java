package io.omnijourney.journey.app;

import io.omnijourney.journey.app.StatCounts.CounterKey;
import io.omnijourney.journey.domain.JourneyDefinition;
import io.omnijourney.journey.domain.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Statistics read from counters ({@link StatsStore}), one per journey version and one per step of each version,
 * summed over the versions: the cost of a request grows with versions and steps, never with instances. The counters
 * move with the instances: a unit of work adds what each of its instance writes changed once that write landed, so a
 * redelivered event or a replayed timer, which changes no instance, counts nothing.
 */
public class StatsService {

    private final StatsStore counters;
    private final JourneyCatalog catalog;
    private final DefinitionCache definitions;

    public StatsService(StatsStore counters, JourneyCatalog catalog, DefinitionCache definitions) {
        this.counters = counters;
        this.catalog = catalog;
        this.definitions = definitions;
    }

    public JourneyStats stats(String journeyId) {
        StoredJourney journey = catalog.get(journeyId);
        Set<String> stepIds = new LinkedHashSet<>();
        if (journey.draftJson() != null) {
            DefinitionCache.parse(journey.draftJson()).steps().stream().map(Step::id).forEach(stepIds::add);
        }
        List<CounterKey> keys = new ArrayList<>();
        for (int version = 1; version <= journey.publishedVersion(); version++) {
            JourneyDefinition def = definitions.get(journeyId, version);
            keys.add(new CounterKey(journeyId, version, null));
            for (Step step : def.steps()) {
                stepIds.add(step.id());
                keys.add(new CounterKey(journeyId, version, step.id()));
            }
        }
        Map<CounterKey, Map<String, Long>> read = counters.read(keys);
        Map<String, Long> totals = new TreeMap<>();
        Map<String, Map<String, Long>> steps = new LinkedHashMap<>();
        stepIds.forEach(id -> steps.put(id, new TreeMap<>()));
        read.forEach((key, fields) -> {
            Map<String, Long> into = key.stepId() == null ? totals : steps.get(key.stepId());
            fields.forEach((field, n) -> into.merge(field, n, Long::sum));
        });
        List<JourneyStats.StepStats> perStep = new ArrayList<>();
        steps.forEach((id, c) -> perStep.add(new JourneyStats.StepStats(id, c.getOrDefault("entered", 0L),
                c.getOrDefault("active", 0L), group(c, "exited"), c.getOrDefault("conversions", 0L),
                group(c, "sends"))));
        return new JourneyStats(journeyId, totals.getOrDefault("entered", 0L), totals.getOrDefault("active", 0L),
                totals.getOrDefault("completed", 0L), group(totals, "exited"), totals.getOrDefault("conversions", 0L),
                group(totals, "sends"), perStep);
    }

    /** {@code exited.<reason>} fields as a map by reason (zeros left out). */
    private static Map<String, Long> group(Map<String, Long> fields, String prefix) {
        Map<String, Long> group = new TreeMap<>();
        fields.forEach((field, n) -> {
            if (field.startsWith(prefix + ".") && n != 0) {
                group.put(field.substring(prefix.length() + 1), n);
            }
        });
        return group;
    }
}
