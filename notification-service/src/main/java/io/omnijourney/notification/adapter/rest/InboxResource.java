package io.omnijourney.notification.adapter.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse;
import io.omnijourney.kit.security.Roles;
import io.omnijourney.notification.app.Inbox;
import io.omnijourney.notification.app.InboxStore;
import io.omnijourney.notification.app.InboxWatch;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The in-app inbox, for the app's backend (which authenticates its user and calls with its API key): fetch a
 * profile's messages, its unread count, follow it live (server-sent events), mark one read.
 */
@Path("/inbox/{profileId}")
@RolesAllowed({Roles.ANALYST, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class InboxResource {

    private static final Logger LOG = Logger.getLogger(InboxResource.class);
    /** Profile ids are ours ({@code p-} and hex); anything longer is not one, and a stream keeps it in memory. */
    private static final int MAX_PROFILE_ID = 128;

    private final Inbox inbox;
    private final InboxWatch watch;
    private final ObjectMapper json;

    public InboxResource(Inbox inbox, InboxWatch watch, ObjectMapper json) {
        this.inbox = inbox;
        this.watch = watch;
        this.json = json;
    }

    /** {@code {"profileId", "unread"}}: the badge count. */
    @GET
    @Path("unread")
    public Map<String, Object> unread(@PathParam("profileId") String profileId) {
        checkProfileId(profileId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("profileId", profileId);
        body.put("unread", inbox.unread(profileId));
        return body;
    }

    /**
     * Server-sent events for the profile's inbox: {@code unread} ({@code {"unread": n}}) at once and after every
     * change, {@code message} for each new message and {@code read} for each message marked read (the message as
     * {@code GET} lists it), whichever instance stored or marked it; a comment line every 15 s while nothing happens.
     */
    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@PathParam("profileId") String profileId, @Context SseEventSink sink, @Context Sse sse) {
        checkProfileId(profileId);
        long unread = inbox.unread(profileId);
        InboxWatch.Stream stream;
        try {
            stream = watch.open(profileId, new SseListener(sink, sse));
        } catch (InboxWatch.StreamLimitException e) {
            throw new ApiException(e.instanceFull() ? 503 : 429,
                    ErrorResponse.of("too many inbox streams", "profileId", e.getMessage()));
        }
        if (!send(sink, sse.newEventBuilder().name("unread").data(unreadJson(unread)).build())) {
            stream.close();
        }
    }

    private void checkProfileId(String profileId) {
        if (profileId.length() > MAX_PROFILE_ID) {
            throw ApiException.badRequest("invalid request", List.of(new ErrorResponse.FieldProblem("profileId",
                    "at most " + MAX_PROFILE_ID + " characters")));
        }
    }

    private String unreadJson(long unread) {
        return "{\"unread\":" + unread + "}";
    }

    /** Sends one event; false when the client has gone (the sink is then closed). */
    private static boolean send(SseEventSink sink, OutboundSseEvent event) {
        if (sink.isClosed()) {
            return false;
        }
        sink.send(event).exceptionally(e -> {
            LOG.debugf("inbox stream closed: %s", e.getMessage());
            sink.close();
            return null;
        });
        return true;
    }

    private final class SseListener implements InboxWatch.Listener {
        private final SseEventSink sink;
        private final Sse sse;

        SseListener(SseEventSink sink, Sse sse) {
            this.sink = sink;
            this.sse = sse;
        }

        @Override
        public boolean deliver(InboxWatch.Update update) {
            for (InboxStore.InboxMessage m : update.changed()) {
                String data;
                try {
                    data = json.writeValueAsString(m);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("an inbox message cannot be written as JSON", e);
                }
                if (!send(sink, sse.newEventBuilder().name(m.readAt() == null ? "message" : "read").id(m.messageId())
                        .data(data).build())) {
                    return false;
                }
            }
            return send(sink, sse.newEventBuilder().name("unread").data(unreadJson(update.unread())).build());
        }

        @Override
        public boolean ping() {
            return send(sink, sse.newEventBuilder().comment("ping").build());
        }
    }

    @GET
    public List<InboxStore.InboxMessage> list(@PathParam("profileId") String profileId,
            @QueryParam("unread") boolean unreadOnly, @QueryParam("limit") Integer limit) {
        checkProfileId(profileId);
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
