package io.omnijourney.notification.adapter.rest;

import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse;
import io.omnijourney.kit.security.Roles;
import io.omnijourney.notification.app.Inbox;
import io.omnijourney.notification.app.InboxStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The in-app inbox, for the app's backend (which authenticates its user and calls with its API key): fetch a
 * profile's messages, mark one read.
 */
@Path("/inbox/{profileId}")
@RolesAllowed({Roles.ANALYST, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class InboxResource {

    private final Inbox inbox;

    public InboxResource(Inbox inbox) {
        this.inbox = inbox;
    }

    @GET
    public List<InboxStore.InboxMessage> list(@PathParam("profileId") String profileId,
            @QueryParam("unread") boolean unreadOnly, @QueryParam("limit") Integer limit) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 200) {
            throw ApiException.badRequest("invalid request",
                    List.of(new ErrorResponse.FieldProblem("limit", "between 1 and 200")));
        }
        return inbox.messages(profileId, unreadOnly, size);
    }

    @POST
    @Path("{messageId}/read")
    @RolesAllowed(Roles.ADMIN)
    public Response markRead(@PathParam("profileId") String profileId, @PathParam("messageId") String messageId) {
        inbox.markRead(profileId, messageId);
        return Response.noContent().build();
    }
}
