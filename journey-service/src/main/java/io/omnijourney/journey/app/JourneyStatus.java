package io.omnijourney.journey.app;

/** The lifecycle of a journey: a draft until first published; only ACTIVE journeys admit new entries. */
public enum JourneyStatus {
    DRAFT, ACTIVE, PAUSED, ARCHIVED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
