package io.omnijourney.notification.config;

import io.omnijourney.kit.mongo.MigrationMode;
import io.omnijourney.notification.domain.OpenPixel;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "omnijourney.notification")
public interface NotificationConfig {

    /** The MongoDB database this service owns. */
    @WithDefault("notification")
    String database();

    /** The notification-requests consumer (its Kafka settings are the channel's, in application.properties). */
    Requests requests();

    /** The profile-events consumer: erasure, consent, local profile copy for previews. */
    Consumer profileEvents();

    Topics topics();

    Mongo mongo();

    Delivery delivery();

    Email email();

    Provider sms();

    /** WhatsApp through a Twilio-shaped provider; optional. */
    WhatsApp whatsapp();

    Provider push();

    Webhook webhook();

    Tracking tracking();

    Rendering rendering();

    Limits limits();

    Inbox inbox();

    /** Live inbox streams ({@code GET /inbox/{profileId}/stream}). */
    interface Inbox {
        /** How often this instance looks for new and newly read messages of the profiles it streams. */
        @WithDefault("1s")
        Duration streamPoll();

        /** How much further back than the last poll each poll looks (instances' clocks differ). */
        @WithDefault("5s")
        Duration streamLookBack();

        /** How often an idle stream gets a comment line (keeps proxies from closing it, finds gone clients). */
        @WithDefault("15s")
        Duration streamPing();

        /** Streams one instance serves; one more is a 503. */
        @WithDefault("2000")
        int maxStreams();

        /** Streams of one profile (devices, tabs); one more is a 429. */
        @WithDefault("10")
        int maxStreamsPerProfile();
    }

    /** What one installation may hold. */
    interface Limits {
        /** Templates (one per id and channel); saving a new one past this is a 409 until one is deleted. */
        @WithDefault("2000")
        long maxTemplates();
    }

    /** Cost limits of one render (every part of one message); a render over them fails the send. */
    interface Rendering {
        /** Iterations of one {@code {#for}} / {@code {#each}} loop (loops iterate over lists only). */
        @WithDefault("1000")
        int maxLoopIterations();

        /** Iterations of all loops of a message together, nested loops included. */
        @WithDefault("10000")
        int maxIterations();

        /** Characters of output of a message, all parts together (256 KiB). */
        @WithDefault("262144")
        int maxOutputChars();

        /** Time one render may take. */
        @WithDefault("1s")
        Duration maxRenderTime();
    }

    interface Consumer {
        /** Off in tests and benchmarks that start the consumer themselves (or not at all); on everywhere else. */
        @WithDefault("true")
        boolean enabled();
    }

    interface Requests extends Consumer {
        /**
         * Requests handled at once (worker threads). A poll's requests are grouped by key (the profile id) into
         * lanes; a lane's requests are handled in offset order, lanes run side by side.
         */
        @WithDefault("16")
        int concurrency();
    }

    interface Mongo {
        /**
         * The adaptations to the MongoDB wire-protocol server used where no real MongoDB runs (see
         * {@code LocalServerWorkarounds}); {@code false} against a real MongoDB, which needs none of them.
         */
        @WithDefault("false")
        boolean localServerWorkarounds();

        /**
         * When the schema migrations (NotificationMigrations: indexes, TTL, drops of unused ones, data passes) are
         * applied: {@code startup} (before the consumers start; dev, tests, the local stack, a single instance),
         * {@code job} (apply them and exit: the Kubernetes migration Job), {@code skip} (pods deployed after that
         * Job: start without waiting for an index build).
         */
        @WithDefault("startup")
        MigrationMode migrations();
    }

    interface Topics {
        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }

    interface Delivery {
        /** Tries per request (first attempt included) for transient failures. */
        @WithDefault("4")
        int maxAttempts();

        @WithDefault("200ms")
        Duration initialBackoff();

        /** Small on purpose: the consumer retries in place and the partition waits meanwhile. */
        @WithDefault("2s")
        Duration maxBackoff();

        /** A provider's Retry-After longer than this ends the tries (the request fails to the dead-letter topic). */
        @WithDefault("10s")
        Duration maxRetryAfter();

        /** Timeout of one provider call. */
        @WithDefault("10s")
        Duration timeout();

        /** How long a claimed request is reserved for the instance that claimed it (longer than all its tries). */
        @WithDefault("2m")
        Duration lease();

