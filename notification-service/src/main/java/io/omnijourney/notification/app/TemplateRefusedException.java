package io.omnijourney.notification.app;

/**
 * A template change the caller may not make: only an admin marks a template transactional or changes one so
 * marked ({@link Kind#FORBIDDEN}), or the installation holds as many templates as it may ({@link Kind#LIMIT}).
 */
public final class TemplateRefusedException extends RuntimeException {

    public enum Kind { FORBIDDEN, LIMIT }

    private final Kind kind;
    private final String field;

    public TemplateRefusedException(Kind kind, String field, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    /** The field the refusal concerns ({@code transactional}, {@code templates}). */
    public String field() {
        return field;
    }
}
