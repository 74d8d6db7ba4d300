package io.omnijourney.journey.domain;

import dev.cel.common.CelValidationResult;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;

/**
 * A compiled CEL condition over {@code event}, {@code profile} and {@code now}. Evaluation that fails (a missing map
 * key not guarded by {@code has()}, a type mismatch) counts as "does not hold": marketer data must not stop a journey.
 */
public final class Condition {

    private final String source;
    private final CelRuntime.Program program;

    Condition(String source, CelRuntime.Program program) {
        this.source = source;
        this.program = program;
    }

    public String source() {
        return source;
    }

    public boolean test(Map<String, Object> event, Map<String, Object> profile, java.time.Instant now) {
        try {
            Object result = program.eval(Map.of("event", event, "profile", profile,
                    "now", com.google.protobuf.Timestamp.newBuilder().setSeconds(now.getEpochSecond())
                            .setNanos(now.getNano()).build()));
            return Boolean.TRUE.equals(result);
        } catch (CelEvaluationException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return source;
    }

    /** A compile error with its 1-based position in the expression. */
    public record CompileError(int line, int column, String message) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column + ": " + message;
        }
    }

    static CompileError firstError(CelValidationResult result) {
        var issue = result.getErrors().get(0);
        var location = issue.getSourceLocation();
        return new CompileError(Math.max(1, location.getLine()), location.getColumn() + 1, issue.getMessage());
    }
}
