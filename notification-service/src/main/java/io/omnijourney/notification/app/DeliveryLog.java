package io.omnijourney.notification.app;

import java.util.List;

/** The delivery ledger, read-only: what became of each request, for support and analysts. */
public final class DeliveryLog {

    private final Ledger ledger;

    public DeliveryLog(Ledger ledger) {
        this.ledger = ledger;
    }

    /** A profile's records, newest first. */
    public List<LedgerEntry> ofProfile(String profileId, int limit) {
        return ledger.byProfile(profileId, limit);
    }

    /** One request's record; an unknown request is a {@link NotFoundException}. */
    public LedgerEntry get(String requestId) {
        return ledger.find(requestId).orElseThrow(() -> new NotFoundException("notification '" + requestId + "'"));
    }
}
