package io.omnijourney.ingest.app;

/** A browser call from an origin the source does not allow: answered 403, without CORS headers. */
public class OriginRefusedException extends RuntimeException {

    private final String origin;

    public OriginRefusedException(String origin) {
        super("origin not allowed for this source", null, false, false);
        this.origin = origin;
    }

    public String origin() {
        return origin;
    }
}
