package io.omnijourney.notification.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * Exponential backoff for transient failures, kept short because the consumer retries in place and the partition
 * waits meanwhile. A provider's Retry-After is never undercut; one longer than {@code maxRetryAfter} ends the tries.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    /** The pause before attempt {@code nextAttempt} (2, 3, ...), or empty when no attempt is left. */
    public Optional<Duration> delayBefore(int nextAttempt, SendOutcome.Transient failure) {
        if (nextAttempt > maxAttempts) {
            return Optional.empty();
        }
        long factor = 1L << Math.min(20, nextAttempt - 2);
        Duration backoff = initialBackoff.multipliedBy(factor);
        if (backoff.compareTo(maxBackoff) > 0) {
            backoff = maxBackoff;
        }
        if (failure.retryAfter().isPresent()) {
            Duration asked = failure.retryAfter().get();
            if (asked.compareTo(maxRetryAfter) > 0) {
                return Optional.empty();
            }
            if (asked.compareTo(backoff) > 0) {
                backoff = asked;
            }
        }
        return Optional.of(backoff);
    }
}
