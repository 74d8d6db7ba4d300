package io.omnijourney.notification.app;

/** A template part that Qute cannot parse; line and column are 1-based positions in that part. */
public class TemplateSyntaxException extends RuntimeException {

    private final String part;
    private final int line;
    private final int column;

    public TemplateSyntaxException(String part, int line, int column, String message) {
        super(message, null, false, false);
        this.part = part;
        this.line = line;
        this.column = column;
    }

    public String part() {
        return part;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
