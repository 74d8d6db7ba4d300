package io.omnijourney.console.adapter.web;

import io.omnijourney.console.app.Caller;
import io.omnijourney.console.app.Session;
import io.omnijourney.console.app.Sessions;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every page but sign-in needs a live session; without one, a page load goes to sign-in and comes back after.
 * A write must come from the console's own pages: a cross-site {@code Origin} or {@code Sec-Fetch-Site} is refused
 * before any form is read (the CSRF token is then checked by the page). Every answer carries headers that keep it
 * out of caches and frames, and a content policy that runs only the console's own scripts.
 */
public class SessionFilter {

    public static final String COOKIE = "oj_console";
    static final String SIGN_IN = "/sign-in";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    static final String CONTENT_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: https:; frame-src 'self'; frame-ancestors 'none'; form-action 'self'; "
            + "base-uri 'none'; object-src 'none'";

    private final Sessions sessions;
    private final Caller caller;
    private final ProblemPage problems;

    public SessionFilter(Sessions sessions, Caller caller, ProblemPage problems) {
        this.sessions = sessions;
        this.caller = caller;
        this.problems = problems;
    }

    @ServerRequestFilter
    public Optional<Response> requireSession(ContainerRequestContext request) {
        boolean write = !SAFE.contains(request.getMethod());
        if (write && crossSite(request)) {
            return Optional.of(problems.render(Response.Status.FORBIDDEN, "Refused",
                    "This change did not come from the console's own pages."));
        }
        String path = request.getUriInfo().getPath();
        if (path.equals(SIGN_IN)) {
            return Optional.empty();
        }
        Cookie cookie = request.getCookies().get(COOKIE);
        Optional<Session> session = sessions.find(cookie == null ? null : cookie.getValue());
        if (session.isEmpty()) {
            if (write || wantsJson(request)) {
                return Optional.of(problems.render(Response.Status.UNAUTHORIZED, "Signed out",
                        "Your session ended: sign in again."));
            }
            String back = request.getUriInfo().getRequestUri().getRawPath();
            String query = request.getUriInfo().getRequestUri().getRawQuery();
            return Optional.of(Response.seeOther(URI.create(SIGN_IN + "?next="
                    + java.net.URLEncoder.encode(query == null ? back : back + "?" + query,
                            java.nio.charset.StandardCharsets.UTF_8))).build());
        }
        caller.set(session.get());
        return Optional.empty();
    }

    @ServerResponseFilter
    public void secureHeaders(ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("Content-Security-Policy", CONTENT_POLICY);
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("Referrer-Policy", "same-origin");
        headers.putSingle("Cache-Control", "no-store");
    }

    private static boolean crossSite(ContainerRequestContext request) {
        String fetchSite = request.getHeaderString("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return true;
        }
        String origin = request.getHeaderString("Origin");
        if (origin == null || origin.equals("null")) {
            return origin != null;
        }
        String host = request.getHeaderString("Host");
        try {
            URI uri = URI.create(origin);
            String originHost = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host == null || !host.equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static boolean wantsJson(ContainerRequestContext request) {
        String accept = request.getHeaderString("Accept");
        return accept != null && accept.startsWith("application/json");
    }
}
