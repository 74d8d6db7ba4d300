package io.omnijourney.journey.domain;

import io.omnijourney.contract.notification.MessageCategory;
import io.omnijourney.contract.touchpoint.Channel;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a journey. {@code next} references are step ids; an absent {@code next} ends the journey (completed).
 * Steps are data: the {@link StepMachine} interprets them.
 */
public sealed interface Step {

    String id();

    /** Every step id this step may continue to, for reference and reachability checks. */
    List<String> successors();

    /** Whether an instance parks on this step (a loop through such a step cannot spin). */
    default boolean waits() {
        return false;
    }

    /** Asks for a message: the first channel, then the fallbacks in order. */
    record Send(String id, List<Channel> channels, String templateId, MessageCategory category,
            Map<String, Object> variables, String next) implements Step {
        public Send {
            channels = List.copyOf(channels);
            variables = variables == null ? Map.of() : Map.copyOf(variables);
        }

        @Override
        public List<String> successors() {
            return optional(next);
        }
    }

    /** Waits a duration, then (if {@code until} is set) until the next time of day in the profile's time zone. */
    record Wait(String id, Optional<Duration> duration, Optional<LocalTime> until, String next) implements Step {
        @Override
        public List<String> successors() {
            return optional(next);
        }

        @Override
        public boolean waits() {
            return true;
        }
    }

    /**
     * Waits for an event, optionally one whose {@code correlation} property equals the triggering event's; continues
     * down {@code received} or, after {@code timeout}, {@code timedOut}.
     */
    record WaitForEvent(String id, String event, Optional<String> correlation, Duration timeout, String received,
            String timedOut) implements Step {
        @Override
        public List<String> successors() {
            return java.util.stream.Stream.of(received, timedOut).filter(java.util.Objects::nonNull).toList();
        }

        @Override
        public boolean waits() {
            return true;
        }
    }

    /** The first condition that holds decides; none: {@code otherwise}. */
    record Branch(String id, List<Case> cases, String otherwise) implements Step {
        public Branch {
            cases = List.copyOf(cases);
        }

        @Override
        public List<String> successors() {
            List<String> all = new java.util.ArrayList<>(cases.stream().map(Case::next)
                    .filter(java.util.Objects::nonNull).toList());
            if (otherwise != null) {
                all.add(otherwise);
            }
            return all;
        }

        public record Case(Condition condition, String next) {
        }
    }

    /**
     * Percentages summing to 100; a profile always lands on the same path of the same step. The paths are the
     * variants of an experiment: {@code control} is the index of the one the others are compared with (the first
     * unless a path says {@code "control": true}); {@code name} is an optional label for the statistics.
     */
    record RandomSplit(String id, List<Path> paths, int control) implements Step {
        public RandomSplit {
            paths = List.copyOf(paths);
        }

        public RandomSplit(String id, List<Path> paths) {
            this(id, paths, 0);
        }

        @Override
        public List<String> successors() {
            return paths.stream().map(Path::next).filter(java.util.Objects::nonNull).toList();
        }

        public record Path(int percent, String next, String name) {
            public Path(int percent, String next) {
                this(percent, next, null);
            }
        }
    }

    /** Sets a profile trait (published as an identify touchpoint, applied by profile-service). */
    record UpdateTrait(String id, String trait, Object value, String next) implements Step {
        @Override
        public List<String> successors() {
            return optional(next);
        }
    }

    /** Ends the instance here (exit reason {@code exit_step}). */
    record Exit(String id) implements Step {
        @Override
        public List<String> successors() {
            return List.of();
        }
    }

    private static List<String> optional(String next) {
        return next == null ? List.of() : List.of(next);
    }
}
