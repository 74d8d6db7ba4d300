package io.omnijourney.journey.domain;

import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * Compiles marketer conditions. Only {@code event} and {@code profile} (maps from string to dyn) and {@code now} (a
 * timestamp) are declared: any other identifier, a Java class name included, is a compile error, and CEL has no way
 * to reach the host otherwise. The result must be a bool.
 */
public final class Conditions {

    public static final int MAX_LENGTH = 2_000;

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .addVar("event", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("profile", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("now", SimpleType.TIMESTAMP)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private Conditions() {
    }

    /** The compiled condition, or the first compile error with its position. */
    public static Result compile(String expression) {
        if (expression == null || expression.isBlank()) {
            return new Result(null, new Condition.CompileError(1, 1, "empty expression"));
        }
        if (expression.length() > MAX_LENGTH) {
            return new Result(null, new Condition.CompileError(1, MAX_LENGTH + 1,
                    "longer than " + MAX_LENGTH + " characters"));
        }
        CelValidationResult result = COMPILER.compile(expression);
        if (result.hasError()) {
            return new Result(null, Condition.firstError(result));
        }
        try {
            return new Result(new Condition(expression, RUNTIME.createProgram(result.getAst())), null);
        } catch (CelEvaluationException | dev.cel.common.CelValidationException e) {
            return new Result(null, new Condition.CompileError(1, 1, e.getMessage()));
        }
    }

    public record Result(Condition condition, Condition.CompileError error) {
        public boolean ok() {
            return condition != null;
        }
    }
}
