package io.omnijourney.notification.domain;

import java.util.Locale;

/** A request's state in the ledger. Only {@code QUEUED} may change; the other three are final. */
public enum DeliveryState {
    QUEUED, SENT, SUPPRESSED, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this != QUEUED;
    }
}
