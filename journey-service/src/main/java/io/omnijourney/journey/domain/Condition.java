package io.omnijourney.journey.domain;

import dev.cel.runtime.CelRuntime;
import io.omnijourney.kit.cel.BoundedCel;
import io.omnijourney.kit.cel.CelLimits;
import io.omnijourney.kit.cel.CelOutcome;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A compiled CEL condition over {@code event}, {@code profile} and {@code now}. Evaluation that fails (a missing map
 * key not guarded by {@code has()}, a type mismatch) counts as "does not hold": marketer data must not stop a journey.
 * So does an evaluation cut off by the run-time budget, which is also remembered here (the journey's GET shows it)
 * and counted.
 */
public final class Condition {

    private static final LongAdder OVER_BUDGET_TOTAL = new LongAdder();

    private final String source;
    private final CelRuntime.Program program;
    private final CelLimits limits;
    private final AtomicReference<OverBudget> lastOverBudget = new AtomicReference<>();

    Condition(String source, CelRuntime.Program program, CelLimits limits) {
        this.source = source;
        this.program = program;
        this.limits = limits;
    }

    public String source() {
        return source;
    }

    public boolean test(Map<String, Object> event, Map<String, Object> profile, Instant now) {
        CelOutcome outcome = BoundedCel.evaluate(program, Map.of("event", event, "profile", profile,
                "now", com.google.protobuf.Timestamp.newBuilder().setSeconds(now.getEpochSecond())
                        .setNanos(now.getNano()).build()), limits);
        if (outcome instanceof CelOutcome.OverBudget cut) {
            OVER_BUDGET_TOTAL.increment();
            lastOverBudget.set(new OverBudget(source, cut.reason(), Instant.now()));
        }
        return outcome.holds();
    }

    /** The latest evaluation of this condition cut off by the run-time budget, if any. */
    public java.util.Optional<OverBudget> lastOverBudget() {
        return java.util.Optional.ofNullable(lastOverBudget.get());
    }

    /** Evaluations of any condition cut off by the run-time budget since start. */
    public static long overBudgetTotal() {
        return OVER_BUDGET_TOTAL.sum();
    }

    @Override
    public String toString() {
        return source;
    }

    /** An evaluation cut off by the run-time budget: it counted as "does not hold". */
    public record OverBudget(String condition, String reason, Instant at) {
    }

    /** A compile error with its 1-based position, and its 0-based offset, in the expression. */
    public record CompileError(int line, int column, int offset, String message) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column + " (offset " + offset + "): " + message;
        }
    }
}
