package io.omnijourney.console.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnijourney.console.app.Api;
import io.omnijourney.console.app.Caller;
import io.omnijourney.console.app.Paths;
import io.omnijourney.console.app.Reply;
import io.omnijourney.console.app.Service;
import io.omnijourney.console.app.UpstreamUnavailable;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Profiles: one search box for any identifier; a profile's identifiers, traits, consent and its history, computed
 * traits, segments, merges, journeys (journey-service) and cross-channel timeline (filtered by channel and time, paged);
 * for admins, consent overrides and erasure (the typed profile id confirms it before anything is sent).
 */
@Path("/profiles")
@Produces(MediaType.TEXT_HTML)
public class ProfilePages {

    static final String SECTION = "profiles";
    /** Channels a touchpoint can come from, for the timeline filter (profile-service's {@code Channel}). */
    static final List<String> CHANNELS = List.of("web", "mobile", "email", "sms", "whatsapp", "push", "store",
            "call_center", "social", "webhook", "system");
    /** Channels with consent, the ones an operator can override. */
    static final List<String> CONSENT_CHANNELS = List.of("email", "sms", "whatsapp", "push");
    static final int MAX_QUERY = 320;

    private final Api api;
    private final Caller caller;
    private final Pages pages;
    private final Template search;
    private final Template profile;
    private final Template erasure;

    public ProfilePages(Api api, Caller caller, Pages pages, @Location("profiles.html") Template search,
            @Location("profile.html") Template profile, @Location("erasure.html") Template erasure) {
        this.api = api;
        this.caller = caller;
        this.pages = pages;
        this.search = search;
        this.profile = profile;
        this.erasure = erasure;
    }

    /** The search box; with {@code q}, the profile it finds (each guess of {@link IdentifierSearch} in turn). */
    @GET
    public Response search(@QueryParam("q") String q, @QueryParam("type") String type) {
        String text = q == null ? "" : q.strip();
        String chosen = type == null || !IdentifierSearch.TYPES.contains(type) ? "auto" : type;
        Map<String, Object> data = new HashMap<>();
        data.put("q", text);
        data.put("type", chosen);
        data.put("types", IdentifierSearch.TYPES);
        data.put("searched", !text.isEmpty());
        data.put("results", List.of());
        data.put("problems", List.of());
        if (text.isEmpty()) {
            return pages.page(search, SECTION, Response.Status.OK, data);
        }
        if (text.length() > MAX_QUERY) {
            data.put("problems", List.of(new Reply.Problem("q", "at most " + MAX_QUERY + " characters")));
            return pages.page(search, SECTION, Response.Status.BAD_REQUEST, data);
        }
        Reply last = null;
        for (String candidate : IdentifierSearch.candidates(chosen, text)) {
            Reply reply = candidate.equals(IdentifierSearch.PROFILE_ID)
                    ? api.get(Service.PROFILE, "/profiles/" + Paths.seg(text))
                    : api.get(Service.PROFILE, Paths.query("/profiles/lookup",
                            Paths.params("identifier", candidate + ":" + text)));
            if (reply.ok()) {
                Map<String, Object> found = new HashMap<>(Json.map(reply.body()));
                found.put("matchedBy", candidate);
                data.put("results", List.of(found));
                return pages.page(search, SECTION, Response.Status.OK, data);
            }
            if (reply.status() == 403) {
                data.put("refused", reply.error());
                return pages.page(search, SECTION, Response.Status.FORBIDDEN, data);
            }
            // A guess that is not this kind of identifier (400) or finds nobody (404): the next guess.
            last = reply;
        }
        if (last != null && last.status() == 400 && !chosen.equals("auto")) {
            data.put("problems", JourneyPages.problems(last));
            return pages.page(search, SECTION, Response.Status.BAD_REQUEST, data);
        }
        return pages.page(search, SECTION, Response.Status.OK, data);
    }

    @GET
    @Path("{id}")
    public Response show(@PathParam("id") String id, @QueryParam("channel") String channel,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("before") String before,
            @QueryParam("trail") String trail, @QueryParam("saved") String saved) {
        Filters filters = new Filters(channel, from, to, TimelinePaging.of(before, trail));
        Reply found = api.get(Service.PROFILE, "/profiles/" + Paths.seg(id));
        if (!found.ok()) {
            return missing(found);
        }
        return render(id, found.body(), filters, Response.Status.OK,
                Map.of("notice", "consent".equals(saved) ? "Consent changed." : ""));
    }

