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
        long conversions, Map<String, Long> sendsByChannel, Delivery delivery, List<StepStats> steps,
        List<SplitStats> experiments, HoldoutStats holdout) {

    /** The counts a list of journeys shows per journey, summed over its versions as in the full statistics. */
    public record Headline(long entered, long active, long conversions) {

        public static final Headline NONE = new Headline(0, 0, 0);
    }

    /** {@code entered} counts executions of the step (a loop through it counts each pass). */
    public record StepStats(String stepId, long entered, long active, Map<String, Long> exited, long conversions,
            Map<String, Long> sendsByChannel, Delivery delivery) {
    }

    /**
     * What became of the messages sent: each message counted at most once per fate. {@code bounced} is an email bounce
     * or an SMS the carrier did not deliver; {@code opened} an email open (pixel or provider) or a push open. Rates are
     * over the messages sent (null before any): delivery receipts exist only where the provider reports them, and
     * opens are estimates (blocked images, privacy proxies).
     */
    public record Delivery(long sent, long delivered, long opened, long clicked, long bounced, long complained,
            long unsubscribed, Double deliveryRate, Double openRate, Double clickRate, Double bounceRate) {

        /** From the messages sent and the {@code fates.<fate>} counts. */
        public static Delivery of(long sent, Map<String, Long> fates) {
            long delivered = fates.getOrDefault("delivered", 0L);
            long opened = fates.getOrDefault("opened", 0L);
            long clicked = fates.getOrDefault("clicked", 0L);
            long bounced = fates.getOrDefault("bounced", 0L);
            return new Delivery(sent, delivered, opened, clicked, bounced, fates.getOrDefault("complained", 0L),
                    fates.getOrDefault("unsubscribed", 0L), rate(delivered, sent), rate(opened, sent),
                    rate(clicked, sent), rate(bounced, sent));
        }

        private static Double rate(long n, long sent) {
            return sent == 0 ? null : Math.min(1.0, n / (double) sent);
        }
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
