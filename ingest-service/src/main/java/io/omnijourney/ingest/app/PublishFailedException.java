package io.omnijourney.ingest.app;

/** The broker did not acknowledge every event: the client must retry (answered 503 with Retry-After). */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
