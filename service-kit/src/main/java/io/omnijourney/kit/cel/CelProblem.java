package io.omnijourney.kit.cel;

/**
 * Why an expression is refused, and where.
 *
 * @param offset 0-based character offset in the expression, -1 when the problem is the whole expression
 * @param line   1-based, 0 when not positional
 * @param column 1-based, 0 when not positional
 */
public record CelProblem(int offset, int line, int column, String message) {

    public static CelProblem whole(String message) {
        return new CelProblem(-1, 0, 0, message);
    }

    public boolean positional() {
        return line > 0;
    }

    @Override
    public String toString() {
        return positional() ? "line " + line + ", column " + column + " (offset " + offset + "): " + message : message;
    }
}
