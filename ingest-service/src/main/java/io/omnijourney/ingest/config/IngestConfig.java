package io.omnijourney.ingest.config;

import io.omnijourney.kit.mongo.MigrationMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "omnijourney.ingest")
public interface IngestConfig {

    /** The MongoDB database this service owns (sources and write keys). */
    @WithDefault("ingest")
    String database();

    Limits limits();

    /**
     * How long a successful write-key lookup is reused on this instance. Revocation and rotation clear it at once on
     * the instance that handled them; other instances follow within this time. 0 looks every key up in MongoDB.
     */
    @WithDefault("1s")
    Duration writeKeyCacheTtl();

    RateLimit rateLimit();

    /**
     * Write keys found in no source are remembered, so that a flood of made-up keys is answered from memory, not from
     * MongoDB. Creating a source or rotating a key forgets them on the instance that did it; keys are random 256-bit
     * values, so no one presents a key before it is issued.
     */
    UnknownWriteKeyCache unknownWriteKeyCache();

    interface UnknownWriteKeyCache {
        /** How long an unknown key is answered 401 without a lookup. */
        @WithDefault("60s")
        Duration ttl();

        /** Unknown keys remembered at most; when full the cache starts over (bounded memory). */
        @WithDefault("10000")
        int maxEntries();
    }

    ClientTime clientTime();

    Webhooks webhooks();

    /** Signed provider webhooks (SendGrid) are believed only close to the time they were signed. */
    interface Webhooks {
        /** How long after signing a request is accepted; older ones are refused as replays (403). */
        @WithDefault("10m")
        Duration maxAge();

        /** How far ahead of this service's clock a signed time may be. */
        @WithDefault("5m")
        Duration maxAhead();
    }

    Kafka kafka();

    Mongo mongo();

    interface Mongo {
        /**
         * When the schema migrations (IngestMigrations: the write-key indexes) are applied: {@code startup} (before
         * the configured sources are seeded; dev, tests, the local stack, a single instance), {@code job} (apply them
         * and exit: the Kubernetes migration Job), {@code skip} (pods deployed after that Job: start without waiting
         * for an index build).
         */
        @WithDefault("startup")
        MigrationMode migrations();
    }

    Cors cors();

    /**
     * Sources created at start-up when absent (local runs, demos). The write key comes from the environment,
     * e.g. {@code OMNIJOURNEY_INGEST_SEED_SOURCES__WEB__WRITE_KEY}.
     */
    Map<String, SeedSource> seedSources();

    /**
     * The externally visible base URL (e.g. {@code https://track.example.com}). Twilio signs the URL it called, and
     * the SDK settings tell browsers and apps where to send events; behind a proxy that is not the URL this service
     * sees. Without it, the scheme and host of each request are used.
     */
    Optional<String> publicBaseUrl();

    interface Limits {
        @WithDefault("32768")
        int maxEventBytes();

        @WithDefault("512000")
        int maxRequestBytes();

        @WithDefault("2500")
        int maxBatchEvents();

        @WithDefault("256")
        int maxNameLength();

        /** Deeper JSON is refused before it is built into a tree. */
        @WithDefault("32")
        int maxNestingDepth();
    }

    /**
     * The client-supplied times believed (timestamp, sentAt, and the timestamp after skew correction). An event with a
     * time outside is kept, stamped with the time it was received; the client's text goes to
     * {@code context.originalTimestamp} (or {@code context.originalSentAt}). The window can be narrowed, not widened
     * beyond 2000-01-01 .. receipt + 1 day: consumers refuse touchpoints outside those bounds.
     */
    interface ClientTime {
        /** The earliest time a client may claim. */
        @WithDefault("2000-01-01T00:00:00Z")
        Instant earliest();

        /** How far past the moment of receipt a client's time may lie. */
        @WithDefault("1d")
        Duration maxAheadOfReceipt();
    }

    interface RateLimit {
        /** Default events per second per source and instance; a source may carry its own. */
        @WithDefault("5000")
        int eventsPerSecond();

        /** How many events above the rate a source may send at once, as a multiple of the rate. */
        @WithDefault("2")
        int burstFactor();
    }

    /** The {@code touchpoints} topic; the producer's settings are the channel's ({@code mp.messaging.outgoing.touchpoints.*}). */
    interface Kafka {
        /** Partitions when this service creates the topic (it does when the topic is missing). */
        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        short replicationFactor();

        /** The longest a request waits for the broker's acknowledgement before it is answered 503. */
        @WithDefault("8s")
        Duration publishTimeout();

        @WithDefault("5")
        int retryAfterSeconds();
    }

    interface Cors {
        /** How long a browser may reuse a preflight answer (Chromium caps it at 2 hours). */
        @WithDefault("2h")
        Duration maxAge();

        /** How often the origins of all sources are re-read, for changes made through other instances. */
        @WithDefault("10s")
        Duration refreshInterval();
    }

    interface SeedSource {
        String name();

        String channel();

        @WithDefault("tracking")
        String kind();

        Optional<String> writeKey();

        Optional<String> verificationKey();
    }
}
