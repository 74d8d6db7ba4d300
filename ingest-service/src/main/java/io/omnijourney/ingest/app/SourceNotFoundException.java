package io.omnijourney.ingest.app;

public class SourceNotFoundException extends RuntimeException {

    public SourceNotFoundException(String id) {
        super("source '" + id + "' not found", null, false, false);
    }
}
