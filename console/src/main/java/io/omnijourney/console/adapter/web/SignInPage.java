package io.omnijourney.console.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnijourney.console.app.Caller;
import io.omnijourney.console.app.Reply;
import io.omnijourney.console.app.Service;
import io.omnijourney.console.app.Session;
import io.omnijourney.console.app.Sessions;
import io.omnijourney.console.app.Upstream;
import io.omnijourney.console.config.ConsoleConfig;
import io.omnijourney.console.domain.Viewer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Sign-in with an API key. The services say whose key it is and what it may do ({@code GET /auth/whoami}); the key
 * then lives only in the server-side session, and the browser holds an {@code HttpOnly}, {@code SameSite=Strict}
 * cookie naming the session.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInPage {

    /** Longer input is not an API key: refused before any service is asked. */
    static final int MAX_KEY_LENGTH = 256;

    private final Template signIn;
    private final Upstream upstream;
    private final Sessions sessions;
    private final Caller caller;
    private final ConsoleConfig config;

    public SignInPage(@Location("sign-in.html") Template signIn, Upstream upstream, Sessions sessions, Caller caller,
            ConsoleConfig config) {
        this.signIn = signIn;
        this.upstream = upstream;
        this.sessions = sessions;
        this.caller = caller;
        this.config = config;
    }

    @GET
    public Response home() {
        Viewer viewer = caller.viewer();
        return Pages.seeOther(viewer.canEdit() || !viewer.canReadMetrics() ? "/journeys" : "/dashboards");
    }

    @GET
    @Path("sign-in")
    public Response form(@QueryParam("next") String next) {
        return page(Response.Status.OK, next, null);
    }

    @POST
    @Path("sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("apiKey") String apiKey, @FormParam("next") String next) {
        String key = apiKey == null ? "" : apiKey.strip();
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return page(Response.Status.BAD_REQUEST, next, "Enter your API key (at most " + MAX_KEY_LENGTH
                    + " characters).");
        }
        Reply whoami = upstream.call(key, Service.JOURNEY, "GET", "/auth/whoami", null);
        if (whoami.status() == 429) {
            return page(Response.Status.TOO_MANY_REQUESTS, next, "Too many failed sign-ins from this address: wait a"
                    + " minute and try again.");
        }
        if (!whoami.ok()) {
            return page(Response.Status.UNAUTHORIZED, next, "This API key is not accepted.");
        }
        Session session = sessions.open(key, viewer(whoami.body()));
        return Response.seeOther(URI.create(safeNext(next))).cookie(cookie(session.id(), -1)).build();
    }

    @POST
    @Path("sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(@FormParam("csrf") String csrf, @CookieParam(SessionFilter.COOKIE) String id) {
        caller.checkCsrf(csrf);
        sessions.close(id);
        return Response.seeOther(URI.create(SessionFilter.SIGN_IN)).cookie(cookie("", 0)).build();
    }

    private Response page(Response.Status status, String next, String error) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(signIn.data("next", safeNext(next)).data("error", error).render()).build();
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(SessionFilter.COOKIE).value(value).path("/").httpOnly(true)
                .secure(config.secureCookie()).sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }

    private static Viewer viewer(JsonNode whoami) {
        Set<String> roles = new LinkedHashSet<>();
        whoami.path("roles").forEach(r -> roles.add(r.asText()));
        return new Viewer(whoami.path("name").asText("user"), roles);
    }

    /** Only a path on this console: never another host ({@code //evil}, {@code https:}, a backslash trick). */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
                || next.length() > 2000 || next.startsWith(SessionFilter.SIGN_IN)) {
            return "/";
        }
        return next;
    }
}
