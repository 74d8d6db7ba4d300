package io.omnijourney.journey.app;

import io.omnijourney.journey.app.StatCounts.CounterKey;
import io.omnijourney.journey.domain.Experiments;
import io.omnijourney.journey.domain.JourneyDefinition;
import io.omnijourney.journey.domain.Step;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Statistics read from counters ({@link StatsStore}), one per journey version and one per step of each version (and
 * one per step for the fates of its messages, {@link SendFates}), summed over the versions: the cost of a request grows with versions and steps, never with instances. The counters
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
        stepIds.forEach(id -> keys.add(new CounterKey(journeyId, StatCounts.FATES_VERSION, id)));
        JourneyDefinition latest = journey.publishedVersion() >= 1
                ? definitions.get(journeyId, journey.publishedVersion()) : null;
        Map<CounterKey, Map<String, Long>> read = counters.read(keys);
        Map<String, Long> totals = new TreeMap<>();
        Map<String, Map<String, Long>> steps = new LinkedHashMap<>();
        stepIds.forEach(id -> steps.put(id, new TreeMap<>()));
        read.forEach((key, fields) -> {
            Map<String, Long> into = key.stepId() == null ? totals : steps.get(key.stepId());
            fields.forEach((field, n) -> into.merge(field, n, Long::sum));
        });
        List<JourneyStats.StepStats> perStep = new ArrayList<>();
        Map<String, Long> allFates = new TreeMap<>();
        steps.forEach((id, c) -> {
            Map<String, Long> fates = group(c, "fates");
            fates.forEach((fate, n) -> allFates.merge(fate, n, Long::sum));
            perStep.add(new JourneyStats.StepStats(id, c.getOrDefault("entered", 0L), c.getOrDefault("active", 0L),
                    group(c, "exited"), c.getOrDefault("conversions", 0L), group(c, "sends"),
                    JourneyStats.Delivery.of(sum(group(c, "sends")), fates)));
        });
        Map<String, Long> sends = group(totals, "sends");
        return new JourneyStats(journeyId, totals.getOrDefault("entered", 0L), totals.getOrDefault("active", 0L),
                totals.getOrDefault("completed", 0L), group(totals, "exited"), totals.getOrDefault("conversions", 0L),
                sends, JourneyStats.Delivery.of(sum(sends), allFates), perStep, experiments(latest, steps),
                holdout(latest, totals));
    }

    /**
     * The headline counts of many journeys (a list of up to {@code limits.max-journeys}) from ONE read of their
     * version counters by {@code _id} ({@code <journey>/<version>} for every published version), never a read per
     * journey. Steps and fates are not read: the version counters alone hold entered, active and conversions.
     */
    public Map<String, JourneyStats.Headline> headlines(Collection<StoredJourney> journeys) {
        List<CounterKey> keys = new ArrayList<>();
        for (StoredJourney journey : journeys) {
            for (int version = 1; version <= journey.publishedVersion(); version++) {
                keys.add(new CounterKey(journey.id(), version, null));
            }
        }
        Map<String, Map<String, Long>> totals = new HashMap<>();
        counters.read(keys).forEach((key, fields) -> fields.forEach((field, n) ->
                totals.computeIfAbsent(key.journeyId(), id -> new HashMap<>()).merge(field, n, Long::sum)));
        Map<String, JourneyStats.Headline> headlines = new HashMap<>();
        totals.forEach((id, t) -> headlines.put(id, new JourneyStats.Headline(t.getOrDefault("entered", 0L),
                t.getOrDefault("active", 0L), t.getOrDefault("conversions", 0L))));
        return headlines;
    }

    /** One experiment per random split step of the latest published version, its counts summed over versions. */
    private static List<JourneyStats.SplitStats> experiments(JourneyDefinition latest,
            Map<String, Map<String, Long>> steps) {
        List<JourneyStats.SplitStats> experiments = new ArrayList<>();
        if (latest == null) {
            return experiments;
        }
        for (Step step : latest.steps()) {
            if (!(step instanceof Step.RandomSplit split)) {
                continue;
            }
            Map<String, Long> c = steps.getOrDefault(split.id(), Map.of());
            List<Experiments.Rate> rates = new ArrayList<>();
            for (int i = 0; i < split.paths().size(); i++) {
                rates.add(Experiments.rate(c.getOrDefault(StatCounts.VARIANT_ENTERED + ".p" + i, 0L),
                        c.getOrDefault(StatCounts.VARIANT_CONVERSIONS + ".p" + i, 0L)));
            }
            Experiments.Rate control = rates.get(split.control());
            List<JourneyStats.VariantStats> variants = new ArrayList<>();
            for (int i = 0; i < split.paths().size(); i++) {
                Step.RandomSplit.Path path = split.paths().get(i);
                Experiments.Rate rate = rates.get(i);
                boolean isControl = i == split.control();
                Experiments.Comparison vs = isControl ? new Experiments.Comparison(null, null, false)
                        : Experiments.compare(rate, control);
                variants.add(new JourneyStats.VariantStats(i, path.name(), path.next(), path.percent(), isControl,
                        rate.entered(), rate.conversions(), rate.rate(), rate.ci95Low(), rate.ci95High(), vs.lift(),
                        vs.pValue(), vs.significant()));
            }
            experiments.add(new JourneyStats.SplitStats(split.id(), split.control(), variants));
        }
        return experiments;
    }

    /** Held-out entrants against the others, when the journey holds out (or held out in an earlier version). */
    private static JourneyStats.HoldoutStats holdout(JourneyDefinition latest, Map<String, Long> totals) {
        long heldOut = totals.getOrDefault(StatCounts.HOLDOUT_ENTERED, 0L);
        int percent = latest == null ? 0 : latest.holdoutPercent();
        if (percent == 0 && heldOut == 0) {
            return null;
        }
        long heldOutConversions = totals.getOrDefault(StatCounts.HOLDOUT_CONVERSIONS, 0L);
        Experiments.Rate holdout = Experiments.rate(heldOut, heldOutConversions);
        Experiments.Rate treatment = Experiments.rate(totals.getOrDefault("entered", 0L) - heldOut,
                totals.getOrDefault("conversions", 0L) - heldOutConversions);
        Experiments.Comparison vs = Experiments.compare(treatment, holdout);
        return new JourneyStats.HoldoutStats(percent, holdout, treatment, vs.lift(), vs.pValue(), vs.significant());
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
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
