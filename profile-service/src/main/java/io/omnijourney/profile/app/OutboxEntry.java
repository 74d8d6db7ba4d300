package io.omnijourney.profile.app;

import java.util.Objects;

/**
 * A {@code profile-events} record decided by a profile write and stored with it (segment entered or exited), so that
 * a crash between the write and the publication loses nothing: whoever replays the cause publishes it again, with the
 * same event id.
 *
 * @param cause the messageId of the touchpoint that caused it, or {@code sweep} for the periodic re-evaluation
 * @param json  the encoded {@code ProfileEvent}
 */
public record OutboxEntry(String eventId, String cause, String json) {

    public static final String SWEEP = "sweep";

    public OutboxEntry {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(json, "json");
    }
}
