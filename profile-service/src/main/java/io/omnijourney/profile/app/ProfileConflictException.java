package io.omnijourney.profile.app;

/** A concurrent writer won too often: the event was not applied and may be retried (redelivered) safely. */
public class ProfileConflictException extends RuntimeException {

    public ProfileConflictException(String messageId, int attempts, String lastReason) {
        super("event " + messageId + " still conflicted after " + attempts + " attempts; last: " + lastReason);
    }
}