    @POST
    @Path("{id}/consent")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response consent(@PathParam("id") String id, @FormParam("csrf") String csrf,
            @FormParam("channel") String channel, @FormParam("status") String status,
            @FormParam("reason") String reason) {
        caller.checkCsrf(csrf);
        ObjectNode request = Json.mapper().createObjectNode();
        request.put("channel", channel == null ? "" : channel.strip());
        request.put("status", status == null ? "" : status.strip());
        if (reason != null && !reason.isBlank()) {
            request.put("reason", reason.strip());
        }
        Reply reply = api.put(Service.PROFILE, "/profiles/" + Paths.seg(id) + "/consent", request);
        if (!reply.ok()) {
            return again(id, reply, Map.of("consentProblems", refusalOr(reply), "consentChannel",
                    channel == null ? "" : channel, "consentStatus", status == null ? "" : status,
                    "consentReason", reason == null ? "" : reason));
        }
        return Pages.seeOther("/profiles/" + Paths.seg(id) + "?saved=consent");
    }

    /** Erasure: only when the profile id is typed into {@code confirm}; checked here, before profile-service is asked. */
    @POST
    @Path("{id}/erasure")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response erase(@PathParam("id") String id, @FormParam("csrf") String csrf,
            @FormParam("confirm") String confirm) {
        caller.checkCsrf(csrf);
        if (confirm == null || !confirm.strip().equals(id)) {
            return again(id, null, Response.Status.BAD_REQUEST, Map.of("erasureProblems", List.of(new Reply.Problem(
                    "confirm", "type the profile id exactly to confirm the erasure; nothing was erased"))));
        }
        Reply reply = api.delete(Service.PROFILE, "/profiles/" + Paths.seg(id));
        if (!reply.ok()) {
            return again(id, reply, Map.of("erasureProblems", refusalOr(reply)));
        }
        return pages.page(erasure, SECTION, Response.Status.ACCEPTED, Map.of("erasure", Json.map(reply.body()),
                "requested", true));
    }

    /** An erasure request's progress in every service ({@code GET /erasures/{id}}, admins). */
    @GET
    @Path("erasures/{erasureId}")
    public Response erasure(@PathParam("erasureId") String erasureId) {
        Reply reply = api.get(Service.PROFILE, "/erasures/" + Paths.seg(erasureId));
        return pages.page(erasure, SECTION, JourneyPages.status(reply), Map.of("erasure", Json.map(reply.body()),
                "requested", false, "error", reply.ok() ? "" : describeRefusal(reply)));
    }

    /** The profile page again after a write the service refused, with the service's status. */
    private Response again(String id, Reply refused, Map<String, Object> extra) {
        return again(id, refused, JourneyPages.status(refused), extra);
    }

    private Response again(String id, Reply refused, Response.Status status, Map<String, Object> extra) {
        Reply found = api.get(Service.PROFILE, "/profiles/" + Paths.seg(id));
        if (!found.ok()) {
            return missing(found);
        }
        return render(id, found.body(), new Filters(null, null, null, TimelinePaging.of(null, null)), status,
                extra);
    }

    private Response render(String id, JsonNode found, Filters filters, Response.Status status,
            Map<String, Object> extra) {
        String profileId = found.path("id").asText(id);
        JsonNode snapshot = found.path("profile");
        Map<String, Object> data = new HashMap<>();
        data.put("p", Json.map(found));
        data.put("profileId", profileId);
        data.put("asked", id);
        data.put("identifiers", identifiers(snapshot.path("identifiers")));
        data.put("traits", entries(snapshot.path("traits")));
        data.put("computed", entries(snapshot.path("computed")));
        data.put("consent", consent(snapshot.path("consent")));
        data.put("consentHistory", reversed(Json.list(found.path("consentHistory"))));
        data.put("segments", Json.list(snapshot.path("segments")));
        data.put("merges", Json.list(found.path("merges")));
        data.put("channels", CHANNELS);
        data.put("consentChannels", CONSENT_CHANNELS);
        data.put("filter", filters.asMap());
        data.put("problems", List.of());
        data.put("notice", "");
        data.put("consentChannel", "email");
        data.put("consentStatus", "unsubscribed");
        data.put("consentReason", "");

        String base = "/profiles/" + Paths.seg(profileId);
        Reply timeline = api.get(Service.PROFILE, Paths.query(base + "/timeline", Paths.params("channel",
                filters.channel(), "from", filters.from(), "to", filters.to(), "before", filters.paging().before())));
        if (timeline.ok()) {
            data.put("timeline", Json.list(timeline.body().path("items")));
            String nextBefore = timeline.body().path("nextBefore").asText("");
            data.put("nextLink", nextBefore.isEmpty() ? "" : filters.link(base, nextBefore,
                    filters.paging().nextTrail()));
            data.put("previousLink", filters.paging().hasPrevious() ? filters.link(base,
                    filters.paging().previousBefore(), filters.paging().previousTrail()) : "");
            data.put("newestLink", filters.paging().before().isEmpty() ? "" : filters.link(base, "", ""));
        } else {
            data.put("timeline", List.of());
            data.put("nextLink", "");
            data.put("previousLink", "");
            data.put("newestLink", "");
            data.put("timelineProblems", refusalOr(timeline));
            if (status == Response.Status.OK && timeline.status() == 400) {
                status = Response.Status.BAD_REQUEST;
            }
        }
        data.put("journeys", journeys(profileId, data));
        data.putAll(extra);
        return pages.page(profile, SECTION, status, data);
    }

