package io.omnijourney.ingest.adapter.rest;

import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.kit.rest.BodyLimit;
import io.quarkus.runtime.StartupEvent;
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
        BodyLimit.refuseDeclaredOversize(router.route("/v1/*").order(-10), max,
                "is larger than " + max + " bytes (after decompression)");
    }
}
