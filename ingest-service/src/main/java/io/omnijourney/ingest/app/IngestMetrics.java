package io.omnijourney.ingest.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Accepted and rejected events by source, channel and reason; publish latency. */
@ApplicationScoped
public class IngestMetrics {

    public static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final Timer publishLatency;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.publishLatency = Timer.builder("omnijourney.ingest.publish.latency")
                .description("Time from handing events to the producer until the broker acknowledged all of them")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
    }

    public void accepted(String source, String channel, int events) {
        Counter.builder("omnijourney.ingest.events.accepted")
                .description("Events acknowledged by the broker")
                .tag("source", source).tag("channel", channel)
                .register(registry).increment(events);
    }

    public void rejected(String source, String channel, RejectReason reason, int events) {
        Counter.builder("omnijourney.ingest.events.rejected")
                .description("Events not accepted, by reason")
                .tag("source", source).tag("channel", channel).tag("reason", reason.tag())
                .register(registry).increment(Math.max(events, 1));
    }

    public void ignored(String source, String channel, int events) {
        Counter.builder("omnijourney.ingest.events.ignored")
                .description("Provider events that have no canonical counterpart (e.g. SendGrid processed)")
                .tag("source", source).tag("channel", channel)
                .register(registry).increment(events);
    }

    /** A write key looked up in the store (neither the key cache nor the unknown-key cache knew it). */
    public void writeKeyLookup() {
        registry.counter("omnijourney.ingest.write_key.lookups").increment();
    }

    public void publishLatency(Duration duration) {
        publishLatency.record(duration);
    }

    public enum RejectReason {
        UNAUTHENTICATED, ORIGIN_REFUSED, INVALID, TOO_LARGE, RATE_LIMITED, UNAVAILABLE, REPLAYED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
