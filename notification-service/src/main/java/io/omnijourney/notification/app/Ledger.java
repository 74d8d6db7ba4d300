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

    /** The channel chosen for a request, written with its first attempt (or its final state) in the same update. */
    record Choice(String channel, String address, String capKey, String locale) {
    }

    Claim claim(LedgerEntry fresh, Instant now, Instant leaseUntil);

    void chooseChannel(String requestId, String channel, String address, String capKey, String locale, Instant now);

    default void startAttempt(String requestId, int attempt, String provider, Instant now) {
        startAttempt(requestId, attempt, provider, null, now);
    }

    /** Marks a provider call in flight; with a choice, records the channel chosen in the same write. */
    void startAttempt(String requestId, int attempt, String provider, Choice choice, Instant now);

    /** A try failed transiently: no call is in flight any more. */
    void endAttempt(String requestId, String reason, Instant now);

    /** Sets the final state once; returns the entry as stored (the earlier final state if there was one). */
    default LedgerEntry finish(String requestId, DeliveryState state, String provider, String providerMessageId,
            String reason, Instant now) {
        return finish(requestId, state, provider, providerMessageId, reason, null, now);
    }

    /** As above; with a choice, records the channel chosen in the same write. */
    LedgerEntry finish(String requestId, DeliveryState state, String provider, String providerMessageId,
            String reason, Choice choice, Instant now);

    Optional<LedgerEntry> find(String requestId);

    /** A fate of a sent message, reported at {@code at}. */
    record FateReport(String requestId, io.omnijourney.contract.touchpoint.MessageFate fate, Instant at) {
    }

    /**
     * Records the fates on their requests' entries, each fate's earliest report kept (a repeated or redelivered report
     * changes nothing); reports of requests the ledger does not hold are ignored.
     */
    void recordFates(List<FateReport> reports);

    /** Newest first. */
    List<LedgerEntry> byProfile(String profileId, int limit);

    /** Erasure: the addresses go, the counts and states stay (they are not personal). */
    void purgeProfile(String profileId);
}
