package io.omnijourney.journey.app;

import io.omnijourney.journey.domain.JourneyDefinition;
import io.omnijourney.journey.domain.JourneyInstance;
import io.omnijourney.journey.domain.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Statistics computed from the instances themselves rather than from separately incremented counters: a redelivered
 * event or a replayed timer cannot count twice, because it cannot change an instance twice.
 */
public class StatsService {

    private final InstanceStore instances;
    private final JourneyCatalog catalog;

    public StatsService(InstanceStore instances, JourneyCatalog catalog) {
        this.instances = instances;
        this.catalog = catalog;
    }

    public JourneyStats stats(String journeyId) {
        StoredJourney journey = catalog.get(journeyId);
        Map<String, long[]> steps = new LinkedHashMap<>(); // entered, active, conversions
        Map<String, Map<String, Long>> stepExits = new LinkedHashMap<>();
        Map<String, Map<String, Long>> stepSends = new LinkedHashMap<>();
        if (journey.draftJson() != null) {
            JourneyDefinition draft = DefinitionCache.parse(journey.draftJson());
            draft.steps().stream().map(Step::id).forEach(id -> steps.put(id, new long[3]));
        }
        long[] totals = new long[4]; // entered, active, completed, conversions
        Map<String, Long> exited = new TreeMap<>();
        Map<String, Long> sends = new TreeMap<>();
        instances.forJourney(journeyId).forEach(i -> {
            totals[0]++;
            i.visits.forEach((step, n) -> step(steps, step)[0] += n);
            if (i.status == JourneyInstance.Status.ACTIVE) {
                totals[1]++;
                step(steps, i.stepId)[1]++;
            } else if (i.status == JourneyInstance.Status.COMPLETED) {
                totals[2]++;
            } else {
                exited.merge(i.exitReason, 1L, Long::sum);
                stepExits.computeIfAbsent(i.stepId, k -> new TreeMap<>()).merge(i.exitReason, 1L, Long::sum);
            }
            if (i.convertedAt != null) {
                totals[3]++;
                if (i.convertedStepId != null) {
                    step(steps, i.convertedStepId)[2]++;
                }
            }
            for (JourneyInstance.SendRecord send : i.sends) {
                sends.merge(send.channel(), 1L, Long::sum);
                stepSends.computeIfAbsent(send.stepId(), k -> new TreeMap<>()).merge(send.channel(), 1L, Long::sum);
            }
        });
        List<JourneyStats.StepStats> perStep = new ArrayList<>();
        steps.forEach((id, c) -> perStep.add(new JourneyStats.StepStats(id, c[0], c[1],
                stepExits.getOrDefault(id, Map.of()), c[2], stepSends.getOrDefault(id, Map.of()))));
        return new JourneyStats(journeyId, totals[0], totals[1], totals[2], exited, totals[3], sends, perStep);
    }

    private static long[] step(Map<String, long[]> steps, String id) {
        return steps.computeIfAbsent(id, k -> new long[3]);
    }
}
