package io.omnijourney.profile.adapter.rest;

import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.security.Roles;
import io.omnijourney.profile.app.Erasures;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** GDPR erasure requests (made with {@code DELETE /profiles/{id}}): their progress in every service. */
@Path(ErasureResource.PATH)
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ErasureResource {

    static final String PATH = "/erasures";

    private final Erasures erasures;

    public ErasureResource(Erasures erasures) {
        this.erasures = erasures;
    }

    /** The request, whether its events are published, and each service's completion (pending or done, with time). */
    @GET
    @Path("{erasureId}")
    public ErasureResponse get(@PathParam("erasureId") String erasureId) {
        return erasures.status(erasureId).map(ErasureResponse::of)
                .orElseThrow(() -> ApiException.notFound("erasure '" + erasureId + "'"));
    }
}
