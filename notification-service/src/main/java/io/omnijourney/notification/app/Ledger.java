package io.omnijourney.notification.app;

import io.omnijourney.notification.domain.DeliveryState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The delivery ledger: one record per requestId, claimed before any send. */
public interface Ledger {

    /** The result of claiming a request for this instance. */
    sealed interface Claim {
        /** This instance holds the request now (new, or resumed after a clean pause between tries). */
        record Owned(LedgerEntry entry) implements Claim {
        }

        /** Already final: nothing to send. */
        record Done(LedgerEntry entry) implements Claim {
        }

        /** Another instance holds a live lease on it. */
        record Busy(LedgerEntry entry) implements Claim {
        }

        /** The previous owner died during a provider call: whether the message went out is unknown. */
        record Interrupted(LedgerEntry entry) implements Claim {
        }
    }

    Claim claim(LedgerEntry fresh, Instant now, Instant leaseUntil);

    void chooseChannel(String requestId, String channel, String address, String capKey, String locale, Instant now);

    void startAttempt(String requestId, int attempt, String provider, Instant now);

    /** A try failed transiently: no call is in flight any more. */
    void endAttempt(String requestId, String reason, Instant now);

    /** Sets the final state once; returns the entry as stored (the earlier final state if there was one). */
    LedgerEntry finish(String requestId, DeliveryState state, String provider, String providerMessageId,
            String reason, Instant now);

    Optional<LedgerEntry> find(String requestId);

    /** Newest first. */
    List<LedgerEntry> byProfile(String profileId, int limit);

    /** Erasure: the addresses go, the counts and states stay (they are not personal). */
    void purgeProfile(String profileId);
}
