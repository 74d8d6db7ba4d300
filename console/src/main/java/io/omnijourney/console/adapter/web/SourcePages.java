package io.omnijourney.console.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnijourney.console.app.Api;
import io.omnijourney.console.app.Caller;
import io.omnijourney.console.app.Paths;
import io.omnijourney.console.app.Reply;
import io.omnijourney.console.app.Service;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sources (ingest-service, admins): the list, creating one, a source's allowed browser origins, rotating and revoking
 * its write key. A write key comes only in the answer to create or rotate: it is shown on that page once and never
 * put in a URL (the page is rendered in answer to the POST, not redirected to).
 */
@Path("/sources")
@Produces(MediaType.TEXT_HTML)
public class SourcePages {

    static final String SECTION = "sources";
    /** The channels a source can be on (ingest-service's {@code Channel}). */
    static final List<String> CHANNELS = List.of("web", "mobile", "email", "sms", "whatsapp", "push", "store",
            "call_center", "social", "webhook", "system");
    static final long MAX_GRACE_SECONDS = 604_800;

    private final Api api;
    private final Caller caller;
    private final Pages pages;
    private final Template list;
    private final Template source;

    public SourcePages(Api api, Caller caller, Pages pages, @Location("sources.html") Template list,
            @Location("source.html") Template source) {
        this.api = api;
        this.caller = caller;
        this.pages = pages;
        this.list = list;
        this.source = source;
    }

    /** The list; a non-admin sees what ingest-service answers them (a refusal). */
    @GET
    public Response list() {
        return renderList(Response.Status.OK, Map.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("csrf") String csrf, @FormParam("name") String name,
            @FormParam("channel") String channel, @FormParam("allowedOrigins") String origins) {
        caller.checkCsrf(csrf);
        ObjectNode request = Json.mapper().createObjectNode();
        request.put("name", name == null ? "" : name.strip());
        request.put("channel", channel == null ? "" : channel.strip());
        List<String> lines = lines(origins);
        if (!lines.isEmpty()) {
            ArrayNode array = request.putArray("allowedOrigins");
            lines.forEach(array::add);
        }
        Reply reply = api.post(Service.INGEST, "/admin/sources", request);
        if (!reply.ok()) {
            return renderList(JourneyPages.status(reply), Map.of("createProblems", refusalOr(reply), "form",
                    Map.of("name", name == null ? "" : name, "channel", channel == null ? "" : channel,
                            "allowedOrigins", origins == null ? "" : origins)));
        }
        return render(reply.body(), Response.Status.CREATED, Map.of("writeKey", reply.body().path("writeKey")
                .asText(""), "notice", "Source created."));
    }

    @GET
    @Path("{id}")
    public Response show(@PathParam("id") String id) {
        Reply found = api.get(Service.INGEST, "/admin/sources/" + Paths.seg(id));
        if (!found.ok()) {
            return renderList(JourneyPages.status(found), Map.of("error", ProfilePages.describeRefusal(found)));
        }
        return render(found.body(), Response.Status.OK, Map.of());
    }

    @POST
    @Path("{id}/origins")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response origins(@PathParam("id") String id, @FormParam("csrf") String csrf,
            @FormParam("allowedOrigins") String origins) {
        caller.checkCsrf(csrf);
        ObjectNode request = Json.mapper().createObjectNode();
        ArrayNode array = request.putArray("allowedOrigins");
        lines(origins).forEach(array::add);
        Reply reply = api.patch(Service.INGEST, "/admin/sources/" + Paths.seg(id), request);
        if (!reply.ok()) {
            return again(id, reply, Map.of("originProblems", refusalOr(reply), "originsText",
                    origins == null ? "" : origins));
        }
        return render(reply.body(), Response.Status.OK, Map.of("notice", "Allowed origins saved."));
    }

    @POST
    @Path("{id}/rotate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rotate(@PathParam("id") String id, @FormParam("csrf") String csrf,
            @FormParam("graceSeconds") String grace) {
        caller.checkCsrf(csrf);
        ObjectNode request = Json.mapper().createObjectNode();
        if (grace != null && !grace.isBlank()) {
            try {
                request.put("graceSeconds", Long.parseLong(grace.strip()));
            } catch (NumberFormatException e) {
                return again(id, null, Map.of("keyProblems", List.of(new Reply.Problem("graceSeconds",
                        "a whole number of seconds, 0 to " + MAX_GRACE_SECONDS))), Response.Status.BAD_REQUEST);
            }
        }
        Reply reply = api.post(Service.INGEST, "/admin/sources/" + Paths.seg(id) + "/rotate", request);
        if (!reply.ok()) {
            return again(id, reply, Map.of("keyProblems", refusalOr(reply)));
        }
        return render(reply.body(), Response.Status.OK, Map.of("writeKey", reply.body().path("writeKey").asText(""),
                "notice", "Key rotated."));
    }

    @POST
    @Path("{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@PathParam("id") String id, @FormParam("csrf") String csrf) {
        caller.checkCsrf(csrf);
        Reply reply = api.post(Service.INGEST, "/admin/sources/" + Paths.seg(id) + "/revoke", null);
        if (!reply.ok()) {
            return again(id, reply, Map.of("keyProblems", refusalOr(reply)));
        }
        return render(reply.body(), Response.Status.OK, Map.of("notice", "Source revoked: its keys no longer work."));
    }

    private Response again(String id, Reply refused, Map<String, Object> extra) {
        return again(id, refused, extra, JourneyPages.status(refused));
    }

    private Response again(String id, Reply refused, Map<String, Object> extra, Response.Status status) {
        Reply found = api.get(Service.INGEST, "/admin/sources/" + Paths.seg(id));
        if (!found.ok()) {
            return renderList(JourneyPages.status(refused != null && refused.status() == 403 ? refused : found),
                    Map.of("error", ProfilePages.describeRefusal(refused != null && refused.status() == 403
                            ? refused : found)));
        }
        return render(found.body(), status, extra);
    }

    private Response render(JsonNode found, Response.Status status, Map<String, Object> extra) {
        Map<String, Object> data = new HashMap<>();
        data.put("source", Json.map(found));
        data.put("originsText", String.join("\n", Json.list(found.path("allowedOrigins")).stream()
                .map(String::valueOf).toList()));
        data.put("tracking", !found.path("webhookPath").isTextual());
        data.put("writeKey", "");
        data.put("notice", "");
        data.putAll(extra);
        return pages.page(source, SECTION, status, data);
    }

    private Response renderList(Response.Status status, Map<String, Object> extra) {
        Reply reply = api.get(Service.INGEST, "/admin/sources");
        Map<String, Object> data = new HashMap<>();
        data.put("sources", Json.list(reply.body()));
        data.put("channels", CHANNELS);
        data.put("form", Map.of("name", "", "channel", "web", "allowedOrigins", ""));
        data.put("error", reply.ok() ? "" : ProfilePages.describeRefusal(reply));
        data.putAll(extra);
        return pages.page(list, SECTION, reply.ok() ? status : JourneyPages.status(reply), data);
    }

    private static List<String> lines(String text) {
        return text == null ? List.of() : text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static List<Reply.Problem> refusalOr(Reply reply) {
        if (reply.status() == 403) {
            return List.of(new Reply.Problem("", ProfilePages.describeRefusal(reply)));
        }
        return JourneyPages.problems(reply);
    }
}
