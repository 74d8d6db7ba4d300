package io.omnijourney.kit.messaging;

/**
 * A dependency (the broker, MongoDB, a store) is unavailable: the consumer pauses and tries again, reports itself not
 * ready, and blames no record.
 */
public class OutageException extends RuntimeException {

    public OutageException(String message, Throwable cause) {
        super(message, cause);
    }
}
