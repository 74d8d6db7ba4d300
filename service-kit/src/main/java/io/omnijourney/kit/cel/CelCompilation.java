package io.omnijourney.kit.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.compiler.CelCompiler;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.List;

/**
 * Compiles a condition under the save-time limits: required, at most {@link CelLimits#maxLength()} characters, valid
 * CEL of the compiler's declarations, then within the depth and comprehension-nesting limits. Every refusal names its
 * position. The compiler and runtime must be built with {@link BoundedCel#options}.
 */
public final class CelCompilation {

    private CelCompilation() {
    }

    /** The outcome of a compilation: a program, or why not. */
    public sealed interface Result {
    }

    public record Compiled(CelRuntime.Program program) implements Result {
    }

    public record Refused(List<CelProblem> problems) implements Result {
        public Refused {
            problems = List.copyOf(problems);
        }
    }

    public static Result compile(String expression, CelCompiler compiler, CelRuntime runtime, CelLimits limits) {
        if (expression == null || expression.isBlank()) {
            return new Refused(List.of(CelProblem.whole("a condition is required")));
        }
        var tooLong = CelCostCheck.lengthProblem(expression, limits);
        if (tooLong.isPresent()) {
            return new Refused(List.of(tooLong.get()));
        }
        CelValidationResult validated = compiler.compile(expression);
        if (validated.hasError()) {
            return new Refused(validated.getErrors().stream().map(i -> problem(expression, i)).toList());
        }
        try {
            CelAbstractSyntaxTree ast = validated.getAst();
            List<CelProblem> costly = CelCostCheck.problems(ast, limits);
            if (!costly.isEmpty()) {
                return new Refused(costly);
            }
            return new Compiled(runtime.createProgram(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            return new Refused(List.of(CelProblem.whole(String.valueOf(e.getMessage()))));
        }
    }

    private static CelProblem problem(String expression, CelIssue issue) {
        CelSourceLocation location = issue.getSourceLocation();
        if (location == null || location.getLine() < 1) {
            return CelProblem.whole(issue.getMessage());
        }
        return new CelProblem(offset(expression, location), location.getLine(), location.getColumn() + 1,
                issue.getMessage());
    }

    /** The character offset of a 1-based line and 0-based column. */
    private static int offset(String expression, CelSourceLocation location) {
        int offset = 0;
        for (int line = 1; line < location.getLine(); line++) {
            int next = expression.indexOf('\n', offset);
            if (next < 0) {
                return -1;
            }
            offset = next + 1;
        }
        return offset + location.getColumn();
    }
}
