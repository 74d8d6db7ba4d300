package io.omnijourney.ingest.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnijourney.ingest.app.OriginRefusedException;
import io.omnijourney.ingest.app.TrackingService;
import io.omnijourney.ingest.domain.InvalidInputException;
import io.omnijourney.ingest.domain.tracking.CallKind;
import io.omnijourney.ingest.domain.tracking.PayloadTooLargeException;
import io.omnijourney.kit.security.ApiKeyAuthenticationMechanism;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The Segment-compatible HTTP Tracking API. Authentication is by write key (HTTP Basic user name, {@code writeKey}
 * in the query string for beacons, or {@code writeKey} in the body), checked by the use case, hence
 * {@code @PermitAll} at the framework level. Every Content-Type is accepted: real SDKs label JSON in surprising ways
 * (analytics.js sends {@code text/plain} so that a beacon needs no preflight). Browser calls are held to the source's
 * allowed origins; {@link BrowserCors} answers preflights and adds the CORS headers.
 */
@Path("/v1")
@PermitAll
@Tag(name = "Tracking API", description = "Segment-compatible: track, identify, page, screen, alias, group, batch")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class TrackingResource {

    /** SDK metrics are dropped unread; a bound keeps them from costing more than a glance. */
    static final int MAX_METRICS_BYTES = 16 * 1024;

    private final TrackingService tracking;
    private final RequestBodies bodies;

    public TrackingResource(TrackingService tracking, RequestBodies bodies) {
        this.tracking = tracking;
        this.bodies = bodies;
    }

    @POST
    @Path("track")
    @Operation(summary = "Record an action the user performed")
    public SuccessResponse track(byte[] body, @Context RoutingContext routing) {
        return accept(CallKind.TRACK, body, routing);
    }

    @POST
    @Path("identify")
    @Operation(summary = "Tie a user to their traits")
    public SuccessResponse identify(byte[] body, @Context RoutingContext routing) {
        return accept(CallKind.IDENTIFY, body, routing);
    }

    @POST
    @Path("page")
    @Operation(summary = "Record a web page view")
    public SuccessResponse page(byte[] body, @Context RoutingContext routing) {
        return accept(CallKind.PAGE, body, routing);
    }

    @POST
    @Path("screen")
    @Operation(summary = "Record a mobile screen view")
    public SuccessResponse screen(byte[] body, @Context RoutingContext routing) {
        return accept(CallKind.SCREEN, body, routing);
    }

    @POST
    @Path("alias")
    @Operation(summary = "Merge two user identities (previousId into userId)")
    public SuccessResponse alias(byte[] body, @Context RoutingContext routing) {
        return accept(CallKind.ALIAS, body, routing);
    }

    @POST
    @Path("group")
    @Operation(summary = "Associate a user with a group (account, company)")
    public SuccessResponse group(byte[] body, @Context RoutingContext routing) {
        return accept(CallKind.GROUP, body, routing);
    }

    @POST
    @Path("batch")
    @Operation(summary = "Send many calls at once; accepted or rejected as a whole")
    public SuccessResponse batch(byte[] body, @Context RoutingContext routing) {
        return accept(CallKind.BATCH, body, routing);
    }

    // The short paths analytics.js and the mobile SDKs post to: /v1/t is /v1/track, and so on.

    @POST
    @Path("t")
    @Operation(summary = "Same as /v1/track (the path the browser and mobile SDKs use)")
    public SuccessResponse trackShort(byte[] body, @Context RoutingContext routing) {
        return accept(CallKind.TRACK, body, routing);
    }

    @POST
    @Path("i")
    @Operation(summary = "Same as /v1/identify (the path the browser and mobile SDKs use)")
    public SuccessResponse identifyShort(byte[] body, @Context RoutingContext routing) {
        return accept(CallKind.IDENTIFY, body, routing);
    }

    @POST
    @Path("p")
    @Operation(summary = "Same as /v1/page (the path the browser and mobile SDKs use)")
    public SuccessResponse pageShort(byte[] body, @Context RoutingContext routing) {
        return accept(CallKind.PAGE, body, routing);
    }

    @POST
    @Path("s")
    @Operation(summary = "Same as /v1/screen (the path the browser and mobile SDKs use)")
    public SuccessResponse screenShort(byte[] body, @Context RoutingContext routing) {
        return accept(CallKind.SCREEN, body, routing);
    }

    @POST
    @Path("a")
    @Operation(summary = "Same as /v1/alias (the path the browser and mobile SDKs use)")
    public SuccessResponse aliasShort(byte[] body, @Context RoutingContext routing) {
        return accept(CallKind.ALIAS, body, routing);
    }

    @POST
    @Path("g")
    @Operation(summary = "Same as /v1/group (the path the browser and mobile SDKs use)")
    public SuccessResponse groupShort(byte[] body, @Context RoutingContext routing) {
        return accept(CallKind.GROUP, body, routing);
    }

    @POST
    @Path("b")
    @Operation(summary = "Same as /v1/batch (the path the browser and mobile SDKs use)")
    public SuccessResponse batchShort(byte[] body, @Context RoutingContext routing) {
        return accept(CallKind.BATCH, body, routing);
    }

    /** The official Java client posts to {@code /v1/import/}, with the trailing slash. */
    @POST
    @Path("{import: import/?}")
    @Operation(summary = "Same as batch (the path the official server-side libraries use)")
    public SuccessResponse importBatch(byte[] body, @Context RoutingContext routing) {
        return accept(CallKind.BATCH, body, routing);
    }

    /**
     * analytics.js reports its own health counters here; they say nothing about customers, so they are accepted and
     * dropped. No write key: the SDK sends none.
     */
    @POST
    @Path("m")
    @Operation(summary = "SDK metrics: accepted and dropped")
    public SuccessResponse sdkMetrics(byte[] body) {
        if (body != null && body.length > MAX_METRICS_BYTES) {
            throw new PayloadTooLargeException("body", "is larger than " + MAX_METRICS_BYTES + " bytes");
        }
        return SuccessResponse.OK;
    }

    private SuccessResponse accept(CallKind kind, byte[] body, RoutingContext routing) {
        HttpServerRequest request = routing.request();
        Optional<String> key = requestWriteKey(request);
        JsonNode json = bodies.parseJson(bodies.decode(body, request.getHeader("Content-Encoding")));
        String origin = request.getHeader("Origin");
        try {
            tracking.accept(kind, json, key, origin, ApiKeyAuthenticationMechanism.clientAddress(routing));
        } catch (OriginRefusedException e) {
            BrowserCors.refuse(routing);
            throw e;
        }
        // Calls from servers and apps carry no Origin: they pay for no CORS bookkeeping.
        if (origin != null) {
            BrowserCors.allow(routing);
        }
        return SuccessResponse.OK;
    }

    /** The write key from HTTP Basic, else from the query string; empty when the body is to carry it. */
    static Optional<String> requestWriteKey(HttpServerRequest request) {
        return basicAuthUser(request.getHeader("Authorization")).or(() -> queryWriteKey(request));
    }

    /** {@code navigator.sendBeacon} cannot set headers: the write key may come in the query string. */
    static Optional<String> queryWriteKey(HttpServerRequest request) {
        if (request.query() == null || !request.query().contains("writeKey=")) {
            return Optional.empty();
        }
        try {
            List<String> keys = request.params().getAll("writeKey");
            if (keys.size() > 1) {
                throw new InvalidInputException("writeKey", "is given more than once in the query string");
            }
            return keys.isEmpty() || keys.get(0).isBlank() ? Optional.empty() : Optional.of(keys.get(0));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("query", "is not a valid URL query string");
        }
    }

    /** The write key is the user name of HTTP Basic; the password is empty. */
    static Optional<String> basicAuthUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String user = colon >= 0 ? decoded.substring(0, colon) : decoded;
            return user.isEmpty() ? Optional.empty() : Optional.of(user);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
