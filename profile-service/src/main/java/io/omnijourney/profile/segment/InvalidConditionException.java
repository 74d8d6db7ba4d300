package io.omnijourney.profile.segment;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A condition that does not compile or is over the save-time limits; each problem carries its 0-based offset and
 * 1-based line and column (-1 and 0 when not positional).
 */
public final class InvalidConditionException extends RuntimeException {

    private final List<Problem> problems;

    public InvalidConditionException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    public record Problem(int offset, int line, int column, String message) {

        @Override
        public String toString() {
            return line > 0 ? "line " + line + ", column " + column + " (offset " + offset + "): " + message : message;
        }
    }
}
