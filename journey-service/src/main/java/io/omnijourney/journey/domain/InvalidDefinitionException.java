package io.omnijourney.journey.domain;

import java.util.List;

/** A definition that cannot be saved; every problem found, each with its JSON pointer. */
public class InvalidDefinitionException extends RuntimeException {

    private final transient List<DefinitionProblem> problems;

    public InvalidDefinitionException(List<DefinitionProblem> problems) {
        super("invalid journey definition: " + problems.size() + " problem(s)", null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<DefinitionProblem> problems() {
        return problems;
    }
}
