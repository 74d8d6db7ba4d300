package io.omnijourney.journey.domain;

import io.omnijourney.contract.touchpoint.Channel;
import java.time.Duration;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated journey definition (what {@link DefinitionParser} accepts). Steps are in declaration order; the first
 * one is where an instance starts.
 */
public record JourneyDefinition(
        String name,
        String description,
        Trigger trigger,
        Optional<Condition> audience,
        EntryRules entry,
        List<ExitCriterion> exitCriteria,
        Optional<ConversionGoal> goal,
        Optional<QuietHours> quietHours,
        Optional<FrequencyCap> frequencyCap,
        int holdoutPercent,
        List<Step> steps) {

    /** The largest share of entrants a journey may hold out. */
    public static final int MAX_HOLDOUT_PERCENT = 50;

    public JourneyDefinition {
        exitCriteria = List.copyOf(exitCriteria);
        steps = List.copyOf(steps);
    }

    public Step firstStep() {
        return steps.get(0);
    }

    public Optional<Step> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Map<String, Step> stepsById() {
        Map<String, Step> byId = new LinkedHashMap<>();
        steps.forEach(s -> byId.put(s.id(), s));
        return byId;
    }

    /** Every condition of the definition: audience, trigger condition, branch cases. */
    public List<Condition> conditions() {
        List<Condition> all = new java.util.ArrayList<>();
        audience.ifPresent(all::add);
        if (trigger instanceof EventTrigger events) {
            events.condition().ifPresent(all::add);
        }
        for (Step step : steps) {
            if (step instanceof Step.Branch branch) {
                branch.cases().forEach(c -> all.add(c.condition()));
            }
        }
        return all;
    }

    /** The latest evaluation of one of its conditions cut off by the run-time budget (on this instance), if any. */
    public Optional<Condition.OverBudget> lastOverBudget() {
        return conditions().stream().map(Condition::lastOverBudget).flatMap(Optional::stream)
                .max(java.util.Comparator.comparing(Condition.OverBudget::at));
    }

    /** The keys of the trigger index: event names, or {@code segment:<id>} for a segment-entered trigger. */
    public Set<String> triggerKeys() {
        return trigger.keys();
    }

    public sealed interface Trigger {
        Set<String> keys();
    }

    /** One of the events, optionally from one of the channels, for which the condition holds. */
    public record EventTrigger(List<String> events, Set<Channel> channels, Optional<Condition> condition)
            implements Trigger {
        public EventTrigger {
            events = List.copyOf(events);
            channels = Set.copyOf(channels);
        }

        @Override
        public Set<String> keys() {
            return Set.copyOf(events);
        }
    }

    /** The profile entered the segment. */
    public record SegmentTrigger(String segmentId) implements Trigger {
        public static final String KEY_PREFIX = "segment:";

        @Override
        public Set<String> keys() {
            return Set.of(KEY_PREFIX + segmentId);
        }
    }

    public enum Reentry { NEVER, AFTER_EXIT, ALWAYS }

    /** Whether and when a profile may enter again; {@code cooldown} counts from its last entry. */
    public record EntryRules(Reentry reentry, Duration cooldown) {
        public static EntryRules defaults() {
            return new EntryRules(Reentry.AFTER_EXIT, Duration.ZERO);
        }
    }

    /** The event ends an instance wherever it is; with a correlation, only if that property matches the trigger's. */
    public record ExitCriterion(String event, Optional<String> correlation) {
    }

    /** The event counts as a conversion if it happens within {@code within} of entry. */
    public record ConversionGoal(String event, Duration within) {
    }

    /** At most {@code maxSends} marketing sends per profile per journey in any {@code per} window. */
    public record FrequencyCap(int maxSends, Duration per) {
    }

    /** No marketing sends between {@code start} and {@code end}, profile local time (may wrap midnight). */
    public record QuietHours(LocalTime start, LocalTime end) {
    }
}
