package io.omnijourney.notification.app;

/** What was asked for does not exist (or is not known to this service). */
public final class NotFoundException extends RuntimeException {

    /** @param what names it, e.g. {@code template 'welcome' for email} */
    public NotFoundException(String what) {
        super(what + " not found", null, false, false);
    }
}
