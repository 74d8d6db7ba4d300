package io.omnijourney.console.app;

/** A write without a valid CSRF token (a forged or stale form): refused with 403, nothing is sent to a service. */
public class ForbiddenForm extends RuntimeException {

    public ForbiddenForm(String message) {
        super(message);
    }
}
