package io.omnijourney.ingest.adapter.rest;

import io.omnijourney.ingest.app.TrackingService;
import io.omnijourney.ingest.domain.tracking.CallKind;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The Segment-compatible HTTP Tracking API. Authentication is by write key (HTTP Basic user name, or
 * {@code writeKey} in the body), checked by the use case, hence {@code @PermitAll} at the framework level.
 * Every Content-Type is accepted: real SDKs label JSON in surprising ways.
 */
@Path("/v1")
@PermitAll
@Tag(name = "Tracking API", description = "Segment-compatible: track, identify, page, screen, alias, group, batch")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class TrackingResource {

    private final TrackingService tracking;
    private final RequestBodies bodies;

    public TrackingResource(TrackingService tracking, RequestBodies bodies) {
        this.tracking = tracking;
        this.bodies = bodies;
    }

    @POST
    @Path("track")
    @Operation(summary = "Record an action the user performed")
    public SuccessResponse track(byte[] body, @HeaderParam("Content-Encoding") String encoding,
            @HeaderParam("Authorization") String authorization) {
        return accept(CallKind.TRACK, body, encoding, authorization);
    }

    @POST
    @Path("identify")
    @Operation(summary = "Tie a user to their traits")
    public SuccessResponse identify(byte[] body, @HeaderParam("Content-Encoding") String encoding,
            @HeaderParam("Authorization") String authorization) {
        return accept(CallKind.IDENTIFY, body, encoding, authorization);
    }

    @POST
    @Path("page")
    @Operation(summary = "Record a web page view")
    public SuccessResponse page(byte[] body, @HeaderParam("Content-Encoding") String encoding,
            @HeaderParam("Authorization") String authorization) {
        return accept(CallKind.PAGE, body, encoding, authorization);
    }

    @POST
    @Path("screen")
    @Operation(summary = "Record a mobile screen view")
    public SuccessResponse screen(byte[] body, @HeaderParam("Content-Encoding") String encoding,
            @HeaderParam("Authorization") String authorization) {
        return accept(CallKind.SCREEN, body, encoding, authorization);
    }

    @POST
    @Path("alias")
    @Operation(summary = "Merge two user identities (previousId into userId)")
    public SuccessResponse alias(byte[] body, @HeaderParam("Content-Encoding") String encoding,
            @HeaderParam("Authorization") String authorization) {
        return accept(CallKind.ALIAS, body, encoding, authorization);
    }

    @POST
    @Path("group")
    @Operation(summary = "Associate a user with a group (account, company)")
    public SuccessResponse group(byte[] body, @HeaderParam("Content-Encoding") String encoding,
            @HeaderParam("Authorization") String authorization) {
        return accept(CallKind.GROUP, body, encoding, authorization);
    }

    @POST
    @Path("batch")
    @Operation(summary = "Send many calls at once; accepted or rejected as a whole")
    public SuccessResponse batch(byte[] body, @HeaderParam("Content-Encoding") String encoding,
            @HeaderParam("Authorization") String authorization) {
        return accept(CallKind.BATCH, body, encoding, authorization);
    }

    /** The official Java client posts to {@code /v1/import/}, with the trailing slash. */
    @POST
    @Path("{import: import/?}")
    @Operation(summary = "Same as batch (the path the official server-side libraries use)")
    public SuccessResponse importBatch(byte[] body, @HeaderParam("Content-Encoding") String encoding,
            @HeaderParam("Authorization") String authorization) {
        return accept(CallKind.BATCH, body, encoding, authorization);
    }

    private SuccessResponse accept(CallKind kind, byte[] body, String encoding, String authorization) {
        tracking.accept(kind, bodies.parseJson(bodies.decode(body, encoding)), basicAuthUser(authorization));
        return SuccessResponse.OK;
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
