package io.omnijourney.ingest.domain;

import java.util.List;

/** Client input that cannot be accepted; nothing of the request was published. */
public class InvalidInputException extends RuntimeException {

    private final List<InputProblem> problems;

    public InvalidInputException(List<InputProblem> problems) {
        super(problems.isEmpty() ? "invalid input" : problems.get(0).field() + ": " + problems.get(0).problem());
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String field, String problem) {
        this(List.of(new InputProblem(field, problem)));
    }

    public List<InputProblem> problems() {
        return problems;
    }
}
