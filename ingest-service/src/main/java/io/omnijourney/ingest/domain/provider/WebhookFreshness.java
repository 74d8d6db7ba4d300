package io.omnijourney.ingest.domain.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A signed webhook is believed only close to the time it was signed: a captured request replayed later is refused
 * although its signature verifies. The window is {@code maxAge} into the past and {@code maxAhead} into the future
 * (the provider's clock may run ahead of ours).
 */
public record WebhookFreshness(Duration maxAge, Duration maxAhead) {

    public WebhookFreshness {
        if (maxAge.isNegative() || maxAge.isZero() || maxAhead.isNegative()) {
            throw new IllegalArgumentException("webhook max age must be positive and max ahead not negative");
        }
    }

    /**
     * @param signedAt the signed timestamp as sent (unix seconds)
     * @return why the request is refused; empty when it is fresh
     */
    public Optional<String> problem(String signedAt, Instant now) {
        long seconds;
        try {
            seconds = Long.parseLong(signedAt == null ? "" : signedAt.strip());
        } catch (NumberFormatException e) {
            return Optional.of("must be a unix time in seconds");
        }
        long nowSeconds = now.getEpochSecond();
        // Compared in seconds, never as instants: a huge value cannot overflow anything.
        if (seconds < nowSeconds - maxAge.toSeconds()) {
            return Optional.of("was signed more than " + maxAge.toSeconds() + " s ago: a replay is refused");
        }
        if (seconds > nowSeconds + maxAhead.toSeconds()) {
            return Optional.of("is more than " + maxAhead.toSeconds() + " s in the future");
        }
        return Optional.empty();
    }
}
