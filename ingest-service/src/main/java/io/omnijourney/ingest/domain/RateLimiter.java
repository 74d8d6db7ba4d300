package io.omnijourney.ingest.domain;

import java.time.Duration;

/**
 * A token bucket measured in events. A request may drive the bucket into debt (a batch larger than the burst is not
 * starved forever); the next request then waits until the debt is repaid.
 */
public final class RateLimiter {

    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long lastRefillNanos;

    public RateLimiter(int eventsPerSecond, int burst, long nowNanos) {
        if (eventsPerSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.ratePerNano = eventsPerSecond / 1e9;
        this.capacity = burst;
        this.tokens = burst;
        this.lastRefillNanos = nowNanos;
    }

    /** Takes {@code events} tokens, or answers how long to wait before trying again. */
    public synchronized Decision tryAcquire(int events, long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - lastRefillNanos) * ratePerNano);
        lastRefillNanos = nowNanos;
        if (tokens <= 0) {
            return Decision.retryAfter(Duration.ofNanos((long) Math.ceil(-tokens / ratePerNano) + 1));
        }
        tokens -= events;
        return Decision.ALLOWED;
    }

    public record Decision(boolean allowed, Duration retryAfter) {
        static final Decision ALLOWED = new Decision(true, Duration.ZERO);

        static Decision retryAfter(Duration wait) {
            return new Decision(false, wait);
        }

        /** Whole seconds for a Retry-After header, never zero. */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }
}
