package io.omnijourney.journey.config;

import io.omnijourney.kit.mongo.MigrationMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;

@ConfigMapping(prefix = "omnijourney.journey")
public interface JourneyServiceConfig {

    /** The MongoDB database this service owns. */
    @WithDefault("journey")
    String database();

    /** Time zone of profiles that have no {@code timezone} trait (quiet hours, times of day). */
    @WithDefault("UTC")
    ZoneId defaultTimezone();

    Consumer consumer();

    Mongo mongo();

    Topics topics();

    Timers timers();

    Index index();

    Outbox outbox();

    Examples examples();

    Limits limits();

    /** What one installation may hold. */
    interface Limits {
        /** Journeys that are not archived; creating one more is a 409 until one is archived. */
        @WithDefault("1000")
        long maxJourneys();
    }

    /**
     * The {@code profile-events} consumer. Its Kafka settings are the channel's
     * ({@code mp.messaging.incoming.profile-events.*}), its failure policy is {@code omnijourney.messaging.*}.
     */
    interface Consumer {
        /** Off in tests that only exercise REST; on everywhere else. */
        @WithDefault("true")
        boolean enabled();
    }

    interface Mongo {
        /**
         * What the MongoDB adapters do only for the local wire-protocol server and real MongoDB needs none of
         * ({@code $in} in chunks of 100, exact-key unique indexes, timer and outbox hints, live instances listed in
         * profile documents; see LocalServerWorkarounds): true for the local server, false against a real MongoDB
         * replica set (partial indexes on {@code instances} instead).
         */
        @WithDefault("false")
        boolean localServerWorkarounds();

        /**
         * When the schema migrations (JourneyMigrations: indexes, drops of unused ones, the one-off data passes) are
         * applied: {@code startup} (before the timers, the relay and the consumer start; dev, tests, the local stack,
         * a single instance), {@code job} (apply them and exit: the Kubernetes migration Job), {@code skip} (pods
         * deployed after that Job: start without waiting for an index build).
         */
        @WithDefault("startup")
        MigrationMode migrations();
    }

    /** The topics this service reads and writes, created when missing (a dead-letter topic has one partition). */
    interface Topics {
        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }

    interface Timers {
        @WithDefault("true")
        boolean enabled();

        /** How often due timers are looked for when none was due at the last look. */
        @WithDefault("1s")
        Duration pollInterval();

        /**
         * How long a claimed timer stays with its claimer. A service that dies holding a claim delays that timer by
         * at most this much; it must comfortably exceed the time one firing takes (a MongoDB write and a publish).
         */
        @WithDefault("30s")
        Duration lease();

        /** Timers fired in parallel by one service instance. */
        @WithDefault("4")
        int threads();
    }

    interface Index {
        /** How often the trigger index is rebuilt from MongoDB, so that every instance of the service converges. */
        @WithDefault("10s")
        Duration refreshInterval();
    }

    interface Outbox {
        /** How often instances with unpublished requests (a crash between write and publish) are looked for. */
        @WithDefault("5s")
        Duration relayInterval();

        /** Requests younger than this are left to the thread that wrote them. */
        @WithDefault("10s")
        Duration staleAfter();
    }

    interface Examples {
        /** Create and publish the shipped example journeys at start-up when they do not exist yet. */
        @WithDefault("false")
        boolean load();
    }
}
