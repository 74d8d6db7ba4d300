package io.omnijourney.console.adapter.web;

import io.omnijourney.console.app.ForbiddenForm;
import io.omnijourney.console.app.SignedOut;
import io.omnijourney.console.app.UpstreamUnavailable;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** What the user sees when a page cannot be served: each cause its own page and status, never a stack trace. */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    private final ProblemPage problems;

    public ErrorPages(ProblemPage problems) {
        this.problems = problems;
    }

    @ServerExceptionMapper
    public Response signedOut(SignedOut e) {
        return Response.seeOther(URI.create(SessionFilter.SIGN_IN))
                .cookie(new NewCookie.Builder(SessionFilter.COOKIE).value("").path("/").maxAge(0).httpOnly(true)
                        .sameSite(NewCookie.SameSite.STRICT).build())
                .build();
    }

    @ServerExceptionMapper
    public Response unavailable(UpstreamUnavailable e) {
        LOG.warnf("%s", e.getMessage());
        return problems.render(Response.Status.SERVICE_UNAVAILABLE, "Service unavailable",
                e.service().displayName() + " did not answer. Nothing was changed by this page; try again shortly.");
    }

    @ServerExceptionMapper
    public Response forged(ForbiddenForm e) {
        return problems.render(Response.Status.FORBIDDEN, "Refused", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return problems.render(Response.Status.NOT_FOUND, "Not found", "There is no such page.");
    }
}
