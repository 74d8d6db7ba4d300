package io.omnijourney.ingest.domain.tracking;

import io.omnijourney.contract.touchpoint.TouchpointTimes;
import java.time.Duration;
import java.time.Instant;

/**
 * The client-supplied times ingest believes: from {@code earliest} to {@code maxAheadOfReceipt} after the moment the
 * event was received. A window may be narrower than the contract's bounds ({@link TouchpointTimes}), never wider:
 * every consumer re-checks those on decode.
 *
 * @param earliest          the earliest time a client may claim
 * @param maxAheadOfReceipt how far past its receipt a client's clock may run
 */
public record ClientTimeWindow(Instant earliest, Duration maxAheadOfReceipt) {

    /** 2000-01-01 to received time plus one day: the contract's own bounds. */
    public static final ClientTimeWindow DEFAULT =
            new ClientTimeWindow(TouchpointTimes.EARLIEST, TouchpointTimes.MAX_AHEAD_OF_RECEIPT);

    public ClientTimeWindow {
        if (earliest.isBefore(TouchpointTimes.EARLIEST)) {
            throw new IllegalArgumentException("the earliest client time cannot be before " + TouchpointTimes.EARLIEST
                    + " (consumers refuse such touchpoints), got " + earliest);
        }
        if (maxAheadOfReceipt.isNegative() || maxAheadOfReceipt.compareTo(TouchpointTimes.MAX_AHEAD_OF_RECEIPT) > 0) {
            throw new IllegalArgumentException("a client time may lie 0 to " + TouchpointTimes.MAX_AHEAD_OF_RECEIPT
                    + " after its receipt (consumers refuse more), got " + maxAheadOfReceipt);
        }
    }

    public boolean contains(Instant time, Instant receivedAt) {
        return !time.isBefore(earliest)
                && !time.isAfter(TouchpointTimes.latestFor(receivedAt, maxAheadOfReceipt));
    }
}
