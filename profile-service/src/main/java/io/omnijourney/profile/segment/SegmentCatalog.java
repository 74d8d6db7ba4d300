package io.omnijourney.profile.segment;

import io.omnijourney.profile.app.SegmentMemberships;
import io.omnijourney.profile.domain.Profile;
import io.omnijourney.profile.domain.Segment;

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
 * "not a member" and is counted.
 */
public final class SegmentCatalog implements SegmentMemberships {

    private volatile Map<String, Compiled> segments = Map.of();
    private final LongAdder errors = new LongAdder();
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
        Map<String, Object> activation = Map.of("profile", ProfileActivation.of(profile, now));
        Set<String> members = new TreeSet<>();
        for (Compiled compiled : current.values()) {
            SegmentCondition.Result result = compiled.condition().evaluate(activation);
            if (result == SegmentCondition.Result.MATCH) {
                members.add(compiled.segment().id());
            } else if (result == SegmentCondition.Result.ERROR) {
                errors.increment();
            }
        }
        return members;
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
