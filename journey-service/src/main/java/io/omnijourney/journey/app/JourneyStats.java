package io.omnijourney.journey.app;

import java.util.List;
import java.util.Map;

/**
 * Counts over a journey's instances. {@code exited} is by reason ({@code exit_criteria}, {@code exit_step},
 * {@code archived}, {@code erased}, {@code merged_duplicate}); sends are the requests written, by first channel.
 */
public record JourneyStats(String journeyId, long entered, long active, long completed, Map<String, Long> exited,
        long conversions, Map<String, Long> sendsByChannel, List<StepStats> steps) {

    /** {@code entered} counts executions of the step (a loop through it counts each pass). */
    public record StepStats(String stepId, long entered, long active, Map<String, Long> exited, long conversions,
            Map<String, Long> sendsByChannel) {
    }
}
