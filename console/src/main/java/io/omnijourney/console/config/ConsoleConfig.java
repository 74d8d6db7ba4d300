package io.omnijourney.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** Where the services are, and how sign-in sessions are kept. */
@ConfigMapping(prefix = "omnijourney.console")
public interface ConsoleConfig {

    /** ingest-service's base URL (sources and write keys). */
    URI ingestUrl();

    /** profile-service's base URL (profiles, segments, metrics). */
    URI profileUrl();

    /** journey-service's base URL (journeys, statistics, simulation). */
    URI journeyUrl();

    /** notification-service's base URL (templates and previews). */
    URI notificationUrl();

    /** Mark the session cookie {@code Secure} (behind TLS; the local stack runs plain HTTP). */
    @WithDefault("false")
    boolean secureCookie();

    /** A session unused for this long is forgotten: the user signs in again. */
    @WithDefault("30m")
    Duration sessionIdleTimeout();

    /** A session ends after this long, used or not. */
    @WithDefault("12h")
    Duration sessionMaxAge();

    /** Sessions kept at most (bounded memory); the least recently used goes first. */
    @WithDefault("10000")
    int maxSessions();

    /** How long one call to a service may take before the page says the service is unavailable. */
    @WithDefault("10s")
    Duration upstreamTimeout();
}
