package io.omnijourney.journey.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structural checks over the steps: references resolve, every step is reachable from the first, and every cycle
 * passes through a step that waits (otherwise an instance would spin without end within one event).
 */
final class StepGraph {

    private StepGraph() {
    }

    /** A reference out of a step: the field's path relative to the step, and the target step id. */
    record Edge(String field, String target) {
    }

    static List<Edge> edges(Step step) {
        List<Edge> edges = new ArrayList<>();
        if (step instanceof Step.Send s) {
            add(edges, "next", s.next());
        } else if (step instanceof Step.Wait w) {
            add(edges, "next", w.next());
        } else if (step instanceof Step.WaitForEvent w) {
            add(edges, "received", w.received());
            add(edges, "timedOut", w.timedOut());
        } else if (step instanceof Step.Branch b) {
            for (int i = 0; i < b.cases().size(); i++) {
                add(edges, "conditions/" + i + "/next", b.cases().get(i).next());
            }
            add(edges, "default", b.otherwise());
        } else if (step instanceof Step.RandomSplit r) {
            for (int i = 0; i < r.paths().size(); i++) {
                add(edges, "paths/" + i + "/next", r.paths().get(i).next());
            }
        } else if (step instanceof Step.UpdateTrait u) {
            add(edges, "next", u.next());
        }
        return edges;
    }

    private static void add(List<Edge> edges, String field, String target) {
        if (target != null) {
            edges.add(new Edge(field, target));
        }
    }

    static List<DefinitionProblem> check(List<Step> steps) {
        List<DefinitionProblem> problems = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            index.put(steps.get(i).id(), i);
        }
        for (int i = 0; i < steps.size(); i++) {
            for (Edge edge : edges(steps.get(i))) {
                if (!index.containsKey(edge.target())) {
                    problems.add(new DefinitionProblem("/steps/" + i + "/" + edge.field(),
                            "unknown step '" + edge.target() + "'"));
                }
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(steps.get(0).id()));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (reached.add(id)) {
                edges(steps.get(index.get(id))).forEach(e -> todo.push(e.target()));
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            if (!reached.contains(steps.get(i).id())) {
                problems.add(new DefinitionProblem("/steps/" + i,
                        "step '" + steps.get(i).id() + "' is unreachable from the first step"));
            }
        }
        findLoopWithoutWait(steps, index).ifPresent(problems::add);
        return problems;
    }

    /** Depth-first search over the edges that leave non-waiting steps: a back edge is a loop that never waits. */
    private static java.util.Optional<DefinitionProblem> findLoopWithoutWait(List<Step> steps,
            Map<String, Integer> index) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
        for (Step start : steps) {
            LinkedHashSet<String> path = new LinkedHashSet<>();
            java.util.Optional<DefinitionProblem> found = visit(start, steps, index, state, path);
            if (found.isPresent()) {
                return found;
            }
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<DefinitionProblem> visit(Step step, List<Step> steps, Map<String, Integer> index,
            Map<String, Integer> state, LinkedHashSet<String> path) {
        Integer seen = state.get(step.id());
        if (seen != null && seen == 2) {
            return java.util.Optional.empty();
        }
        state.put(step.id(), 1);
        path.add(step.id());
        if (!step.waits()) {
            for (Edge edge : edges(step)) {
                Step target = steps.get(index.get(edge.target()));
                if (Integer.valueOf(1).equals(state.get(target.id())) && !target.waits()) {
                    List<String> cycle = new ArrayList<>(path);
                    cycle = cycle.subList(cycle.indexOf(target.id()), cycle.size());
                    return java.util.Optional.of(new DefinitionProblem(
                            "/steps/" + index.get(step.id()) + "/" + edge.field(),
                            "loop without a wait: " + String.join(" -> ", cycle) + " -> " + target.id()));
                }
                java.util.Optional<DefinitionProblem> found = visit(target, steps, index, state, path);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        path.remove(step.id());
        state.put(step.id(), 2);
        return java.util.Optional.empty();
    }
}
