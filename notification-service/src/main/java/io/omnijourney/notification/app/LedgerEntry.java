package io.omnijourney.notification.app;

import io.omnijourney.notification.domain.DeliveryState;
import java.time.Instant;
import java.util.Map;

/**
 * One request's record in the delivery ledger.
 *
 * @param channel    the channel chosen (null until chosen, or when every requested channel was refused)
 * @param inFlight   a provider call was started and its answer not yet recorded: if the owner died meanwhile, nobody
 *                   knows whether the message went out
 * @param capKey     the daily-cap counter this request was counted on, so that a resumed request is not counted twice
 * @param address    where it was sent (email, phone, device token, webhook host): personal data, purged on erasure
 * @param traceId    the trace the request arrived in (null if it carried none): one id from the request that
 *                   started it to the provider call
 * @param fates      what became of the message after it was sent, as providers and recipients reported it: the first
 *                   time of each fate ({@code delivered}, {@code opened}, {@code clicked}, {@code bounced},
 *                   {@code complained}, {@code unsubscribed})
 */
public record LedgerEntry(String requestId, String profileId, String journeyId, String stepId, String templateId,
        String category, String channel, String provider, DeliveryState state, String reason, int attempts,
        String providerMessageId, boolean inFlight, Instant leaseUntil, String capKey, String address, String locale,
        String traceId, Instant createdAt, Instant updatedAt, Map<String, Instant> fates) {

    public LedgerEntry {
        fates = fates == null ? Map.of() : Map.copyOf(fates);
    }

    /** An entry no fate was reported of yet. */
    public LedgerEntry(String requestId, String profileId, String journeyId, String stepId, String templateId,
            String category, String channel, String provider, DeliveryState state, String reason, int attempts,
            String providerMessageId, boolean inFlight, Instant leaseUntil, String capKey, String address,
            String locale, String traceId, Instant createdAt, Instant updatedAt) {
        this(requestId, profileId, journeyId, stepId, templateId, category, channel, provider, state, reason, attempts,
                providerMessageId, inFlight, leaseUntil, capKey, address, locale, traceId, createdAt, updatedAt,
                Map.of());
    }
}