    /** The journeys the profile is in or was in; the page stands without them when journey-service cannot say. */
    private List<Object> journeys(String profileId, Map<String, Object> data) {
        try {
            Reply reply = api.get(Service.JOURNEY, "/profiles/" + Paths.seg(profileId) + "/journeys?all=true");
            if (reply.ok()) {
                return Json.list(reply.body());
            }
            data.put("journeysError", describeRefusal(reply));
        } catch (UpstreamUnavailable e) {
            data.put("journeysError", "journey-service did not answer");
        }
        return List.of();
    }

    private Response missing(Reply reply) {
        Map<String, Object> data = new HashMap<>();
        data.put("q", "");
        data.put("type", "auto");
        data.put("types", IdentifierSearch.TYPES);
        data.put("searched", false);
        data.put("results", List.of());
        data.put("problems", List.of());
        if (reply.status() == 403) {
            data.put("refused", reply.error());
        } else {
            data.put("error", reply.status() == 404 ? "There is no such profile (it may have been erased)."
                    : reply.error());
        }
        return pages.page(search, SECTION, JourneyPages.status(reply), data);
    }

    /** A refusal (403) said as one, anything else as the service's problems. */
    private static List<Reply.Problem> refusalOr(Reply reply) {
        if (reply.status() == 403) {
            return List.of(new Reply.Problem("", describeRefusal(reply)));
        }
        return JourneyPages.problems(reply);
    }

    static String describeRefusal(Reply reply) {
        return reply.status() == 403 ? "Refused: your role does not allow this (" + reply.error() + ")."
                : JourneyPages.describe(reply);
    }

    private static List<Map<String, Object>> identifiers(JsonNode byType) {
        List<Map<String, Object>> rows = new ArrayList<>();
        byType.fields().forEachRemaining(e -> rows.add(Map.of("type", e.getKey(), "ids",
                Json.list(e.getValue()))));
        return rows;
    }

    /** Name and value, the value as text (JSON for objects and lists). */
    private static List<Map<String, Object>> entries(JsonNode object) {
        List<Map<String, Object>> rows = new ArrayList<>();
        object.fields().forEachRemaining(e -> rows.add(Map.of("name", e.getKey(), "value",
                e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString())));
        return rows;
    }

    private static List<Map<String, Object>> consent(JsonNode byChannel) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> channels = new ArrayList<>(CONSENT_CHANNELS);
        byChannel.fieldNames().forEachRemaining(c -> {
            if (!channels.contains(c)) {
                channels.add(c);
            }
        });
        for (String channel : channels) {
            JsonNode c = byChannel.path(channel);
            rows.add(Map.of("channel", channel, "status", c.path("status").asText("unknown"), "updatedAt",
                    c.path("updatedAt").asText("")));
        }
        return rows;
    }

    private static List<Object> reversed(List<Object> list) {
        List<Object> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    /** The timeline's filters, kept by every paging link. */
    record Filters(String channel, String from, String to, TimelinePaging paging) {

        Filters {
            channel = channel == null ? "" : channel.strip();
            from = from == null ? "" : from.strip();
            to = to == null ? "" : to.strip();
        }

        String link(String base, String before, String trail) {
            return Paths.query(base, Paths.params("channel", channel, "from", from, "to", to, "before", before,
                    "trail", trail)) + "#timeline";
        }

        Map<String, Object> asMap() {
            return Map.of("channel", channel, "from", from, "to", to);
        }
    }
}
