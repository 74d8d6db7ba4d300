package io.omnijourney.profile.config;

import io.omnijourney.kit.mongo.MigrationMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "omnijourney.profile")
public interface ProfileServiceConfig {

    /** The MongoDB database this service owns. */
    @WithDefault("profile")
    String database();

    Consumer consumer();

    Mongo mongo();

    Topics topics();

    Segments segments();

    Identity identity();

    Timeline timeline();

    Erasure erasure();

    Suppression suppression();

    interface Erasure {
        /** How often the relay looks for erasure requests not yet purged or published (after a failure, a restart). */
        @WithDefault("5s")
        Duration relayInterval();

        /** The pause before a failed publication of {@code profile_erased} is tried again; doubles per failure. */
        @WithDefault("1s")
        Duration retryBackoff();

        /** The longest pause between two publication attempts. */
        @WithDefault("5m")
        Duration retryBackoffMax();

        /**
         * The services that acknowledge every erasure on {@code erasure-acks} (the {@code service} they name); an
         * erasure is complete when each has acknowledged every profile id of the request.
         */
        @WithDefault("journey-service,notification-service")
        List<String> acknowledgingServices();
    }

    interface Suppression {
        /**
         * The HMAC-SHA256 key of the suppression entries (the identifiers of erased profiles are kept only as keyed
         * hashes, so the list cannot be checked against a guessed email without it). At least 32 characters; required
         * outside the dev and test profiles. Changing it forgets every suppression made with the old key.
         */
        String secret();

        /**
         * Also match entries written as bare SHA-256 by earlier versions. Keep on until the erasures made before the
         * switch to keyed hashes no longer need suppressing; new entries are always keyed.
         */
        @WithDefault("true")
        boolean matchLegacyHashes();
    }

    interface Mongo {
        /**
         * The adaptations to the local MongoDB wire-protocol server (exact-key index for conditional writes, chunked
         * {@code $in}): on for the local stack and the tests, off against real MongoDB, which needs neither (see
         * LocalServerWorkarounds).
         */
        @WithDefault("false")
        boolean localServerWorkarounds();

        /**
         * When the schema migrations (ProfileMigrations: indexes, drops of replaced ones) are applied: {@code startup}
         * (before the consumers start; dev, tests, the local stack, a single instance), {@code job} (apply them and
         * exit: the Kubernetes migration Job), {@code skip} (pods deployed after that Job: start without waiting for
         * an index build).
         */
        @WithDefault("startup")
        MigrationMode migrations();
    }

    interface Timeline {
        /**
         * Entries kept per person; the oldest go first. Checked every {@code trim-every} events of a profile, so a
         * timeline may exceed it by that much for a while.
         */
        @WithDefault("10000")
        int maxEventsPerProfile();

        @WithDefault("500")
        int trimEvery();
    }

    interface Identity {
        /** Values that never link or merge, in addition to the built-in placeholders ({@code test@example.com}, ...). */
        Optional<List<String>> blockedValues();

        /** Trait names whose values identify a person (for example {@code loyaltyId}), each its own identifier type. */
        Optional<List<String>> customIdentifierTraits();

        /** Per-type identifier limits against mega-profiles, e.g. {@code limits.email=3}; unset types keep defaults. */
        Map<String, Integer> limits();

        /**
         * The region national phone numbers (without {@code +} or {@code 00}) are read in, e.g. {@code PT}: what a
         * store POS or call center in one country sends. Unset: national numbers are refused.
         */
        Optional<String> phoneDefaultRegion();
    }

    interface Segments {
        /** Off only in tests that drive sweeps themselves. */
        @WithDefault("true")
        boolean sweepEnabled();

        /** How often definitions are reloaded (changes made through another instance) and changes swept. */
        @WithDefault("10s")
        Duration refreshInterval();

        /** How often every profile is re-evaluated, for conditions relative to the current time. */
        @WithDefault("15m")
        Duration sweepInterval();

        /**
         * How many segments this installation may hold. Every profile change evaluates every segment, so this bounds
         * the cost of one touchpoint; creating one more answers 409 naming the limit.
         */
        @WithDefault("500")
        int maxCount();

        /**
         * At most how many profiles {@code POST /segments/validate} with {@code "estimate": true} reads, in one query,
         * to evaluate the condition on; above it the member count is extrapolated from the sample.
         */
        @WithDefault("5000")
        int estimateSampleSize();

        /**
         * How long one estimate may take, the read included; the evaluations stop there and the estimate rests on
         * the profiles evaluated by then.
         */
        @WithDefault("300ms")
        Duration estimateTimeBudget();

        /**
         * How long a segment's member count is answered again as it is; an older one is still answered, and every
         * count is taken again in the background (one pass over the members of all segments).
         */
        @WithDefault("30s")
        Duration countMaxAge();
    }

    /** The {@code touchpoints} consumer; its Kafka settings are the channel's ({@code mp.messaging.incoming.touchpoints.*}). */
    interface Consumer {
        /** Off in tests that only exercise REST; on everywhere else. */
        @WithDefault("true")
        boolean enabled();
    }

    interface Topics {
        /** Partitions of the topics this service creates when they are missing. */
        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }
}
