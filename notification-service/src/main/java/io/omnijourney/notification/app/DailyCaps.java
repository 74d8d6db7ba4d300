package io.omnijourney.notification.app;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Per-profile, per-channel, per-day counters of marketing sends. A request is counted by its id, so that a write
 * retried after a lost answer, or a request replayed by the consumer, counts once: the cap refuses only sends that
 * are really over it.
 */
public interface DailyCaps {

    /** One counter: a profile's marketing sends on one channel in one UTC day. */
    record Window(String profileId, String channel, LocalDate day) {

        /** The counter's id, also kept in the ledger so that a resumed request is not counted again. */
        public String key() {
            return profileId + "|" + channel + "|" + day;
        }

        /**
         * When the counter may be deleted: a day after its own day ended, so that a request replayed just after
         * midnight still finds the ids it was counted under.
         */
        public Instant expireAt() {
            return expiryOf(day);
        }

        /** The expiry of the counters of {@code day}. */
        public static Instant expiryOf(LocalDate day) {
            return day.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    /**
     * Counts {@code requestId} on {@code window} unless {@code cap} other requests were counted there. True when the
     * request may be sent: counted now, or counted by an earlier call with the same id.
     */
    boolean tryCount(Window window, String requestId, int cap);

    void purgeProfile(String profileId);

    /**
     * Deletes up to {@code limit} counters whose {@link Window#expireAt()} is before {@code now}; how many. Real
     * MongoDB also deletes them by itself (a TTL index); the local server does not.
     */
    int purgeExpired(Instant now, int limit);
}
