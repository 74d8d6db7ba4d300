package io.omnijourney.profile.segment;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.List;
import java.util.Map;

/**
 * A compiled segment condition: a CEL expression whose only variable is {@code profile} (a map, see
 * {@link ProfileActivation}) and whose result is a bool. CEL reaches nothing but that variable and its standard
 * functions: no Java classes, no I/O, no unbounded loops. Compiled once, evaluated many times (thread-safe).
 */
public final class SegmentCondition {

    /** Long enough for any hand-written condition, short enough that compiling one stays cheap. */
    public static final int MAX_LENGTH = 4096;

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("profile", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final String expression;
    private final CelRuntime.Program program;

    private SegmentCondition(String expression, CelRuntime.Program program) {
        this.expression = expression;
        this.program = program;
    }

    /** @throws InvalidConditionException naming each problem with its line and column */
    public static SegmentCondition compile(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidConditionException(List.of(new InvalidConditionException.Problem(0, 0,
                    "a condition is required")));
        }
        if (expression.length() > MAX_LENGTH) {
            throw new InvalidConditionException(List.of(new InvalidConditionException.Problem(0, 0,
                    "at most " + MAX_LENGTH + " characters")));
        }
        try {
            CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
            return new SegmentCondition(expression, RUNTIME.createProgram(ast));
        } catch (CelValidationException e) {
            throw new InvalidConditionException(e.getErrors().stream().map(SegmentCondition::problem).toList());
        } catch (CelEvaluationException e) {
            throw new InvalidConditionException(List.of(new InvalidConditionException.Problem(0, 0, e.getMessage())));
        }
    }

    /**
     * @return whether the profile matches; a condition that fails on this profile (a missing key not guarded by
     *     {@code has()}, a type mismatch) is not a match, and the error is passed on for counting
     */
    public Result evaluate(Map<String, Object> activation) {
        try {
            return Boolean.TRUE.equals(program.eval(activation)) ? Result.MATCH : Result.NO_MATCH;
        } catch (CelEvaluationException | RuntimeException e) {
            return Result.ERROR;
        }
    }

    public String expression() {
        return expression;
    }

    public enum Result { MATCH, NO_MATCH, ERROR }

    private static InvalidConditionException.Problem problem(CelIssue issue) {
        return new InvalidConditionException.Problem(issue.getSourceLocation().getLine(),
                issue.getSourceLocation().getColumn() + 1, issue.getMessage());
    }
}
