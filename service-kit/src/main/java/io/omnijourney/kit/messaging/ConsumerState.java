package io.omnijourney.kit.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What one consumer (one incoming channel) is doing, for the health checks and metrics: whether it waits out an
 * outage, since when it works on its unit at hand, when it last made progress.
 */
public final class ConsumerState {

    private final String channel;
    private final Counter records;
    private final Counter deadLettered;
    private final Counter recordRetries;
    private final Counter outageRetries;
    private final Counter laterRetries;
    private final Counter isolatedBatches;
    private volatile long unitStartedNanos;
    private volatile long outageSinceNanos;
    private volatile long outageNanosInUnit;
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile String lastOutage;

    ConsumerState(String channel, MeterRegistry registry) {
        this.channel = channel;
        this.records = Counter.builder("omnijourney.consumer.records").tag("channel", channel)
                .description("Records consumed and committed").register(registry);
        this.deadLettered = Counter.builder("omnijourney.consumer.dead.lettered").tag("channel", channel)
                .description("Records isolated and sent to the dead-letter topic").register(registry);
        this.recordRetries = Counter.builder("omnijourney.consumer.retries").tag("channel", channel)
                .tag("cause", "record").description("Units tried again after a failure").register(registry);
        this.outageRetries = Counter.builder("omnijourney.consumer.retries").tag("channel", channel)
                .tag("cause", "outage").description("Units tried again after a failure").register(registry);
        this.laterRetries = Counter.builder("omnijourney.consumer.retries").tag("channel", channel)
                .tag("cause", "later").description("Units tried again after a failure").register(registry);
        this.isolatedBatches = Counter.builder("omnijourney.consumer.isolated.batches").tag("channel", channel)
                .description("Batches split to isolate the records that failed on their own").register(registry);
    }

    public String channel() {
        return channel;
    }

    /** True while the consumer waits for an unreachable dependency to come back. */
    public boolean inOutage() {
        return outageSinceNanos != 0;
    }

    /** The last outage's cause, for the readiness report. */
    public String lastOutage() {
        return lastOutage;
    }

    /** Nanoseconds since the consumer last completed a unit. */
    public long nanosSinceProgress() {
        return System.nanoTime() - lastProgressNanos;
    }

    /** Nanoseconds the unit at hand has been worked on, outage waits excluded; 0 when there is none. */
    public long busyNanos() {
        long started = unitStartedNanos;
        if (started == 0) {
            return 0;
        }
        long outage = outageNanosInUnit + (outageSinceNanos == 0 ? 0 : System.nanoTime() - outageSinceNanos);
        return Math.max(0, System.nanoTime() - started - outage);
    }

    void unitStarted() {
        unitStartedNanos = System.nanoTime();
        outageNanosInUnit = 0;
    }

    void unitDone(int count) {
        outageEnded();
        unitStartedNanos = 0;
        lastProgressNanos = System.nanoTime();
        records.increment(count);
    }

    void outage(Throwable cause) {
        if (outageSinceNanos == 0) {
            outageSinceNanos = System.nanoTime();
        }
        lastOutage = cause.getClass().getSimpleName();
        outageRetries.increment();
    }

    void outageEnded() {
        long since = outageSinceNanos;
        if (since != 0) {
            outageNanosInUnit += System.nanoTime() - since;
            outageSinceNanos = 0;
        }
    }

    /** A unit that asked to be applied again later (its records held elsewhere, or waiting for other data). */
    void laterRetry() {
        laterRetries.increment();
    }

    void recordRetry() {
        recordRetries.increment();
    }

    void isolated() {
        isolatedBatches.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }
}
