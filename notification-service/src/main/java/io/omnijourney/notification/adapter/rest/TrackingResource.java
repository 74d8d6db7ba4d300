package io.omnijourney.notification.adapter.rest;

import io.omnijourney.notification.app.Engagements;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The links inside sent emails. Unauthenticated by necessity (a mail client follows them), so each carries an
 * HMAC-signed token minted at send time; a click redirects only to the URL recorded for that token.
 */
@Path("/t")
@PermitAll
public class TrackingResource {

    private final Engagements engagements;

    public TrackingResource(Engagements engagements) {
        this.engagements = engagements;
    }

    /** Redirects to the recorded URL (the click is reported without waiting for the broker). */
    @GET
    @Path("c/{token}")
    public Response click(@PathParam("token") String token) {
        return Response.status(302).location(URI.create(engagements.click(token))).build();
    }

    /** A confirmation page: mail scanners fetch links, so a GET must not unsubscribe anyone. */
    @GET
    @Path("u/{token}")
    @Produces(MediaType.TEXT_HTML)
    public String unsubscribePage(@PathParam("token") String token) {
        engagements.checkUnsubscribe(token);
        return "<!doctype html><html><body><form method=\"post\"><p>Stop receiving these emails?</p>"
                + "<button type=\"submit\">Unsubscribe</button></form></body></html>";
    }

    /** One-click unsubscribe (RFC 8058): marketing email stops at once, and profile-service hears of it. */
    @POST
    @Path("u/{token}")
    @Produces(MediaType.TEXT_HTML)
    public String unsubscribe(@PathParam("token") String token) {
        engagements.unsubscribe(token);
        return "<!doctype html><html><body><p>You are unsubscribed.</p></body></html>";
    }
}
