package io.omnijourney.ingest.app;

/** A provider webhook signed too long ago (or too far ahead): a replay, refused although its signature may verify. */
public class StaleWebhookException extends RuntimeException {

    private final String header;

    public StaleWebhookException(String header, String problem) {
        super(problem, null, false, false);
        this.header = header;
    }

    /** The request header that carries the signed time. */
    public String header() {
        return header;
    }
}
