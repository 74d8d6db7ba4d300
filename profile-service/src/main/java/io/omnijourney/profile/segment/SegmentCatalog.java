package io.omnijourney.profile.segment;

import io.omnijourney.profile.app.SegmentMemberships;
import io.omnijourney.profile.domain.Profile;
import io.omnijourney.profile.domain.Segment;

import io.omnijourney.kit.cel.CelOutcome;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * The segment conditions in force, compiled. Replaced whole when the definitions change, so an evaluation always sees
 * one consistent set. An evaluation that fails on a profile (a missing key not guarded by {@code has()}) counts as
 * "not a member" and is counted; so does one cut off by the run-time budget, which is also kept until the sweeper
 * records it on the segment's definition ({@link #drainOverBudget}).
 */
public final class SegmentCatalog implements SegmentMemberships {

    private volatile Map<String, Compiled> segments = Map.of();
    private final LongAdder errors = new LongAdder();
    private final LongAdder overBudget = new LongAdder();
    /** Cut-offs not yet recorded on their definitions, by segment id; the sweeper's tick stores them. */
    private final Map<String, OverBudget> unflagged = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    /** @return whether anything changed (added, removed, or another condition) */
    public boolean replaceAll(Collection<Segment> definitions) {
        Map<String, Compiled> current = segments;
        Map<String, Compiled> next = new LinkedHashMap<>();
        for (Segment segment : definitions) {
            Compiled known = current.get(segment.id());
            if (known != null && known.segment().condition().equals(segment.condition())) {
                next.put(segment.id(), new Compiled(segment, known.condition()));
            } else {
                try {
                    next.put(segment.id(), new Compiled(segment, SegmentCondition.compile(segment.condition())));
                } catch (InvalidConditionException e) {
                    // Saved conditions were compiled at save time; one that no longer compiles (a CEL upgrade)
                    // matches nobody rather than stopping every other segment.
                    errors.increment();
                }
            }
        }
        boolean changed = !conditionsOf(current).equals(conditionsOf(next));
        segments = Map.copyOf(next);
        if (changed) {
            generation.incrementAndGet();
        }
        return changed;
    }

    @Override
    public Set<String> evaluate(Profile profile, Instant now) {
        Map<String, Compiled> current = segments;
        if (current.isEmpty()) {
            return Set.of();
        }
        Map<String, Object> activation = SegmentCondition.activation(profile, now);
        Set<String> members = new TreeSet<>();
        for (Compiled compiled : current.values()) {
            CelOutcome outcome = compiled.condition().outcome(activation);
            SegmentCondition.Result result = SegmentCondition.resultOf(outcome);
            if (result == SegmentCondition.Result.MATCH) {
                members.add(compiled.segment().id());
            } else if (result == SegmentCondition.Result.ERROR) {
                errors.increment();
            } else if (result == SegmentCondition.Result.OVER_BUDGET) {
                overBudget.increment();
                Segment segment = compiled.segment();
                if (segment.status() != Segment.Status.OVER_BUDGET) {
                    unflagged.putIfAbsent(segment.id(), new OverBudget(segment.id(), segment.revision(),
                            ((CelOutcome.OverBudget) outcome).reason(), now));
                }
            }
        }
        return members;
    }

    /** Takes the cut-offs not yet recorded on their definitions (each segment once until it is recorded). */
    public List<OverBudget> drainOverBudget() {
        List<OverBudget> drained = new java.util.ArrayList<>();
        for (String id : List.copyOf(unflagged.keySet())) {
            OverBudget flag = unflagged.remove(id);
            if (flag != null) {
                drained.add(flag);
            }
        }
        return drained;
    }

    /** Evaluations cut off by the run-time budget since start. */
    public long overBudget() {
        return overBudget.sum();
    }

    /** An evaluation of {@code revision} of a segment cut off by the run-time budget. */
    public record OverBudget(String segmentId, long revision, String reason, Instant at) {
    }

    @Override
    public String nameOf(String segmentId) {
        Compiled compiled = segments.get(segmentId);
        return compiled == null ? segmentId : compiled.segment().name();
    }

    /** Moves on with every change of the conditions in force. */
    public long generation() {
        return generation.get();
    }

    public List<Segment> definitions() {
        return segments.values().stream().map(Compiled::segment).toList();
    }

    /** Evaluations that failed, and saved conditions that no longer compile, since start. */
    public long errors() {
        return errors.sum();
    }

    private static Map<String, String> conditionsOf(Map<String, Compiled> segments) {
        Map<String, String> conditions = new LinkedHashMap<>();
        segments.forEach((id, compiled) -> conditions.put(id, compiled.segment().condition()));
        return conditions;
    }

    private record Compiled(Segment segment, SegmentCondition condition) {
    }
}
