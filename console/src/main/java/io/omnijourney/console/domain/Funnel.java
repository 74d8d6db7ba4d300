package io.omnijourney.console.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where people drop out: from the first step, along the branch most of them took at each step, each step's entries
 * and the share lost since the step before.
 */
public final class Funnel {

    /** {@code dropOff} is the share of the previous stage's entries that did not reach this one (null for the first). */
    public record Stage(String stepId, long entered, Double dropOff) {
        public String dropOffPercent() {
            return dropOff == null ? "" : String.format(java.util.Locale.ROOT, "%.1f%%", dropOff * 100);
        }

        /** Width of the bar, relative to the first stage, in percent. */
        public long widthOf(long first) {
            return first == 0 ? 0 : Math.max(1, Math.round(100.0 * entered / first));
        }
    }

    private Funnel() {
    }

    public static List<Stage> of(List<StepGraph.Node> nodes, Map<String, StepGraph.Counts> counts) {
        List<Stage> stages = new ArrayList<>();
        if (nodes.isEmpty()) {
            return stages;
        }
        Map<String, StepGraph.Node> byId = new HashMap<>();
        nodes.forEach(n -> byId.putIfAbsent(n.id(), n));
        Set<String> seen = new HashSet<>();
        StepGraph.Node current = nodes.get(0);
        Long previous = null;
        while (current != null && seen.add(current.id())) {
            long entered = counts.getOrDefault(current.id(), StepGraph.Counts.NONE).entered();
            Double dropOff = previous == null ? null
                    : previous == 0 ? 0.0 : Math.max(0.0, (previous - entered) / (double) previous);
            stages.add(new Stage(current.id(), entered, dropOff));
            previous = entered;
            current = current.edges().stream().map(e -> byId.get(e.target())).filter(n -> n != null)
                    .filter(n -> !seen.contains(n.id()))
                    .max(java.util.Comparator.comparingLong(
                            n -> counts.getOrDefault(n.id(), StepGraph.Counts.NONE).entered()))
                    .orElse(null);
        }
        return stages;
    }
}
