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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Notification templates: the list (per id its channels, locales, transactional mark and survey); per id and channel
 * an editor with a fieldset per locale, saved whole (a Qute syntax error is shown at its part, line and column, the
 * typed text kept); a preview of the form's draft as typed (saved or not), rendered by notification-service over
 * sample data or a profile: the draft goes in the preview request's {@code template}, built as Save builds its PUT
 * body, and is stored nowhere.
 */
@Path("/templates")
@Produces(MediaType.TEXT_HTML)
public class TemplatePages {

    static final String SECTION = "templates";
    static final String SAMPLE = """
            {
              "profile": {"firstName": "Ana", "lastName": "Silva", "loyaltyTier": "gold"},
              "identifiers": {"email": "ana@example.com", "phone": "+351912345678"},
              "eventName": "Order Completed",
              "eventProperties": {"order_id": "A-1001", "total": 59.90, "currency": "EUR"},
              "vars": {"coupon": "WELCOME10"}
            }
            """;

    private final Api api;
    private final Caller caller;
    private final Pages pages;
    private final Template list;
    private final Template editor;
    private final Template previewFragment;

    public TemplatePages(Api api, Caller caller, Pages pages, @Location("templates.html") Template list,
            @Location("template.html") Template editor, @Location("template-preview.html") Template previewFragment) {
        this.api = api;
        this.caller = caller;
        this.pages = pages;
        this.list = list;
        this.editor = editor;
        this.previewFragment = previewFragment;
    }

    @GET
    public Response list() {
        Reply reply = api.get(Service.NOTIFICATION, "/templates");
        return listPage(reply, "", "");
    }

    /** The "New template" form (a GET: it only opens the editor of a template not saved yet). */
    @GET
    @Path("new")
    public Response create(@QueryParam("id") String id, @QueryParam("channel") String channel) {
        if (id == null || id.isBlank() || channel == null || !TemplateForm.CHANNELS.contains(channel)) {
            Reply reply = api.get(Service.NOTIFICATION, "/templates");
            return listPage(reply, "Give the new template an id and a channel.", id == null ? "" : id);
        }
        return Pages.seeOther("/templates/" + Paths.seg(id.strip()) + "/" + channel + "?new=1");
    }

    @GET
    @Path("{id}")
    public Response byId(@PathParam("id") String id) {
        Reply reply = api.get(Service.NOTIFICATION, "/templates/" + Paths.seg(id));
        return listPage(reply, "", "");
    }

    @GET
    @Path("{id}/{channel}")
    public Response show(@PathParam("id") String id, @PathParam("channel") String channel,
            @QueryParam("saved") String saved, @QueryParam("new") String isNew) {
        checkChannel(channel);
        Reply found = api.get(Service.NOTIFICATION, path(id, channel));
        if (found.status() == 404 && isNew != null && caller.viewer().canEdit()) {
            return editorPage(id, channel, null, TemplateForm.empty(channel), Response.Status.OK,
                    Map.of("notice", "A new template: it is stored when you save it.", "isNew", true));
        }
        if (!found.ok()) {
            return listPage(found, "", "");
        }
        return editorPage(id, channel, found.body(), TemplateForm.of(found.body(), channel), Response.Status.OK,
                Map.of("notice", saved == null ? "" : "Saved."));
    }

    /** The editor's form: {@code op} is {@code save}, {@code preview} or {@code add-locale}. */
    @POST
    @Path("{id}/{channel}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submit(@PathParam("id") String id, @PathParam("channel") String channel,
            MultivaluedMap<String, String> submitted) {
        caller.checkCsrf(submitted.getFirst("csrf"));
        checkChannel(channel);
        String op = submitted.getFirst("op") == null ? "save" : submitted.getFirst("op");
        TemplateForm form = TemplateForm.of(submitted, channel, op.equals("add-locale")
                ? submitted.getFirst("newLocale") : null);
        Map<String, Object> data = new HashMap<>();
        data.put("sample", orEmpty(submitted.getFirst("sample")));
        data.put("profileId", orEmpty(submitted.getFirst("profileId")));
        data.put("previewLocale", orEmpty(submitted.getFirst("previewLocale")));
        data.put("isNew", "true".equals(submitted.getFirst("isNew")));
        return switch (op) {
            case "add-locale" -> editorPage(id, channel, null, form, Response.Status.OK, data);
            case "preview" -> preview(id, channel, form, data);
            default -> save(id, channel, form, data);
        };
    }

