package io.omnijourney.kit.rest;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Answers a request whose declared {@code Content-Length} exceeds {@code quarkus.http.limits.max-body-size} with the
 * uniform JSON 413 before its body is read. A body without a declared length is cut off by the HTTP server at the same
 * limit (its own 413, without a body).
 */
public class BodyLimit {

    static final String MAX_BODY_SIZE = "quarkus.http.limits.max-body-size";

    void register(@Observes StartupEvent event, Router router) {
        Optional<String> configured = ConfigProvider.getConfig().getOptionalValue(MAX_BODY_SIZE, String.class);
        if (configured.isEmpty()) {
            return;
        }
        long max = new MemorySizeConverter().convert(configured.get()).asLongValue();
        refuseDeclaredOversize(router.route().order(-20), max, "is larger than " + max + " bytes");
    }

    /**
     * Answers a request on {@code route} whose declared {@code Content-Length} is over {@code max} with a JSON 413
     * naming the body, before the body is read; every other request goes on.
     */
    public static void refuseDeclaredOversize(Route route, long max, String problem) {
        String body = Json.encode(ErrorResponse.of("payload too large", "body", problem));
        route.handler(ctx -> {
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
