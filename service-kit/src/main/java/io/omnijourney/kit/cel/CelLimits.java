package io.omnijourney.kit.cel;

import java.time.Duration;
import java.util.Objects;

/**
 * What one marketer or analyst condition may cost. The save-time limits refuse an expression before it is stored; the
 * run-time budgets cut one evaluation off, whatever the data it meets.
 *
 * @param maxLength              characters of the expression
 * @param maxDepth               nesting of the syntax tree (calls, operators, selections, literals), after macro expansion
 * @param maxComprehensionNesting comprehensions ({@code all}, {@code exists}, {@code exists_one}, {@code map},
 *                               {@code filter}) inside the loop body of another; each level multiplies the work
 * @param maxIterations          loop iterations one evaluation may run, over all its comprehensions together
 * @param maxTime                wall-clock time one evaluation may take
 */
public record CelLimits(int maxLength, int maxDepth, int maxComprehensionNesting, int maxIterations,
        Duration maxTime) {

    /**
     * The iteration budget is the deterministic bound (100,000 iterations take 20 to 100 ms on a busy two-core machine);
     * the time budget is the backstop for whatever iterations do not count, generous enough that a cold JVM on a loaded
     * machine does not cut off ordinary conditions. See the services' READMEs for measured figures.
     */
    public static final CelLimits DEFAULTS = new CelLimits(4096, 32, 2, 100_000, Duration.ofMillis(200));

    public CelLimits {
        Objects.requireNonNull(maxTime, "maxTime");
        if (maxLength < 1 || maxDepth < 1 || maxComprehensionNesting < 0 || maxIterations < 1
                || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("every CEL limit must be positive: " + this);
        }
    }

    public CelLimits withMaxLength(int value) {
        return new CelLimits(value, maxDepth, maxComprehensionNesting, maxIterations, maxTime);
    }

    public CelLimits withMaxIterations(int value) {
        return new CelLimits(maxLength, maxDepth, maxComprehensionNesting, value, maxTime);
    }

    public CelLimits withMaxTime(Duration value) {
        return new CelLimits(maxLength, maxDepth, maxComprehensionNesting, maxIterations, value);
    }
}
