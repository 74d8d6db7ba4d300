package io.omnijourney.notification.app;

import io.quarkus.qute.Results;
import java.util.List;

/**
 * What one render (every part of one message) may still spend: iterations per loop and in total, characters of
 * output, and time. Not thread-safe: a render runs on one thread (every value resolver is synchronous).
 */
final class RenderBudget {

    private final TemplateRenderer.Limits limits;
    private final long deadline;
    private long iterations;
    private long output;

    RenderBudget(TemplateRenderer.Limits limits) {
        this.limits = limits;
        this.deadline = System.nanoTime() + limits.maxRenderTime().toNanos();
    }

    /** A loop is about to iterate over {@code value}: refused unless it is a list the budget admits whole. */
    void enterLoop(String where, Object value) {
        checkTime();
        if (value == null || Results.isNotFound(value)) {
            return;
        }
        if (!(value instanceof List<?> list)) {
            throw new TemplateLimitException("loop-type", where + " iterates over lists only, not over "
                    + kind(value));
        }
        if (list.size() > limits.maxLoopIterations()) {
            throw new TemplateLimitException("loop-iterations", where + " would iterate " + list.size()
                    + " times; at most " + limits.maxLoopIterations() + " per loop");
        }
        iterations += list.size();
        if (iterations > limits.maxIterations()) {
            throw new TemplateLimitException("total-iterations", where + " takes the render over "
                    + limits.maxIterations() + " loop iterations in total");
        }
    }

    /** {@code chars} more characters of output. */
    void output(String part, int chars) {
        output += chars;
        if (output > limits.maxOutputChars()) {
            throw new TemplateLimitException("output-size", "the rendered message (at part '" + part
                    + "') is longer than " + limits.maxOutputChars() + " characters");
        }
        checkTime();
    }

    void checkTime() {
        if (System.nanoTime() - deadline > 0) {
            throw new TemplateLimitException("render-time", "rendering took longer than "
                    + limits.maxRenderTime().toMillis() + " ms");
        }
    }

    private static String kind(Object value) {
        if (value instanceof Number n) {
            return "a number (" + n + ")";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof java.util.Map<?, ?>) {
            return "a map";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
