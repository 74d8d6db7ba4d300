package io.omnijourney.kit.messaging;

/**
 * Thrown by a handler when its records are fine but cannot be handled now (a request leased by another instance, an
 * instance changed concurrently): the unit is tried again after a pause, without counting towards isolating a record.
 */
public class RetryLaterException extends RuntimeException {

    public RetryLaterException(String message) {
        super(message, null, false, false);
    }

    public RetryLaterException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
