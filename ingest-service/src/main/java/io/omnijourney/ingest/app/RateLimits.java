package io.omnijourney.ingest.app;

import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.ingest.domain.RateLimiter;
import io.omnijourney.ingest.domain.source.Source;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One token bucket per source and rate, kept in this instance's memory. */
@ApplicationScoped
public class RateLimits {

    private final IngestConfig.RateLimit config;
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    public RateLimits(IngestConfig config) {
        this.config = config.rateLimit();
    }

    public void acquire(Source source, int events) {
        int rate = source.rateLimitPerSecond().orElse(config.eventsPerSecond());
        RateLimiter limiter = limiters.computeIfAbsent(source.id() + "@" + rate,
                k -> new RateLimiter(rate, rate * config.burstFactor(), System.nanoTime()));
        RateLimiter.Decision decision = limiter.tryAcquire(events, System.nanoTime());
        if (!decision.allowed()) {
            throw new RateLimitedException(decision.retryAfterSeconds());
        }
    }
}
