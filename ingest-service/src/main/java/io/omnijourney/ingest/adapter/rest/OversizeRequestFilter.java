package io.omnijourney.ingest.adapter.rest;

import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.kit.rest.ErrorResponse;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a request whose declared Content-Length exceeds the request limit before its body is read: decompression
 * never shrinks a body, so it could not be accepted anyway. The answer is the uniform JSON 413 (the HTTP server's own
 * body limit, kept as an outer guard for bodies without a length, answers without a body).
 */
public class OversizeRequestFilter {

    void register(@Observes StartupEvent event, Router router, IngestConfig config) {
        long max = config.limits().maxRequestBytes();
        String body = Json.encode(ErrorResponse.of("payload too large", "body",
                "is larger than " + max + " bytes (after decompression)"));
        router.route("/v1/*").order(-10).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && declaredLength(length) > max) {
                ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close").end(body);
            } else {
                ctx.next();
            }
        });
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
