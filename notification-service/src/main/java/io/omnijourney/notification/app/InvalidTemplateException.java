package io.omnijourney.notification.app;

import java.util.List;

/** A template that cannot be stored, with every problem found, each naming the field it concerns. */
public final class InvalidTemplateException extends RuntimeException {

    /** One problem: the field (a JSON path such as {@code locales.en.html}) and what is wrong with it. */
    public record Problem(String field, String problem) {
    }

    private final transient List<Problem> problems;

    public InvalidTemplateException(List<Problem> problems) {
        super("invalid template", null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
