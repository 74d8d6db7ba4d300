package io.omnijourney.ingest.app;

/** A missing, unknown or revoked write key, or a webhook whose signature does not verify. */
public class AuthenticationRejectedException extends RuntimeException {

    public AuthenticationRejectedException(String message) {
        super(message, null, false, false);
    }
}
