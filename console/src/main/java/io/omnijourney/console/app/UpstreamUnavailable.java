package io.omnijourney.console.app;

/** A service could not be reached, or answered 5xx: the page says which, and the user may retry. */
public class UpstreamUnavailable extends RuntimeException {

    private final Service service;

    public UpstreamUnavailable(Service service, String reason) {
        super(service.displayName() + " is unavailable: " + reason);
        this.service = service;
    }

    public Service service() {
        return service;
    }
}
