package io.omnijourney.ingest.adapter.rest;

import io.omnijourney.ingest.app.OriginPolicy;
import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.kit.rest.ErrorResponse;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;

/**
 * CORS for the tracking API and the SDK settings, per source. A preflight carries no write key, so it is answered for
 * any origin that some active tracking source allows ({@link OriginPolicy}); the real request is then held to its own
 * source's origins once the key is known ({@link #allow} / {@link #refuse}, set by the resources). Credentials are
 * never allowed. Calls without an {@code Origin} header (servers, mobile apps) pass untouched, and so do the provider
 * webhooks; the rest of the service has no CORS at all.
 */
public class BrowserCors {

    static final String ALLOWED_METHODS = "POST, GET, OPTIONS";
    /** What the SDKs send: Authorization (write key), X-Retry-Count (analytics.js retries), Content-Encoding. */
    static final String ALLOWED_HEADERS = "Content-Type, Authorization, X-Retry-Count, Content-Encoding";
    /** So that the SDK running in the page can read when to retry after a 429 or 503. */
    static final String EXPOSED_HEADERS = "Retry-After, X-RateLimit-Reset";
    private static final String DECISION = "omnijourney.cors.allowed";

    /** The source's own origins allow this call: its response carries CORS headers whatever its status. */
    public static void allow(RoutingContext routing) {
        routing.put(DECISION, Boolean.TRUE);
    }

    /** The source's origins refuse this call: its response carries no CORS headers, so the page cannot read it. */
    public static void refuse(RoutingContext routing) {
        routing.put(DECISION, Boolean.FALSE);
    }

    /** Before {@link OversizeRequestFilter}: even its 413 must be readable by an allowed page. */
    void register(@Observes StartupEvent event, Router router, Vertx vertx, OriginPolicy origins,
            IngestConfig config) {
        origins.refresh();
        long refreshMillis = Math.max(1000, config.cors().refreshInterval().toMillis());
        vertx.setPeriodic(refreshMillis, id -> vertx.executeBlocking(() -> {
            origins.refresh();
            return null;
        }, false));
        String maxAge = String.valueOf(config.cors().maxAge().toSeconds());
        String refused = Json.encode(ErrorResponse.of("origin not allowed", "Origin",
                "no source of this service accepts calls from this origin"));
        router.route("/v1/*").order(-20).handler(ctx -> {
            HttpServerRequest request = ctx.request();
            String origin = request.getHeader("Origin");
            if (origin == null || request.path().startsWith("/v1/webhooks/")) {
                ctx.next();
            } else if (request.method() == HttpMethod.OPTIONS
                    && request.getHeader("Access-Control-Request-Method") != null) {
                preflight(ctx, origin, origins, maxAge, refused);
            } else {
                ctx.addHeadersEndHandler(v -> decorate(ctx, origin, origins));
                ctx.next();
            }
        });
    }

    private static void preflight(RoutingContext ctx, String origin, OriginPolicy origins, String maxAge,
            String refused) {
        MultiMap headers = ctx.response().headers();
        headers.add("Vary", "Origin");
        if (!origins.someSourceAllows(origin)) {
            ctx.response().setStatusCode(403).putHeader("Content-Type", "application/json").end(refused);
            return;
        }
        headers.set("Access-Control-Allow-Origin", origin)
                .set("Access-Control-Allow-Methods", ALLOWED_METHODS)
                .set("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                .set("Access-Control-Max-Age", maxAge);
        ctx.response().setStatusCode(204).end();
    }

    private static void decorate(RoutingContext ctx, String origin, OriginPolicy origins) {
        MultiMap headers = ctx.response().headers();
        headers.add("Vary", "Origin");
        Boolean decision = ctx.get(DECISION);
        boolean allowed = decision != null ? decision : origins.someSourceAllows(origin);
        if (allowed) {
            headers.set("Access-Control-Allow-Origin", origin).set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
    }
}
