package io.omnijourney.kit.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The failure policy every Kafka consumer of every service follows (see {@link BatchConsumption}), and the bounds of
 * publishing. One set of settings per service: {@code omnijourney.messaging.*}.
 */
@ConfigMapping(prefix = "omnijourney.messaging")
public interface MessagingConfig {

    /**
     * How many times a unit of records that fails on its own (not an outage) is tried before its records are
     * isolated; a single record that fails this many times goes to its dead-letter topic.
     */
    @WithDefault("3")
    int maxAttempts();

    /** Pause between two attempts of a unit that failed on its own, or that asked to be retried later. */
    @WithDefault("200ms")
    Duration retryBackoff();

    /** First pause after an infrastructure failure (MongoDB or the broker unreachable); doubles up to the maximum. */
    @WithDefault("500ms")
    Duration outageBackoff();

    /** Longest pause between two attempts during an outage. */
    @WithDefault("10s")
    Duration outageBackoffMax();

    /**
     * A consumer that makes no progress for this long while it has work (a unit in hand, or lag on its partitions),
     * and is not waiting out an outage, reports liveness DOWN so the process is restarted.
     */
    @WithDefault("5m")
    Duration stallTimeout();

    /** How long publishing waits for the broker's acknowledgement of every record of a unit. */
    @WithDefault("30s")
    Duration ackTimeout();

    /** The most records one call of the dead-letter replay re-publishes. */
    @WithDefault("10000")
    int replayMaxRecords();
}
