package io.omnijourney.notification.app;

import io.quarkus.qute.Expression;
import io.quarkus.qute.LoopSectionHelper;
import io.quarkus.qute.ResultNode;
import io.quarkus.qute.Results;
import io.quarkus.qute.Scope;
import io.quarkus.qute.SectionHelper;
import io.quarkus.qute.SectionHelperFactory;
import io.quarkus.qute.TemplateNode;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@code {#for}} / {@code {#each}} over lists only, within the render's budget. Qute's own loop also iterates over
 * integers (a range), maps and streams: a property handed {@code 100000000} would render for minutes. This factory
 * wraps Qute's loop: a loop over a literal is refused when the template is parsed, and at render time the iterated
 * value must be a list whose size the render's {@link RenderBudget} admits before the first iteration runs.
 */
final class BoundedLoops implements SectionHelperFactory<SectionHelper> {

    /** The template-instance attribute holding the render's {@link RenderBudget}. */
    static final String BUDGET = "omnijourney.render-budget";

    private final LoopSectionHelper.Factory loops = new LoopSectionHelper.Factory();

    @Override
    public List<String> getDefaultAliases() {
        return loops.getDefaultAliases();
    }

    @Override
    public ParametersInfo getParameters() {
        return loops.getParameters();
    }

    @Override
    public List<String> getBlockLabels() {
        return loops.getBlockLabels();
    }

    @Override
    public Scope initializeBlock(Scope previousScope, BlockInfo block) {
        return loops.initializeBlock(previousScope, block);
    }

    @Override
    public SectionHelper initialize(SectionInitContext context) {
        Expression iterable = context.getExpression("iterable");
        return new Bounded(loops.initialize(context), iterable, context.getOrigin(), context.getName());
    }

    /** Why a parsed loop section can never run (it iterates over a literal), or null. */
    static String problem(SectionHelper helper) {
        if (helper instanceof Bounded b && b.iterable() != null && b.iterable().isLiteral()) {
            return "{#" + b.name() + "} iterates over lists only, not over the literal '"
                    + b.iterable().toOriginalString() + "'";
        }
        return null;
    }

    private record Bounded(SectionHelper loop, Expression iterable, TemplateNode.Origin origin, String name)
            implements SectionHelper {

        @Override
        public CompletionStage<ResultNode> resolve(SectionResolutionContext context) {
            RenderBudget budget = (RenderBudget) context.resolutionContext().getAttribute(BUDGET);
            return context.evaluate(iterable).thenCompose(value -> {
                if (budget != null) {
                    budget.enterLoop(where(), value);
                } else if (!(value instanceof List<?>) && value != null && !Results.isNotFound(value)) {
                    throw new TemplateLimitException("loop-type", where() + " iterates over lists only");
                }
                return loop.resolve(context);
            });
        }

        private String where() {
            int line = origin == null ? 0 : origin.getLine();
            return "{#" + name + " " + iterable.toOriginalString() + "} at line " + line;
        }
    }
}
