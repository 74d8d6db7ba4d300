package io.omnijourney.kit.security;

import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;

/**
 * The service's one {@link AuthFailureLimiter}: the API-key mechanism and any other credential check (ingest's write
 * keys) report failures here and ask it first. Refusals are counted ({@code omnijourney.auth.failures.refused}).
 */
@ApplicationScoped
public class AuthFailures {

    private final AuthFailureLimiter limiter;
    private final MeterRegistry registry;

    public AuthFailures(ApiKeyConfig config, MeterRegistry registry) {
        this.limiter = AuthFailureLimiter.of(config.failureLimit());
        this.registry = registry;
    }

    /** Throws a 429 when the address has failed too often; call before looking any credential up. */
    public void checkAllowed(String address) {
        limiter.refusal(address).ifPresent(wait -> {
            registry.counter("omnijourney.auth.failures.refused").increment();
            throw tooManyFailures(wait);
        });
    }

    public void failed(String address) {
        registry.counter("omnijourney.auth.failures").increment();
        limiter.failed(address);
    }

    public static ApiException tooManyFailures(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new ApiException(429, ErrorResponse.of("too many failed authentications from this address",
                "Authorization", "retry after " + seconds + " s"), Map.of("Retry-After", Long.toString(seconds)));
    }
}
