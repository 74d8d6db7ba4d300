package io.omnijourney.console.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnijourney.console.app.Api;
import io.omnijourney.console.app.Caller;
import io.omnijourney.console.app.Paths;
import io.omnijourney.console.app.Reply;
import io.omnijourney.console.app.Service;
import io.omnijourney.console.domain.Funnel;
import io.omnijourney.console.domain.StepGraph;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Journeys: the list with each one's status and counts; a journey's step graph with live counts, funnel, delivery
 * and experiments; its definition editor (each problem shown at its JSON pointer or CEL position); publish, pause,
 * resume, archive; simulation; manual enrollment.
 */
@Path("/journeys")
@Produces(MediaType.TEXT_HTML)
public class JourneyPages {

    static final String SECTION = "journeys";
    static final Set<String> ACTIONS = Set.of("publish", "pause", "resume", "archive");
    static final String NEW_DEFINITION = """
            {
              "name": "New journey",
              "trigger": {"events": ["Order Completed"]},
              "steps": [
                {"id": "thank-you", "type": "send", "channel": "email", "templateId": "order-thanks"}
              ]
            }
            """;

    private final Api api;
    private final Caller caller;
    private final Pages pages;
    private final Template list;
    private final Template journey;
    private final Template editor;

    public JourneyPages(Api api, Caller caller, Pages pages, @Location("journeys.html") Template list,
            @Location("journey.html") Template journey, @Location("journey-editor.html") Template editor) {
        this.api = api;
        this.caller = caller;
        this.pages = pages;
        this.list = list;
        this.journey = journey;
        this.editor = editor;
    }

    @GET
    public Response list() {
        Reply reply = api.get(Service.JOURNEY, "/journeys");
        return pages.page(list, SECTION, status(reply), Map.of("journeys", Json.list(reply.body()),
                "error", reply.ok() ? "" : reply.error()));
    }

