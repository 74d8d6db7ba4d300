package io.omnijourney.ingest.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.ingest.app.IngestMetrics.RejectReason;
import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.ingest.domain.InvalidInputException;
import io.omnijourney.ingest.domain.source.Source;
import io.omnijourney.ingest.domain.tracking.CallKind;
import io.omnijourney.ingest.domain.tracking.ClientTimeWindow;
import io.omnijourney.ingest.domain.tracking.PayloadTooLargeException;
import io.omnijourney.ingest.domain.tracking.TrackingLimits;
import io.omnijourney.ingest.domain.tracking.TrackingRequestParser;
import io.omnijourney.kit.security.AuthFailures;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The tracking API's use case: authenticate the write key, hold the source to its rate, validate the whole request,
 * publish every event, and only then report success.
 */
@ApplicationScoped
@Startup
public class TrackingService {

    private final SourceService sources;
    private final RateLimits rateLimits;
    private final TouchpointPublisher publisher;
    private final IngestMetrics metrics;
    private final TrackingRequestParser parser;
    private final Clock clock;
    private final ClientTimeWindow clientTimeWindow;
    private final AuthFailures authFailures;

    public TrackingService(SourceService sources, RateLimits rateLimits, TouchpointPublisher publisher,
            IngestMetrics metrics, IngestConfig config, Clock clock, AuthFailures authFailures) {
        this.authFailures = authFailures;
        this.sources = sources;
        this.rateLimits = rateLimits;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        IngestConfig.Limits limits = config.limits();
        this.clientTimeWindow = new ClientTimeWindow(config.clientTime().earliest(),
                config.clientTime().maxAheadOfReceipt());
        this.parser = new TrackingRequestParser(new TrackingLimits(limits.maxEventBytes(), limits.maxRequestBytes(),
                limits.maxBatchEvents(), limits.maxNameLength()), clientTimeWindow);
    }

    /** The client-supplied times this service believes; the provider webhooks hold their event times to it too. */
    public ClientTimeWindow clientTimeWindow() {
        return clientTimeWindow;
    }

    /**
     * @param requestKey the write key from HTTP Basic (or the query string, for beacons), which wins over a
     *                   {@code writeKey} in the body
     * @param origin     the browser's {@code Origin} header, held to the source's allowed origins; null when the
     *                   call does not come from a browser
     * @param client     the caller's address, held to the limit of failed authentications
     * @return the events published
     */
    public List<TouchpointEvent> accept(CallKind kind, JsonNode body, Optional<String> requestKey, String origin,
            String client) {
        Source source = authenticate(requestKey.or(() -> bodyWriteKey(body)).orElse(null), origin, client);
        String channel = source.channel().wireName();
        int count = messageCount(kind, body);
        try {
            rateLimits.acquire(source, count);
            List<TouchpointEvent> events = parser.parse(kind, body,
                    new TrackingRequestParser.Origin(source.id(), source.channel(), clock.instant()));
            publish(source, events);
            return events;
        } catch (RateLimitedException e) {
            metrics.rejected(source.id(), channel, RejectReason.RATE_LIMITED, count);
            throw e;
        } catch (PayloadTooLargeException e) {
            metrics.rejected(source.id(), channel, RejectReason.TOO_LARGE, count);
            throw e;
        } catch (InvalidInputException e) {
            metrics.rejected(source.id(), channel, RejectReason.INVALID, count);
            throw e;
        }
    }

    /** Publishes events of an authenticated source and counts them; used by the provider webhooks too. */
    public void publish(Source source, List<TouchpointEvent> events) {
        long started = System.nanoTime();
        try {
            publisher.publish(events);
        } catch (PublishFailedException e) {
            metrics.rejected(source.id(), source.channel().wireName(), RejectReason.UNAVAILABLE, events.size());
            throw e;
        }
        metrics.publishLatency(java.time.Duration.ofNanos(System.nanoTime() - started));
        metrics.accepted(source.id(), source.channel().wireName(), events.size());
    }

    /**
     * Checks a write key that came in a header or the query string, before the body is read: a request with a wrong
     * key costs no body transfer and no parsing. Browsers put the key in the body; their bodies are bounded by the
     * size limit and checked in {@link #accept}.
     */
    /**
     * The part of {@link #checkWriteKey} that never blocks: a 429 for a client address over its failure limit, then
     * whether the key was verified recently (the full check, which may read the store, is then not needed).
     */
    public boolean writeKeyRecentlyVerified(String writeKey, String client) {
        authFailures.checkAllowed(client);
        return sources.isRecentlyVerified(writeKey);
    }

    public void checkWriteKey(String writeKey, String client) {
        authenticate(writeKey, null, client);
    }

    private Source authenticate(String writeKey, String origin, String client) {
        authFailures.checkAllowed(client);
        try {
            return sources.authenticate(writeKey, origin);
        } catch (AuthenticationRejectedException e) {
            authFailures.failed(client);
            metrics.rejected(IngestMetrics.UNKNOWN, IngestMetrics.UNKNOWN, RejectReason.UNAUTHENTICATED, 1);
            throw e;
        } catch (OriginRefusedException e) {
            metrics.rejected(IngestMetrics.UNKNOWN, IngestMetrics.UNKNOWN, RejectReason.ORIGIN_REFUSED, 1);
            throw e;
        }
    }

    private static Optional<String> bodyWriteKey(JsonNode body) {
        JsonNode key = body == null ? null : body.get("writeKey");
        return key != null && key.isTextual() ? Optional.of(key.asText()) : Optional.empty();
    }

    private static int messageCount(CallKind kind, JsonNode body) {
        JsonNode batch = body.get("batch");
        return kind == CallKind.BATCH && batch != null && batch.isArray() ? Math.max(1, batch.size()) : 1;
    }
}
