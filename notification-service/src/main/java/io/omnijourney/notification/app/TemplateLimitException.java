package io.omnijourney.notification.app;

/**
 * A render stopped by one of the renderer's cost limits ({@link TemplateRenderer.Limits}): the template, or the data
 * it was given, asks for more work than a message may cost. @param limit which limit: {@code loop-type},
 * {@code loop-iterations}, {@code total-iterations}, {@code output-size}, {@code render-time}
 */
public class TemplateLimitException extends RuntimeException {

    private final String limit;
    private final String field;

    public TemplateLimitException(String limit, String message) {
        this(limit, null, message);
    }

    private TemplateLimitException(String limit, String field, String message) {
        super(message);
        this.limit = limit;
        this.field = field;
    }

    public String limit() {
        return limit;
    }

    /**
     * Where the render stopped: the part's name as the renderer reports it ({@code html}, {@code variables.1}), the
     * template's field ({@code locales.en.html}) as a preview reports it; null when not known.
     */
    public String field() {
        return field;
    }

    /** The same refusal, located at {@code field}. */
    public TemplateLimitException at(String field) {
        return new TemplateLimitException(limit, field, getMessage());
    }
}