    @GET
    @Path("new")
    public Response createForm() {
        return pages.page(editor, SECTION, Response.Status.OK, Map.of("definition", NEW_DEFINITION,
                "problems", List.of()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("csrf") String csrf, @FormParam("definition") String definition) {
        caller.checkCsrf(csrf);
        JsonForm.Parsed parsed = JsonForm.parse("definition", definition);
        if (parsed.value() == null) {
            return editorAgain(null, definition, parsed.problems());
        }
        Reply reply = api.post(Service.JOURNEY, "/journeys", parsed.value());
        if (!reply.ok()) {
            return editorAgain(null, definition, problems(reply));
        }
        return Pages.seeOther("/journeys/" + Paths.seg(reply.body().path("id").asText()) + "?saved=1");
    }

    @GET
    @Path("{id}")
    public Response show(@PathParam("id") String id, @jakarta.ws.rs.QueryParam("saved") String saved) {
        Reply found = api.get(Service.JOURNEY, "/journeys/" + Paths.seg(id));
        if (!found.ok()) {
            return notFound(found);
        }
        return render(id, found.body(), Response.Status.OK, Map.of("notice", saved == null ? "" : "Saved."));
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("id") String id, @FormParam("csrf") String csrf,
            @FormParam("definition") String definition) {
        caller.checkCsrf(csrf);
        JsonForm.Parsed parsed = JsonForm.parse("definition", definition);
        if (parsed.value() == null) {
            return editorAgain(id, definition, parsed.problems());
        }
        Reply reply = api.put(Service.JOURNEY, "/journeys/" + Paths.seg(id), parsed.value());
        if (!reply.ok()) {
            return editorAgain(id, definition, problems(reply));
        }
        return Pages.seeOther("/journeys/" + Paths.seg(id) + "?saved=1");
    }

    @POST
    @Path("{id}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@PathParam("id") String id, @PathParam("action") String action,
            @FormParam("csrf") String csrf) {
        caller.checkCsrf(csrf);
        if (!ACTIONS.contains(action)) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        Reply reply = api.post(Service.JOURNEY, "/journeys/" + Paths.seg(id) + "/" + action, null);
        if (!reply.ok()) {
            return again(id, reply, Map.of("actionError", action + ": " + describe(reply)));
        }
        return Pages.seeOther("/journeys/" + Paths.seg(id));
    }

    @POST
    @Path("{id}/simulation")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response simulate(@PathParam("id") String id, @FormParam("csrf") String csrf,
            @FormParam("event") String event, @FormParam("profile") String profile,
            @FormParam("profileId") String profileId) {
        caller.checkCsrf(csrf);
        JsonForm.Parsed parsedEvent = JsonForm.parse("event", event);
        List<io.omnijourney.console.app.Reply.Problem> problems = new ArrayList<>(parsedEvent.problems());
        ObjectNode request = Json.mapper().createObjectNode();
        request.set("event", parsedEvent.value());
        if (profileId != null && !profileId.isBlank()) {
            request.put("profileId", profileId.strip());
        } else if (profile != null && !profile.isBlank()) {
            JsonForm.Parsed parsedProfile = JsonForm.parse("profile", profile);
            problems.addAll(parsedProfile.problems());
            request.set("profile", parsedProfile.value());
        }
        Map<String, Object> form = Map.of("simEvent", event == null ? "" : event, "simProfile",
                profile == null ? "" : profile, "simProfileId", profileId == null ? "" : profileId);
        if (!problems.isEmpty()) {
            return again(id, null, merge(form, Map.of("simProblems", problems)));
        }
        Reply reply = api.post(Service.JOURNEY, "/journeys/simulate", request);
        if (!reply.ok()) {
            return again(id, reply, merge(form, Map.of("simProblems", problems(reply))));
        }
        Object mine = null;
        List<Object> others = new ArrayList<>();
        for (JsonNode simulation : reply.body()) {
            if (simulation.path("journeyId").asText().equals(id)) {
                mine = Json.map(simulation);
            } else {
                others.add(Json.map(simulation));
            }
        }
        return again(id, null, merge(form, Map.of("simulated", true, "simulation", mine == null ? "" : mine,
                "otherSimulations", others)));
    }

    @POST
    @Path("{id}/enrollment")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enroll(@PathParam("id") String id, @FormParam("csrf") String csrf,
            @FormParam("profileIds") String profileIds, @FormParam("segmentId") String segmentId) {
        caller.checkCsrf(csrf);
        ObjectNode request = Json.mapper().createObjectNode();
        if (segmentId != null && !segmentId.isBlank()) {
            request.put("segmentId", segmentId.strip());
        } else {
            var ids = request.putArray("profileIds");
            if (profileIds != null) {
                for (String p : profileIds.split("[\\s,]+")) {
                    if (!p.isBlank()) {
                        ids.add(p);
                    }
                }
            }
        }
        Reply reply = api.post(Service.JOURNEY, "/journeys/" + Paths.seg(id) + "/enrollments", request);
        if (!reply.ok()) {
            return again(id, reply, Map.of("enrollProblems", problems(reply)));
        }
        return again(id, null, Map.of("enrollment", Json.map(reply.body())));
    }

    /** The journey page again, with what the last form did (or why it was refused). */
    private Response again(String id, Reply refused, Map<String, Object> extra) {
        Reply found = api.get(Service.JOURNEY, "/journeys/" + Paths.seg(id));
        if (!found.ok()) {
            return notFound(found);
        }
        Response.Status status = refused == null ? Response.Status.OK : status(refused);
        return render(id, found.body(), status, extra);
    }

    private Response render(String id, JsonNode found, Response.Status status, Map<String, Object> extra) {
        Reply stats = api.get(Service.JOURNEY, "/journeys/" + Paths.seg(id) + "/stats");
        JsonNode statsBody = stats.ok() ? stats.body() : Json.mapper().createObjectNode();
        List<StepGraph.Node> nodes = JourneyDrawing.nodes(found.path("definition"));
        Map<String, StepGraph.Counts> counts = JourneyDrawing.counts(statsBody);
        List<Funnel.Stage> funnel = Funnel.of(nodes, counts);
        Map<String, Object> data = new HashMap<>();
        data.put("journey", Json.map(found));
        data.put("formAction", "/journeys/" + Paths.seg(id));
        data.put("definition", Json.pretty(found.path("definition")));
        data.put("stats", Json.map(statsBody));
        data.put("graph", new StepGraph(nodes).svg(counts));
        data.put("funnel", funnel);
        data.put("funnelFirst", funnel.isEmpty() ? 0L : funnel.get(0).entered());
        data.put("simEvent", "{\"event\": \"" + firstTriggerEvent(found) + "\", \"channel\": \"web\", "
                + "\"properties\": {}}");
        data.put("simProfile", "{\"traits\": {}, \"consent\": {}}");
        data.put("problems", List.of());
        data.putAll(extra);
        return pages.page(journey, SECTION, status, data);
    }

    private Response editorAgain(String id, String definition, List<Reply.Problem> problems) {
        if (id == null) {
            return pages.page(editor, SECTION, Response.Status.BAD_REQUEST, Map.of("definition",
                    definition == null ? "" : definition, "problems", problems));
        }
        Reply found = api.get(Service.JOURNEY, "/journeys/" + Paths.seg(id));
        if (!found.ok()) {
            return notFound(found);
        }
        return render(id, found.body(), Response.Status.BAD_REQUEST, Map.of("definition",
                definition == null ? "" : definition, "problems", problems, "editing", true));
    }

    private Response notFound(Reply reply) {
        return pages.page(list, SECTION, status(reply), Map.of("journeys", List.of(), "error", reply.error()));
    }

    private static String firstTriggerEvent(JsonNode journey) {
        return journey.path("definition").path("trigger").path("events").path(0).asText("Order Completed")
                .replace("\\", "").replace("\"", "");
    }

    static List<Reply.Problem> problems(Reply reply) {
        List<Reply.Problem> problems = reply.problems();
        return problems.isEmpty() ? List.of(new Reply.Problem("", reply.error())) : problems;
    }

    static String describe(Reply reply) {
        List<Reply.Problem> problems = reply.problems();
        return problems.isEmpty() ? reply.error() : reply.error() + ": " + problems.get(0).problem();
    }

    static Response.Status status(Reply reply) {
        if (reply.ok()) {
            return Response.Status.OK;
        }
        Response.Status status = Response.Status.fromStatusCode(reply.status());
        return status == null ? Response.Status.BAD_REQUEST : status;
    }

    private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> merged = new HashMap<>(a);
        merged.putAll(b);
        return merged;
    }
}
