package io.omnijourney.notification.adapter.rest;

import io.omnijourney.notification.app.Engagements;
import io.omnijourney.notification.app.Surveys;
import io.omnijourney.notification.domain.OpenPixel;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
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
    private final Surveys surveys;

    public TrackingResource(Engagements engagements, Surveys surveys) {
        this.engagements = engagements;
        this.surveys = surveys;
    }

    /**
     * A survey answer link: the answer, ready to send with an optional comment. Opening it records nothing (mail
     * scanners open links); a message answered already says so.
     */
    @GET
    @Path("s/{token}")
    @Produces(MediaType.TEXT_HTML)
    public String surveyPage(@PathParam("token") String token) {
        Surveys.Page page = surveys.page(token);
        if (page.given().isPresent()) {
            return html("<p>Thank you, your answer (" + page.given().get().score() + ") is recorded.</p>");
        }
        return html("<form method=\"post\"><p>Your answer: <strong>" + page.answer().score() + "</strong> ("
                + page.answer().kind().wireName().toUpperCase(java.util.Locale.ROOT) + ")</p>"
                + "<p><label for=\"comment\">Anything to add? (optional)</label><br>"
                + "<textarea id=\"comment\" name=\"comment\" maxlength=\"" + Surveys.MAX_COMMENT
                + "\" rows=\"4\" cols=\"40\"></textarea></p><button type=\"submit\">Send my answer</button></form>");
    }

    /** Sends the answer (the first one a message gets counts; later ones are thanked and dropped). */
    @POST
    @Path("s/{token}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public String answer(@PathParam("token") String token, @FormParam("comment") String comment) {
        boolean counted = surveys.answer(token, comment);
        return html(counted ? "<p>Thank you for your answer.</p>"
                : "<p>Thank you, this message was answered already.</p>");
    }

    private static String html(String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>Your answer</title></head><body>" + body
                + "</body></html>";
    }

    /** Redirects to the recorded URL (the click is reported without waiting for the broker). */
    @GET
    @Path("c/{token}")
    public Response click(@PathParam("token") String token) {
        return Response.status(302).location(URI.create(engagements.click(token))).build();
    }

    /** The open pixel: {@code Email Opened} reported, a transparent GIF answered, never cached. */
    @GET
    @Path("o/{token}")
    @Produces("image/gif")
    public Response opened(@PathParam("token") String token) {
        engagements.opened(token);
        return Response.ok(OpenPixel.GIF).header("Cache-Control", "no-store, max-age=0").build();
    }

    /** The app reports a push message opened ({@code data.openUrl}): {@code Push Opened} published, 204. */
    @POST
    @Path("p/{token}")
    public Response pushOpened(@PathParam("token") String token) {
        engagements.pushOpened(token);
        return Response.noContent().build();
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
