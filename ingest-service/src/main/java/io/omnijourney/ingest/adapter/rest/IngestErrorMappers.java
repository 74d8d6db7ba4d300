package io.omnijourney.ingest.adapter.rest;

import io.omnijourney.kit.logging.LogSafe;
import static io.omnijourney.kit.rest.ErrorMappers.json;

import io.omnijourney.ingest.app.AuthenticationRejectedException;
import io.omnijourney.ingest.app.OriginRefusedException;
import io.omnijourney.ingest.app.PublishFailedException;
import io.omnijourney.ingest.app.RateLimitedException;
import io.omnijourney.ingest.app.SourceNotFoundException;
import io.omnijourney.ingest.app.StaleWebhookException;
import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.ingest.domain.InvalidInputException;
import io.omnijourney.ingest.domain.tracking.PayloadTooLargeException;
import io.omnijourney.kit.rest.ErrorResponse;
import io.omnijourney.kit.rest.ErrorResponse.FieldProblem;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** One mapper per domain exception of this service, all answering the uniform error body. */
public class IngestErrorMappers {

    private static final Logger LOG = Logger.getLogger(IngestErrorMappers.class);

    private final int retryAfterSeconds;

    public IngestErrorMappers(IngestConfig config) {
        this.retryAfterSeconds = config.kafka().retryAfterSeconds();
    }

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e) {
        boolean tooLarge = e instanceof PayloadTooLargeException;
        ErrorResponse body = new ErrorResponse(tooLarge ? "payload too large" : "invalid request",
                e.problems().stream().map(p -> new FieldProblem(p.field(), p.problem())).toList());
        return json(tooLarge ? 413 : 400, body).build();
    }

    @ServerExceptionMapper
    public Response stale(StaleWebhookException e) {
        return json(403, ErrorResponse.of("stale webhook", e.header(), e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response rejected(AuthenticationRejectedException e) {
        return json(401, ErrorResponse.of("unauthorized", "writeKey", e.getMessage()))
                .header("WWW-Authenticate", "Basic realm=\"tracking\"").build();
    }

    /**
     * {@code Retry-After} in seconds (analytics.js, the mobile SDKs and current server libraries) and
     * {@code X-RateLimit-Reset} as the Unix time in milliseconds when to retry (older Segment server libraries).
     */
    @ServerExceptionMapper
    public Response rateLimited(RateLimitedException e) {
        long resetMillis = System.currentTimeMillis() + e.retryAfterSeconds() * 1000;
        return json(429, ErrorResponse.of("rate limit exceeded for this source: retry after "
                + e.retryAfterSeconds() + " s")).header("Retry-After", e.retryAfterSeconds())
                .header("X-RateLimit-Reset", resetMillis).build();
    }

    @ServerExceptionMapper
    public Response originRefused(OriginRefusedException e) {
        String origin = e.origin().length() > 100 ? e.origin().substring(0, 100) + "..." : e.origin();
        return json(403, ErrorResponse.of("origin not allowed", "Origin", "'" + origin
                + "' is not among the allowed origins of this source")).build();
    }

    @ServerExceptionMapper
    public Response unavailable(PublishFailedException e) {
        LOG.warnf("events not accepted, broker unavailable: %s", LogSafe.text(e.getMessage()));
        return json(503, ErrorResponse.of("event log unavailable, nothing was accepted: retry later"))
                .header("Retry-After", retryAfterSeconds).build();
    }

    @ServerExceptionMapper
    public Response notFound(SourceNotFoundException e) {
        return json(404, ErrorResponse.of(e.getMessage())).build();
    }
}
