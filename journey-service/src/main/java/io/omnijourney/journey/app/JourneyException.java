package io.omnijourney.journey.app;

/** A request about a journey that cannot be honoured: it does not exist, or its state forbids the operation. */
public class JourneyException extends RuntimeException {

    public enum Kind { NOT_FOUND, CONFLICT, LIMIT }

    private final Kind kind;

    public JourneyException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static JourneyException notFound(String id) {
        return new JourneyException(Kind.NOT_FOUND, "journey '" + id + "' not found");
    }

    /** The installation has as many journeys as it may have. */
    public static JourneyException limit(String message) {
        return new JourneyException(Kind.LIMIT, message);
    }

    public static JourneyException conflict(String message) {
        return new JourneyException(Kind.CONFLICT, message);
    }
}
