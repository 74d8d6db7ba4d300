package io.omnijourney.ingest.adapter.rest;

import io.omnijourney.ingest.app.QrCodes;
import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.security.ApiKeyAuthenticationMechanism;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * What a printed QR code points at: the scan is recorded and the phone redirected (302) to the code's target, with
 * {@code ajs_aid} so that analytics.js on the target site continues under the same anonymous id. Public (a phone has
 * no key); the id is 80 random bits, and only codes an admin created answer.
 */
@Path(QrScanResource.PATH + "/{codeId}")
@PermitAll
public class QrScanResource {

    static final String PATH = "/qr";
    static final String COOKIE = "oj_aid";
    private static final int ONE_YEAR = 365 * 24 * 3600;

    private final QrCodes codes;

    public QrScanResource(QrCodes codes) {
        this.codes = codes;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response scan(@PathParam("codeId") String codeId, @CookieParam(COOKIE) String anonymousId,
            @HeaderParam("User-Agent") String userAgent, @Context RoutingContext routing) {
        QrCodes.Scan scan = codes.scan(codeId, anonymousId, ApiKeyAuthenticationMechanism.clientAddress(routing),
                userAgent).orElseThrow(() -> ApiException.notFound("QR code '" + (codeId.length() > 40
                        ? codeId.substring(0, 40) + "..." : codeId) + "' (unknown or revoked)"));
        boolean secure = "https".equals(routing.request().scheme());
        NewCookie cookie = new NewCookie.Builder(COOKIE).value(scan.anonymousId()).path(PATH).maxAge(ONE_YEAR)
                .httpOnly(true).secure(secure).sameSite(NewCookie.SameSite.LAX).build();
        return Response.status(302).location(URI.create(scan.location())).cookie(cookie)
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build();
    }
}
