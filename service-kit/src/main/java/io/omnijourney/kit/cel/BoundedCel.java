package io.omnijourney.kit.cel;

import dev.cel.common.CelOptions;
import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationListener;
import dev.cel.runtime.CelRuntime;
import java.util.Map;

/**
 * Runs marketer and analyst CEL within a budget. CEL always terminates, but nested comprehensions multiply: without a
 * bound one expression held a consumer thread for minutes, deeper ones for hours. Two bounds apply to one evaluation:
 * <ul>
 *   <li>at most {@link CelLimits#maxIterations()} loop iterations over all its comprehensions (CEL's own iteration
 *       budget, which counts per evaluation; set by {@link #options});</li>
 *   <li>at most {@link CelLimits#maxTime()}: an evaluation listener CEL calls after every sub-expression reads the
 *       clock every few steps and throws to unwind the interpreter, so the cut-off lands within microseconds of the
 *       budget whatever the expression does between two steps (every CEL function is linear in its input).</li>
 * </ul>
 * Regular expressions ({@code matches}) run on RE2J (finite automata, linear in the input, no backtracking), with a
 * bounded program size.
 */
public final class BoundedCel {

    /** RE2 program size: enough for any hand-written pattern, refuses generated monsters. */
    public static final int MAX_REGEX_PROGRAM_SIZE = 1_000;

    private BoundedCel() {
    }

    /** CEL options for compilers and runtimes of bounded conditions. */
    public static CelOptions options(CelLimits limits) {
        return CelOptions.current()
                .maxExpressionCodePointSize(limits.maxLength())
                .maxParseRecursionDepth(Math.max(limits.maxDepth() * 2, 64))
                .comprehensionMaxIterations(limits.maxIterations())
                .maxRegexProgramSize(MAX_REGEX_PROGRAM_SIZE)
                .build();
    }

    /**
     * Evaluates within the limits' time budget (the iteration budget is the program's, from {@link #options}); never
     * throws for anything the expression or the data does.
     */
    public static CelOutcome evaluate(CelRuntime.Program program, Map<String, ?> variables, CelLimits limits) {
        Deadline deadline = new Deadline(limits);
        try {
            return new CelOutcome.Value(program.trace(variables, deadline));
        } catch (CelEvaluationException | RuntimeException e) {
            if (deadline.passed) {
                return new CelOutcome.OverBudget("took longer than " + limits.maxTime().toMillis() + " ms");
            }
            if (isIterationBudget(e)) {
                return new CelOutcome.OverBudget("more than " + limits.maxIterations() + " loop iterations");
            }
            return new CelOutcome.Failed(String.valueOf(e.getMessage()));
        } catch (StackOverflowError e) {
            return new CelOutcome.OverBudget("nested too deep to evaluate");
        }
    }

    private static boolean isIterationBudget(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Iteration budget exceeded")) {
                return true;
            }
        }
        return false;
    }

    /** Thrown from the listener to unwind the interpreter; never leaves {@link #evaluate}. */
    private static final class DeadlinePassed extends RuntimeException {
        DeadlinePassed() {
            super("deadline passed", null, false, false);
        }
    }

    private static final class Deadline implements CelEvaluationListener {
        /** Reading the clock on every step would add a third to the cost of a cheap step. */
        private static final int CLOCK_EVERY = 32;

        private final long deadline;
        private int steps;
        private boolean passed;

        Deadline(CelLimits limits) {
            this.deadline = System.nanoTime() + limits.maxTime().toNanos();
        }

        @Override
        public void callback(CelExpr expr, Object result) {
            if (++steps % CLOCK_EVERY == 0 && System.nanoTime() - deadline > 0) {
                passed = true;
                throw new DeadlinePassed();
            }
        }
    }
}
