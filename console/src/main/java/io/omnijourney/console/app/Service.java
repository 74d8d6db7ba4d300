package io.omnijourney.console.app;

/** The services the console calls. */
public enum Service {
    INGEST("ingest-service"), PROFILE("profile-service"), JOURNEY("journey-service"),
    NOTIFICATION("notification-service");

    private final String displayName;

    Service(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
