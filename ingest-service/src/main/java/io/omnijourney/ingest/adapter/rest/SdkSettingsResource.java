package io.omnijourney.ingest.adapter.rest;

import io.omnijourney.ingest.app.AuthenticationRejectedException;
import io.omnijourney.ingest.app.OriginRefusedException;
import io.omnijourney.ingest.app.SourceService;
import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.ingest.domain.sdk.SdkSettings;
import io.omnijourney.ingest.domain.sdk.TrackingEndpoint;
import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The source settings Segment's SDKs load first: analytics.js from its CDN (this service, see
 * {@link AnalyticsJsResource}), the mobile SDKs from their {@code cdnHost}. An unknown or revoked key is a 404, and a
 * browser on an origin the source does not allow gets a 403 it cannot read.
 */
@Path("/v1/projects")
@PermitAll
@Tag(name = "Browser and mobile SDKs", description = "analytics.js and the source settings the Segment SDKs load")
public class SdkSettingsResource {

    private final SourceService sources;
    private final Optional<TrackingEndpoint> configuredEndpoint;

    public SdkSettingsResource(SourceService sources, IngestConfig config) {
        this.sources = sources;
        this.configuredEndpoint = config.publicBaseUrl().map(url -> TrackingEndpoint.fromBaseUrl(url)
                .orElseThrow(() -> new IllegalStateException("omnijourney.ingest.public-base-url must be an http(s) "
                        + "URL such as https://track.example.com")));
    }

    @GET
    @Path("{writeKey}/settings")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The source settings analytics.js and the mobile SDKs load (Segment.io pointed back here)")
    public Response settings(@PathParam("writeKey") String writeKey, @Context RoutingContext routing) {
        HttpServerRequest request = routing.request();
        try {
            sources.authenticate(writeKey, request.getHeader("Origin"));
        } catch (AuthenticationRejectedException e) {
            throw new ApiException(404, ErrorResponse.of("unknown write key", "writeKey",
                    "no active source has this write key"));
        } catch (OriginRefusedException e) {
            BrowserCors.refuse(routing);
            throw e;
        }
        BrowserCors.allow(routing);
        TrackingEndpoint endpoint = configuredEndpoint
                .or(() -> TrackingEndpoint.fromRequest(request.scheme(), authority(request)))
                .orElseThrow(() -> new ApiException(400, ErrorResponse.of("invalid request", "Host",
                        "is not a host name: set omnijourney.ingest.public-base-url or send a valid Host")));
        Map<String, Object> settings = SdkSettings.of(writeKey, endpoint);
        return Response.ok(settings).header("Cache-Control", "max-age=60").build();
    }

    /** {@code Host} in HTTP/1.1, {@code :authority} in HTTP/2 (browsers speak it over https). */
    private static String authority(HttpServerRequest request) {
        HostAndPort authority = request.authority();
        if (authority == null) {
            return null;
        }
        return authority.port() >= 0 ? authority.host() + ":" + authority.port() : authority.host();
    }
}
