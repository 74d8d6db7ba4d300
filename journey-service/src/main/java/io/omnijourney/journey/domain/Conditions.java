package io.omnijourney.journey.domain;

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
import io.omnijourney.kit.cel.CelProblem;

/**
 * Compiles marketer conditions. Only {@code event} and {@code profile} (maps from string to dyn) and {@code now} (a
 * timestamp) are declared: any other identifier, a Java class name included, is a compile error, and CEL has no way
 * to reach the host otherwise. The result must be a bool. Cost is bounded by the shared limits ({@link CelLimits}):
 * length, nesting and comprehension nesting at save time, iterations and time per evaluation.
 */
public final class Conditions {

    public static final int MAX_LENGTH = 2_000;
    public static final CelLimits LIMITS = CelLimits.DEFAULTS.withMaxLength(MAX_LENGTH);

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(BoundedCel.options(LIMITS))
            .addVar("event", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("profile", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("now", SimpleType.TIMESTAMP)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(BoundedCel.options(LIMITS)).build();

    private Conditions() {
    }

    /** The compiled condition, or the first problem with its position. */
    public static Result compile(String expression) {
        CelCompilation.Result result = CelCompilation.compile(expression, COMPILER, RUNTIME, LIMITS);
        if (result instanceof CelCompilation.Refused refused) {
            CelProblem first = refused.problems().get(0);
            return new Result(null, new Condition.CompileError(Math.max(1, first.line()),
                    first.positional() ? first.column() : 1, Math.max(0, first.offset()), first.message()));
        }
        return new Result(new Condition(expression, ((CelCompilation.Compiled) result).program(), LIMITS), null);
    }

    public record Result(Condition condition, Condition.CompileError error) {
        public boolean ok() {
            return condition != null;
        }
    }
}