        /**
         * How long a template read for a send is reused. Changes through this instance are seen at once, through
         * another instance after at most this long; 0 reads every time.
         */
        @WithDefault("5s")
        Duration templateCacheTtl();

        /**
         * How long after its first claim a request waits for this service's copy of the profile to reach the version
         * the request was decided on (profile-events behind the request). Then it is sent with the copy there is, or
         * failed when there is none. A waiting request holds its poll: keep this below
         * {@code omnijourney.messaging.stall-timeout} (5m), or liveness reports the consumer stalled.
         */
        @WithDefault("2m")
        Duration profileWait();

        /** Marketing messages per profile, channel and UTC day, across all journeys. */
        @WithDefault("5")
        int dailyCap();

        /**
         * How often expired daily-cap counters are deleted (real MongoDB's TTL index deletes them too; the local
         * server needs this). Read by the {@code @Scheduled} job as {@code ${...cap-purge-every}}.
         */
        @WithDefault("10m")
        Duration capPurgeEvery();

        /** Expired daily-cap counters deleted per run at most. */
        @WithDefault("1000")
        int capPurgeBatch();
    }

    interface Email {
        @WithDefault("OmniJourney <no-reply@omnijourney.local>")
        String from();

        /** A mailto: address for List-Unsubscribe, besides the one-click https link. */
        Optional<String> unsubscribeMailto();

        /** Rewrite links of HTML bodies to the click redirect. */
        @WithDefault("true")
        boolean trackClicks();

        /**
         * A secondary SMTP provider ({@code quarkus.mailer.secondary.*}) the tries alternate to after a transient
         * failure of the primary.
         */
        @WithDefault("false")
        boolean secondaryEnabled();
    }

    /** An HTTP provider: primary, and an optional secondary the tries alternate to after a transient failure. */
    interface Provider {
        Endpoint primary();

        Optional<Endpoint> secondary();
    }

    /**
     * WhatsApp senders, the same Twilio Messages API as SMS ({@code from} is the WhatsApp sender's number, without the
     * {@code whatsapp:} prefix). Both optional: without a primary no WhatsApp message is sent, and a request on
     * {@code whatsapp} fails for good on it ("no whatsapp provider configured") and moves on to its next channel.
     */
    interface WhatsApp {
        Optional<Endpoint> primary();

        /** Used only with a primary. */
        Optional<Endpoint> secondary();
    }

    interface Endpoint {
        /** A name for the ledger (twilio, fcm, ...). */
        String name();

        String baseUrl();

        /** Twilio: the Account SID. FCM: the project id. */
        String account();

        /** Twilio: the auth token (HTTP Basic). FCM: an OAuth 2 access token (Bearer). */
        String secret();

        /** Twilio: the sender number. */
        Optional<String> from();

        /**
         * Twilio: where the provider reports each message's fate (queued, sent, delivered, undelivered, failed),
         * ingest-service's {@code /v1/webhooks/twilio/{sourceId}/status} of a Twilio source with this account's
         * token; {@code ?requestId=} is added per message.
         */
        Optional<String> statusCallbackUrl();
    }

    interface Webhook {
        /** The HMAC-SHA256 key of the signature header; receivers verify with the same key. */
        String signingSecret();

        /** Addresses or CIDR blocks (optionally with :port) that may be reached although private or loopback. */
        Optional<List<String>> allowList();

        /**
         * Ports a webhook may connect to. An allow-list entry that names a port lets that port through for the
         * addresses it covers.
         */
        @WithDefault("443")
        java.util.Set<Integer> allowedPorts();

        /** Plain http targets: for local stacks and tests only. */
        @WithDefault("false")
        boolean allowHttp();
    }

    interface Tracking {
        /** The public base URL of this service, for tracked links and List-Unsubscribe. */
        @WithDefault("http://localhost:8084")
        String publicBaseUrl();

        /** HMAC key of the link tokens. */
        String secret();

        /**
         * Clicks of one link (one message, one link in it) within the same window of this length (aligned to the
         * epoch) publish the same {@code Email Clicked} id, so downstream counts them once.
         */
        @WithDefault("1h")
        Duration clickWindow();

        /**
         * Which HTML emails carry the open pixel: {@code marketing} (transactional mail is left alone), {@code all}
         * or {@code none}. Marketing mail goes only to those who agreed to it.
         */
        @WithDefault("marketing")
        OpenPixel.Scope openPixel();

        /** How long the one-click survey answer links of a message work. */
        @WithDefault("30d")
        Duration surveyLinkTtl();
    }
}
