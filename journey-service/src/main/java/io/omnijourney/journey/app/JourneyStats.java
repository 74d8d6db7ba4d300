package io.omnijourney.journey.app;

import io.omnijourney.journey.domain.Experiments;
import java.util.List;
import java.util.Map;

/**
 * Counts over a journey's instances. {@code exited} is by reason ({@code exit_criteria}, {@code exit_step},
 * {@code holdout}, {@code archived}, {@code erased}, {@code merged_duplicate}); sends are the requests written, by first
 * channel. {@code experiments} has one entry per random split step, {@code holdout} is present when the journey holds
 * entrants out (or did in an earlier version).
 */
public record JourneyStats(String journeyId, long entered, long active, long completed, Map<String, Long> exited,
        long conversions, Map<String, Long> sendsByChannel, List<StepStats> steps, List<SplitStats> experiments,
        HoldoutStats holdout) {

    /** {@code entered} counts executions of the step (a loop through it counts each pass). */
    public record StepStats(String stepId, long entered, long active, Map<String, Long> exited, long conversions,
            Map<String, Long> sendsByChannel) {
    }

    /** A random split step as an experiment: its paths (variants), each compared with the control path. */
    public record SplitStats(String stepId, int control, List<VariantStats> variants) {
    }

    /**
     * Instances that took the path (each counted once, however often it passes the step), those of them who converted,
     * the rate with its 95% interval, and against the control: relative lift and the two-proportion test's p-value.
     */
    public record VariantStats(int path, String name, String next, int percent, boolean control, long entered,
            long conversions, Double rate, Double ci95Low, Double ci95High, Double lift, Double pValue,
            boolean significant) {
    }

    /**
     * The global control group: entrants held out (who got nothing) against the others. {@code lift} is the treatment's
     * relative uplift over the holdout's conversion rate.
     */
    public record HoldoutStats(int percent, Experiments.Rate holdout, Experiments.Rate treatment, Double lift,
            Double pValue, boolean significant) {
    }
}
