package io.omnijourney.kit.rest;

import java.util.List;

/** The one error body every endpoint answers with: what went wrong, and per field what the problem is. */
public record ErrorResponse(String error, List<FieldProblem> details) {

    public ErrorResponse {
        details = details == null ? List.of() : List.copyOf(details);
    }

    public static ErrorResponse of(String error) {
        return new ErrorResponse(error, List.of());
    }

    public static ErrorResponse of(String error, String field, String problem) {
        return new ErrorResponse(error, List.of(new FieldProblem(field, problem)));
    }

    /** A problem with one input field; {@code field} is a path such as {@code batch[2].event} or {@code /steps/0}. */
    public record FieldProblem(String field, String problem) {
    }
}
