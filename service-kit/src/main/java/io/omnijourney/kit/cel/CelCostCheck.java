package io.omnijourney.kit.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelSource;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.ast.CelExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The save-time limits on a parsed expression's shape: how deep its tree is, and how many comprehensions run inside the
 * loop of another (each level multiplies the iterations: eight levels over ten elements are 10^8 steps). A comprehension
 * in another's range, initial value or result runs once, so it does not count as nested.
 */
public final class CelCostCheck {

    private CelCostCheck() {
    }

    /** The limits the expression breaks, each with the position of the first node that breaks it; empty when fine. */
    public static List<CelProblem> problems(CelAbstractSyntaxTree ast, CelLimits limits) {
        Walk walk = new Walk(ast.getSource(), limits);
        walk.visit(ast.getExpr(), 1, 0);
        return walk.problems;
    }

    /** The size limit, checked before parsing: a parser's work grows with the text. */
    public static Optional<CelProblem> lengthProblem(String expression, CelLimits limits) {
        if (expression.length() <= limits.maxLength()) {
            return Optional.empty();
        }
        return Optional.of(new CelProblem(limits.maxLength(), 0, 0, "longer than " + limits.maxLength()
                + " characters (" + expression.length() + ")"));
    }

    private static final class Walk {
        private final CelSource source;
        private final CelLimits limits;
        private final List<CelProblem> problems = new ArrayList<>();
        private boolean depthReported;
        private boolean nestingReported;

        Walk(CelSource source, CelLimits limits) {
            this.source = source;
            this.limits = limits;
        }

        void visit(CelExpr expr, int depth, int loops) {
            if (depth > limits.maxDepth()) {
                if (!depthReported) {
                    depthReported = true;
                    problems.add(at(expr, "nested more than " + limits.maxDepth() + " levels deep"));
                }
                return;
            }
            switch (expr.exprKind().getKind()) {
                case SELECT -> visit(expr.select().operand(), depth + 1, loops);
                case CALL -> {
                    expr.call().target().ifPresent(t -> visit(t, depth + 1, loops));
                    expr.call().args().forEach(a -> visit(a, depth + 1, loops));
                }
                case LIST -> expr.list().elements().forEach(e -> visit(e, depth + 1, loops));
                case MAP -> expr.map().entries().forEach(e -> {
                    visit(e.key(), depth + 1, loops);
                    visit(e.value(), depth + 1, loops);
                });
                case STRUCT -> expr.struct().entries().forEach(e -> visit(e.value(), depth + 1, loops));
                case COMPREHENSION -> comprehension(expr, depth, loops);
                default -> {
                }
            }
        }

        private void comprehension(CelExpr expr, int depth, int loops) {
            int inside = loops + 1;
            if (inside > limits.maxComprehensionNesting()) {
                if (!nestingReported) {
                    nestingReported = true;
                    problems.add(at(expr, "comprehensions (all, exists, exists_one, map, filter) nested " + inside
                            + " deep; at most " + limits.maxComprehensionNesting()));
                }
                return;
            }
            CelExpr.CelComprehension c = expr.comprehension();
            visit(c.iterRange(), depth + 1, loops);
            visit(c.accuInit(), depth + 1, loops);
            visit(c.loopCondition(), depth + 1, inside);
            visit(c.loopStep(), depth + 1, inside);
            visit(c.result(), depth + 1, loops);
        }

        private CelProblem at(CelExpr expr, String message) {
            Integer offset = source.getPositionsMap().get(expr.id());
            if (offset == null) {
                return CelProblem.whole(message);
            }
            CelSourceLocation location = source.getOffsetLocation(offset).orElse(CelSourceLocation.NONE);
            if (location.getLine() < 1) {
                return new CelProblem(offset, 0, 0, message);
            }
            return new CelProblem(offset, location.getLine(), location.getColumn() + 1, message);
        }
    }
}
