package io.omnijourney.notification.app;

/**
 * A render stopped by one of the renderer's cost limits ({@link TemplateRenderer.Limits}): the template, or the data
 * it was given, asks for more work than a message may cost. @param limit which limit: {@code loop-type},
 * {@code loop-iterations}, {@code total-iterations}, {@code output-size}, {@code render-time}
 */
public class TemplateLimitException extends RuntimeException {

    private final String limit;

    public TemplateLimitException(String limit, String message) {
        super(message);
        this.limit = limit;
    }

    public String limit() {
        return limit;
    }
}
