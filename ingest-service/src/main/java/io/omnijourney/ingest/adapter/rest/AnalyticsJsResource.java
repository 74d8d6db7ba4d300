package io.omnijourney.ingest.adapter.rest;

import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * analytics.js at the path the standard snippet requests, and the code chunks it loads on demand, so that a website
 * needs no third-party CDN: the snippet works with only its host changed.
 */
@Path("/")
@PermitAll
@Tag(name = "Browser and mobile SDKs", description = "analytics.js and the source settings the Segment SDKs load")
public class AnalyticsJsResource {

    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";

    private final AnalyticsJsAssets assets;

    public AnalyticsJsResource(AnalyticsJsAssets assets) {
        this.assets = assets;
    }

    /** The path of the standard snippet; the key in it is read by the bundle, the bytes are the same for every key. */
    @GET
    @Path("analytics.js/v1/{writeKey}/analytics.min.js")
    @Produces(JAVASCRIPT)
    @Operation(summary = "analytics.js (@segment/analytics-next), as the standard snippet loads it")
    public Response bundle(@PathParam("writeKey") String writeKey, @Context RoutingContext routing) {
        return serve(assets.bundle(), routing, "public, max-age=3600");
    }

    @GET
    @Path("analytics-next/bundles/{file}")
    @Produces(JAVASCRIPT)
    @Operation(summary = "A code chunk analytics.js loads on demand")
    public Response chunk(@PathParam("file") String file, @Context RoutingContext routing) {
        AnalyticsJsAssets.Asset asset = assets.chunk(file).orElseThrow(() -> new ApiException(404,
                ErrorResponse.of("not found", "file", "is not a file of analytics.js")));
        return serve(asset, routing, "public, max-age=31536000, immutable");
    }

    private static Response serve(AnalyticsJsAssets.Asset asset, RoutingContext routing, String cacheControl) {
        HttpServerRequest request = routing.request();
        Response.ResponseBuilder response;
        if (asset.etag().equals(request.getHeader("If-None-Match"))) {
            response = Response.notModified();
        } else if (acceptsGzip(request.getHeader("Accept-Encoding"))) {
            response = Response.ok(asset.gzipped()).header("Content-Encoding", "gzip");
        } else {
            response = Response.ok(asset.plain());
        }
        // Scripts are public: any page may load them, also with crossorigin or under a cross-origin embedder policy.
        return response.type(JAVASCRIPT).header("ETag", asset.etag()).header("Cache-Control", cacheControl)
                .header("Vary", "Accept-Encoding").header("Access-Control-Allow-Origin", "*")
                .header("Cross-Origin-Resource-Policy", "cross-origin").build();
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.trim().split(";");
            if (parts[0].trim().equalsIgnoreCase("gzip")) {
                return parts.length < 2 || !parts[1].trim().replace(" ", "").equals("q=0");
            }
        }
        return false;
    }
}
