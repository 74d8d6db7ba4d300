package io.omnijourney.ingest.domain.tracking;

import io.omnijourney.contract.touchpoint.EventType;
import java.util.Optional;

/** The tracking API's endpoints: one per call type, plus batch and import which carry messages of any type. */
public enum CallKind {
    TRACK(EventType.TRACK), IDENTIFY(EventType.IDENTIFY), PAGE(EventType.PAGE), SCREEN(EventType.SCREEN),
    ALIAS(EventType.ALIAS), GROUP(EventType.GROUP), BATCH(null);

    private final EventType type;

    CallKind(EventType type) {
        this.type = type;
    }

    /** The type every message of this endpoint has; empty for batch, whose messages name their own. */
    public Optional<EventType> impliedType() {
        return Optional.ofNullable(type);
    }
}
