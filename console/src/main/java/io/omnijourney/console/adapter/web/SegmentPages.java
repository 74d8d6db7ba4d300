package io.omnijourney.console.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Segments (profile-service): the list; a segment's condition editor (CEL, validated by the service without saving:
 * an error is shown at its line and column), save, delete; its members, paged as the service pages them, each linking
 * to the profile. Member counts come with the list and the segment (no call per row); validation asks for the
 * condition's audience, exact or estimated over a bounded sample.
 */
@Path("/segments")
@Produces(MediaType.TEXT_HTML)
public class SegmentPages {

    static final String SECTION = "segments";
    static final int PAGE = 50;
    static final String NEW_CONDITION = "profile.traits.loyaltyTier == \"gold\"";

    private final Api api;
    private final Caller caller;
    private final Pages pages;
    private final Template list;
    private final Template segment;

    public SegmentPages(Api api, Caller caller, Pages pages, @Location("segments.html") Template list,
            @Location("segment.html") Template segment) {
        this.api = api;
        this.caller = caller;
        this.pages = pages;
        this.list = list;
        this.segment = segment;
    }

    @GET
    public Response list() {
        Reply reply = api.get(Service.PROFILE, "/segments");
        return listPage(reply);
    }

    @GET
    @Path("new")
    public Response createForm() {
        return page(null, null, Response.Status.OK, Map.of("form", Form.of("", "", "", NEW_CONDITION)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("csrf") String csrf, @FormParam("op") String op, @FormParam("id") String id,
            @FormParam("name") String name, @FormParam("description") String description,
            @FormParam("condition") String condition) {
        caller.checkCsrf(csrf);
        Form form = Form.of(id, name, description, condition);
        if ("validate".equals(op)) {
            return validate(null, form);
        }
        Reply reply = api.post(Service.PROFILE, "/segments", form.request(true));
        if (!reply.ok()) {
            return refused(null, form, reply);
        }
        return Pages.seeOther("/segments/" + Paths.seg(reply.body().path("id").asText()) + "?saved=1");
    }

    @GET
    @Path("{id}")
    public Response show(@PathParam("id") String id, @QueryParam("after") String after,
            @QueryParam("saved") String saved) {
        Reply found = api.get(Service.PROFILE, "/segments/" + Paths.seg(id));
        if (!found.ok()) {
            return listPage(found);
        }
        JsonNode s = found.body();
        Form form = Form.of(s.path("id").asText(id), s.path("name").asText(""), s.path("description").asText(""),
                s.path("condition").asText(""));
        return page(id, found, Response.Status.OK, Map.of("form", form, "after", after == null ? "" : after,
                "notice", saved == null ? "" : "Saved."));
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("id") String id, @FormParam("csrf") String csrf, @FormParam("op") String op,
            @FormParam("name") String name, @FormParam("description") String description,
            @FormParam("condition") String condition) {
        caller.checkCsrf(csrf);
        Form form = Form.of(id, name, description, condition);
        if ("validate".equals(op)) {
            return validate(id, form);
        }
        Reply reply = api.put(Service.PROFILE, "/segments/" + Paths.seg(id), form.request(false));
        if (!reply.ok()) {
            return refused(id, form, reply);
        }
        return Pages.seeOther("/segments/" + Paths.seg(id) + "?saved=1");
    }

    @POST
    @Path("{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") String id, @FormParam("csrf") String csrf) {
        caller.checkCsrf(csrf);
        Reply reply = api.delete(Service.PROFILE, "/segments/" + Paths.seg(id));
        if (!reply.ok()) {
            Reply found = api.get(Service.PROFILE, "/segments/" + Paths.seg(id));
            if (!found.ok()) {
                return listPage(found);
            }
            JsonNode s = found.body();
            return page(id, found, JourneyPages.status(reply), Map.of("form", Form.of(id, s.path("name").asText(""),
                    s.path("description").asText(""), s.path("condition").asText("")), "refusal",
                    refusal("Not deleted", reply)));
        }
        return Pages.seeOther("/segments");
    }

    private Response validate(String id, Form form) {
        ObjectNode request = Json.mapper().createObjectNode();
        request.put("condition", form.condition());
        request.put("estimate", true);
        Reply reply = api.post(Service.PROFILE, "/segments/validate", request);
        Reply found = id == null ? null : api.get(Service.PROFILE, "/segments/" + Paths.seg(id));
        if (!reply.ok()) {
            return page(id, found, JourneyPages.status(reply), Map.of("form", form, "problems",
                    JourneyPages.problems(reply), "problemsTitle", "The condition is not valid."));
        }
        return page(id, found, Response.Status.OK, Map.of("form", form, "validated",
                reply.body().path("valid").asBoolean(false), "estimate", Json.map(reply.body().path("estimate"))));
    }

    private Response refused(String id, Form form, Reply reply) {
        Reply found = id == null ? null : api.get(Service.PROFILE, "/segments/" + Paths.seg(id));
        return page(id, found, JourneyPages.status(reply), Map.of("form", form, "problems",
                JourneyPages.problems(reply), "refusal", refusal("Not saved", reply)));
    }

    private static String refusal(String what, Reply reply) {
        return reply.status() == 403 ? "Refused: your role does not allow this change." : what + ": "
                + reply.error() + ".";
    }

    /** When the member count was taken, as "09:58:02 UTC" (empty when the service did not say). */
    static String countedAt(String instant) {
        try {
            return instant.isEmpty() ? "" : COUNTED.format(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            return "";
        }
    }

    private static final DateTimeFormatter COUNTED = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** The segment page (or the new-segment page when {@code id} is null) with its members' current page. */
    private Response page(String id, Reply found, Response.Status status, Map<String, ?> extra) {
        Map<String, Object> data = new HashMap<>();
        data.put("isNew", id == null);
        data.put("formAction", id == null ? "/segments" : "/segments/" + Paths.seg(id));
        data.put("segment", found != null && found.ok() ? Json.map(found.body()) : Map.of());
        data.put("countedAt", found != null && found.ok() ? countedAt(found.body().path("membersCountedAt").asText(""))
                : "");
        data.put("notice", "");
        data.put("refusal", "");
        data.put("problems", List.of());
        data.put("problemsTitle", "The segment was not saved.");
        data.put("validated", false);
        data.put("after", "");
        data.put("members", List.of());
        data.put("nextAfter", "");
        data.put("membersError", "");
        data.putAll(extra);
        if (id != null) {
            Reply members = api.get(Service.PROFILE, Paths.query("/segments/" + Paths.seg(id) + "/members",
                    Paths.params("limit", PAGE, "after", data.get("after"))));
            if (members.ok()) {
                List<Map<String, String>> ids = new java.util.ArrayList<>();
                members.body().path("profileIds").forEach(m -> ids.add(Map.of("id", m.asText(),
                        "href", "/profiles/" + Paths.seg(m.asText()))));
                data.put("members", ids);
                String next = members.body().path("nextAfter").asText("");
                data.put("nextAfter", next.isEmpty() ? "" : Paths.query("/segments/" + Paths.seg(id),
                        Paths.params("after", next)));
            } else {
                data.put("membersError", members.error());
            }
        }
        return pages.page(segment, SECTION, status, data);
    }

    private Response listPage(Reply reply) {
        return pages.page(list, SECTION, JourneyPages.status(reply), Map.of("segments",
                reply.ok() ? Json.list(reply.body()) : List.of(), "error", reply.ok() ? "" : reply.error()));
    }

    /** The editor's fields as typed. */
    public record Form(String id, String name, String description, String condition) {

        static Form of(String id, String name, String description, String condition) {
            return new Form(id == null ? "" : id.strip(), name == null ? "" : name,
                    description == null ? "" : description, condition == null ? "" : condition);
        }

        /** The body of {@code POST /segments} (with the id when given) or {@code PUT /segments/{id}}. */
        ObjectNode request(boolean creating) {
            ObjectNode body = Json.mapper().createObjectNode();
            if (creating && !id.isEmpty()) {
                body.put("id", id);
            }
            body.put("name", name);
            if (!description.isBlank()) {
                body.put("description", description);
            }
            body.put("condition", condition);
            return body;
        }
    }
}