    @POST
    @Path("{id}/{channel}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") String id, @PathParam("channel") String channel,
            @jakarta.ws.rs.FormParam("csrf") String csrf) {
        caller.checkCsrf(csrf);
        checkChannel(channel);
        Reply reply = api.delete(Service.NOTIFICATION, path(id, channel));
        if (!reply.ok()) {
            Reply found = api.get(Service.NOTIFICATION, path(id, channel));
            if (!found.ok()) {
                return listPage(found, "", "");
            }
            return editorPage(id, channel, found.body(), TemplateForm.of(found.body(), channel),
                    JourneyPages.status(reply), Map.of("problems", JourneyPages.problems(reply),
                            "refusal", "Not deleted: " + JourneyPages.describe(reply)));
        }
        return Pages.seeOther("/templates");
    }

    /**
     * The preview as JSON, for templates.js (header {@code X-CSRF-Token}): {@code status}, {@code preview} or
     * {@code problems}, and {@code html}, the page's preview panel rendered with them. Takes the same form fields as
     * the page, the draft's included.
     */
    @POST
    @Path("{id}/{channel}/preview")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response previewJson(@PathParam("id") String id, @PathParam("channel") String channel,
            @HeaderParam("X-CSRF-Token") String token, MultivaluedMap<String, String> submitted) {
        caller.checkCsrf(token);
        checkChannel(channel);
        Previewed previewed = render(id, channel, TemplateForm.of(submitted, channel, null),
                submitted.getFirst("previewLocale"), submitted.getFirst("sample"), submitted.getFirst("profileId"));
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("status", previewed.status().getStatusCode());
        if (previewed.preview() != null) {
            body.set("preview", previewed.preview());
        }
        var problems = body.putArray("problems");
        previewed.problems().forEach(p -> problems.addObject().put("field", p.field()).put("problem", p.problem()));
        body.put("html", previewFragment.data("channel", channel)
                .data("preview", previewed.preview() == null ? "" : Json.map(previewed.preview()))
                .data("previewProblems", previewed.problems()).render());
        return Response.status(previewed.status()).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private Response save(String id, String channel, TemplateForm form, Map<String, Object> data) {
        List<Reply.Problem> problems = new ArrayList<>();
        ObjectNode request = form.request(caller.viewer().isAdmin(), problems);
        if (!problems.isEmpty()) {
            return editorPage(id, channel, null, form, Response.Status.BAD_REQUEST,
                    merge(data, Map.of("problems", form.place(problems))));
        }
        Reply reply = api.put(Service.NOTIFICATION, path(id, channel), request);
        if (!reply.ok()) {
            Map<String, Object> refused = new HashMap<>(data);
            refused.put("problems", form.place(JourneyPages.problems(reply)));
            refused.put("refusal", reply.status() == 403 ? "Refused: your role does not allow this change ("
                    + JourneyPages.describe(reply) + ")." : "Not saved: " + reply.error() + ".");
            return editorPage(id, channel, null, form, JourneyPages.status(reply), refused);
        }
        return Pages.seeOther(path(id, channel) + "?saved=1");
    }

    private Response preview(String id, String channel, TemplateForm form, Map<String, Object> data) {
        Previewed previewed = render(id, channel, form, (String) data.get("previewLocale"),
                (String) data.get("sample"), (String) data.get("profileId"));
        Map<String, Object> shown = new HashMap<>(data);
        shown.put("previewed", true);
        shown.put("preview", previewed.preview() == null ? "" : Json.map(previewed.preview()));
        shown.put("previewProblems", previewed.problems());
        return editorPage(id, channel, null, form, previewed.status(), shown);
    }

    /**
     * Calls the service's preview of the form's draft ({@code template}, the body Save would PUT); a refusal or
     * failure becomes problems (never a 500 page).
     */
    private Previewed render(String id, String channel, TemplateForm form, String locale, String sample,
            String profileId) {
        List<Reply.Problem> formProblems = new ArrayList<>();
        ObjectNode draft = form.request(caller.viewer().isAdmin(), formProblems);
        if (!formProblems.isEmpty()) {
            return new Previewed(Response.Status.BAD_REQUEST, null, formProblems);
        }
        ObjectNode request = Json.mapper().createObjectNode();
        request.set("template", draft);
        if (locale != null && !locale.isBlank()) {
            request.put("locale", locale.strip());
        }
        if (profileId != null && !profileId.isBlank()) {
            request.put("profileId", profileId.strip());
        } else if (sample != null && !sample.isBlank()) {
            JsonForm.Parsed parsed = JsonForm.parse("sample", sample);
            if (parsed.value() == null) {
                return new Previewed(Response.Status.BAD_REQUEST, null, parsed.problems());
            }
            request.set("sample", parsed.value());
        }
        Reply reply;
        try {
            reply = api.post(Service.NOTIFICATION, path(id, channel) + "/preview", request);
        } catch (UpstreamUnavailable e) {
            return new Previewed(Response.Status.BAD_GATEWAY, null, List.of(new Reply.Problem("",
                    "notification-service could not render this preview (" + e.getMessage() + ").")));
        }
        if (!reply.ok()) {
            return new Previewed(JourneyPages.status(reply), null, JourneyPages.problems(reply));
        }
        return new Previewed(Response.Status.OK, reply.body(), List.of());
    }

    record Previewed(Response.Status status, JsonNode preview, List<Reply.Problem> problems) {
    }

    private Response editorPage(String id, String channel, JsonNode saved, TemplateForm form,
            Response.Status status, Map<String, ?> extra) {
        Map<String, Object> data = new HashMap<>();
        data.put("id", id);
        data.put("channel", channel);
        data.put("formAction", path(id, channel));
        data.put("saved", saved == null ? Map.of() : Json.map(saved));
        data.put("form", form);
        data.put("surveys", TemplateForm.SURVEYS);
        data.put("isNew", false);
        data.put("notice", "");
        data.put("refusal", "");
        data.put("problems", List.of());
        data.put("sample", SAMPLE);
        data.put("profileId", "");
        data.put("previewLocale", "");
        data.put("previewed", false);
        data.put("preview", "");
        data.put("previewProblems", List.of());
        data.putAll(extra);
        if (((String) data.get("sample")).isBlank()) {
            data.put("sample", SAMPLE);
        }
        return pages.page(editor, SECTION, status, data);
    }

    private Response listPage(Reply reply, String formError, String newId) {
        Map<String, TemplateRow> byId = new LinkedHashMap<>();
        if (reply.ok()) {
            for (JsonNode t : reply.body()) {
                byId.computeIfAbsent(t.path("templateId").asText(), TemplateRow::new).add(t);
            }
        }
        Response.Status status = !formError.isEmpty() ? Response.Status.BAD_REQUEST : JourneyPages.status(reply);
        return pages.page(list, SECTION, status, Map.of("templates", List.copyOf(byId.values()), "channels",
                TemplateForm.CHANNELS, "error", reply.ok() ? "" : reply.error(), "formError", formError,
                "newId", newId));
    }

    /** One row of the list: a template id with what its channels' templates have. */
    public static final class TemplateRow {
        private final String id;
        private final List<String> channels = new ArrayList<>();
        private final TreeSet<String> locales = new TreeSet<>();
        private final TreeSet<String> surveys = new TreeSet<>();
        private boolean transactional;

        TemplateRow(String id) {
            this.id = id;
        }

        void add(JsonNode template) {
            channels.add(template.path("channel").asText());
            template.path("locales").fieldNames().forEachRemaining(locales::add);
            if (template.path("survey").isTextual()) {
                surveys.add(template.path("survey").asText());
            }
            transactional |= template.path("transactional").asBoolean(false);
        }

        public String getId() {
            return id;
        }

        public List<String> getChannels() {
            return channels;
        }

        public String getLocaleList() {
            return String.join(", ", locales);
        }

        public String getSurveyList() {
            return String.join(", ", surveys);
        }

        public boolean isTransactional() {
            return transactional;
        }
    }

    private static String path(String id, String channel) {
        return "/templates/" + Paths.seg(id) + "/" + Paths.seg(channel);
    }

    private static void checkChannel(String channel) {
        if (!TemplateForm.CHANNELS.contains(channel)) {
            throw new NotFoundException();
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> merged = new HashMap<>(a);
        merged.putAll(b);
        return merged;
    }
}
