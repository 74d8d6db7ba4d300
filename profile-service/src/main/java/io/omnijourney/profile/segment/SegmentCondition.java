package io.omnijourney.profile.segment;

import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.omnijourney.kit.cel.BoundedCel;
import io.omnijourney.kit.cel.CelCompilation;
import io.omnijourney.kit.cel.CelLimits;
import io.omnijourney.kit.cel.CelOutcome;
import io.omnijourney.profile.domain.Profile;
import java.time.Instant;
import java.util.Map;

/**
 * A compiled segment condition: a CEL expression whose only variable is {@code profile} (a map, see
 * {@link ProfileActivation}) and whose result is a bool. CEL reaches nothing but that variable and its standard
 * functions: no Java classes, no I/O. Its cost is bounded ({@link CelLimits#DEFAULTS}): at save time its length,
 * nesting and comprehension nesting; at run time the iterations and time of each evaluation. Compiled once, evaluated
 * many times (thread-safe).
 */
public final class SegmentCondition {

    public static final CelLimits LIMITS = CelLimits.DEFAULTS;
    /** Long enough for any hand-written condition, short enough that compiling one stays cheap. */
    public static final int MAX_LENGTH = LIMITS.maxLength();

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(BoundedCel.options(LIMITS))
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("profile", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(BoundedCel.options(LIMITS)).build();

    private final String expression;
    private final CelRuntime.Program program;
    private final CelLimits limits;

    private SegmentCondition(String expression, CelRuntime.Program program, CelLimits limits) {
        this.expression = expression;
        this.program = program;
        this.limits = limits;
    }

    /** @throws InvalidConditionException naming each problem with its position */
    public static SegmentCondition compile(String expression) {
        CelCompilation.Result result = CelCompilation.compile(expression, COMPILER, RUNTIME, LIMITS);
        if (result instanceof CelCompilation.Refused refused) {
            throw new InvalidConditionException(refused.problems().stream()
                    .map(p -> new InvalidConditionException.Problem(p.offset(), p.line(), p.column(), p.message()))
                    .toList());
        }
        return new SegmentCondition(expression, ((CelCompilation.Compiled) result).program(), LIMITS);
    }

    /** The same condition evaluated within other run-time budgets (tests and measurements). */
    SegmentCondition withRunBudget(CelLimits other) {
        return new SegmentCondition(expression, program, other);
    }

    /** What a condition is evaluated over: the {@code profile} variable of that profile at {@code now}. */
    public static Map<String, Object> activation(Profile profile, Instant now) {
        return Map.of("profile", ProfileActivation.of(profile, now));
    }

    /**
     * @return whether the profile matches; a condition that fails on this profile (a missing key not guarded by
     *     {@code has()}, a type mismatch) or goes over its budget is not a match
     */
    public Result evaluate(Map<String, Object> activation) {
        return resultOf(outcome(activation));
    }

    /** The evaluation with its reason when it failed or was cut off. */
    public CelOutcome outcome(Map<String, Object> activation) {
        return BoundedCel.evaluate(program, activation, limits);
    }

    public static Result resultOf(CelOutcome outcome) {
        if (outcome instanceof CelOutcome.OverBudget) {
            return Result.OVER_BUDGET;
        }
        if (outcome instanceof CelOutcome.Failed) {
            return Result.ERROR;
        }
        return outcome.holds() ? Result.MATCH : Result.NO_MATCH;
    }

    public String expression() {
        return expression;
    }

    public enum Result { MATCH, NO_MATCH, ERROR, OVER_BUDGET }
}
