package io.omnijourney.profile.segment;

/** A segment operation the current state does not allow. */
public final class SegmentException extends RuntimeException {

    public enum Kind { NOT_FOUND, CONFLICT, LIMIT }

    private final Kind kind;

    public SegmentException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
