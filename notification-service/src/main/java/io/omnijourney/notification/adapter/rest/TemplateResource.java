package io.omnijourney.notification.adapter.rest;

import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse;
import io.omnijourney.kit.security.Roles;
import io.omnijourney.notification.app.ProfileStates;
import io.omnijourney.notification.app.TemplateData;
import io.omnijourney.notification.app.TemplateRenderer;
import io.omnijourney.notification.app.TemplateStore;
import io.omnijourney.notification.app.TemplateSyntaxException;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.SmsSegments;
import io.omnijourney.notification.domain.Template;
import io.omnijourney.notification.domain.TemplateContent;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Templates per channel with locale variants. Every part is parsed with Qute when saved: a syntax error is a 400
 * naming the part, line and column, and nothing is stored.
 */
@Path("/templates")
@RolesAllowed({Roles.MARKETER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TemplateResource {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,3}");
    private static final int MAX_LOCALES = 50;
    private static final int MAX_PART_CHARS = 100_000;

    private final TemplateStore store;
    private final TemplateRenderer renderer;
    private final ProfileStates profiles;
    private final Clock clock;

    public TemplateResource(TemplateStore store, TemplateRenderer renderer, ProfileStates profiles, Clock clock) {
        this.store = store;
        this.renderer = renderer;
        this.profiles = profiles;
        this.clock = clock;
    }

    /** One locale's text; which fields apply depends on the channel. */
    public record Variant(String subject, String html, String text, String title, String body, String deepLink) {
    }

    /** @param url the webhook target (webhook templates only) */
    public record TemplateRequest(String defaultLocale, String url, Map<String, Variant> locales) {
    }

    public record SmsInfo(String encoding, int length, int segments) {
        static SmsInfo of(String text) {
            SmsSegments s = SmsSegments.of(text);
            return new SmsInfo(s.encoding(), s.length(), s.segments());
        }
    }

    /** @param sms per locale, for SMS templates: length and segments of the template text itself */
    public record TemplateResponse(String templateId, String channel, String defaultLocale, String url,
            Map<String, Variant> locales, Map<String, SmsInfo> sms, Instant updatedAt) {

        static TemplateResponse of(Template t) {
            Map<String, Variant> locales = new LinkedHashMap<>();
            Map<String, SmsInfo> sms = null;
            String url = null;
            for (Map.Entry<String, TemplateContent> e : t.locales().entrySet()) {
                TemplateContent c = e.getValue();
                if (c instanceof TemplateContent.Email m) {
                    locales.put(e.getKey(), new Variant(m.subject(), m.html(), m.text(), null, null, null));
                } else if (c instanceof TemplateContent.Sms s) {
                    locales.put(e.getKey(), new Variant(null, null, s.text(), null, null, null));
                    sms = sms == null ? new LinkedHashMap<>() : sms;
                    sms.put(e.getKey(), SmsInfo.of(s.text()));
                } else if (c instanceof TemplateContent.Push p) {
                    locales.put(e.getKey(), new Variant(null, null, null, p.title(), p.body(), p.deepLink()));
                } else if (c instanceof TemplateContent.Inbox i) {
                    locales.put(e.getKey(), new Variant(null, null, null, i.title(), i.body(), i.deepLink()));
                } else if (c instanceof TemplateContent.Webhook w) {
                    locales.put(e.getKey(), new Variant(null, null, null, null, w.body(), null));
                    url = w.url();
                }
            }
            return new TemplateResponse(t.templateId(), t.channel().wireName(), t.defaultLocale(), url, locales, sms,
                    t.updatedAt());
        }
    }

    @GET
    public List<TemplateResponse> list() {
        return store.list(500).stream().map(TemplateResponse::of).toList();
    }

    @GET
    @Path("{id}")
    public List<TemplateResponse> byId(@PathParam("id") String id) {
        List<Template> found = store.byId(id);
        if (found.isEmpty()) {
            throw ApiException.notFound("template '" + id + "'");
        }
        return found.stream().map(TemplateResponse::of).toList();
    }

    @GET
    @Path("{id}/{channel}")
    public TemplateResponse get(@PathParam("id") String id, @PathParam("channel") String channel) {
        return TemplateResponse.of(find(id, channel(channel)));
    }

    @PUT
    @Path("{id}/{channel}")
    public TemplateResponse put(@PathParam("id") String id, @PathParam("channel") String channelName,
            TemplateRequest request) {
        MessageChannel channel = channel(channelName);
        Template template = validate(id, channel, request);
        store.save(template);
        return TemplateResponse.of(template);
    }

    @DELETE
    @Path("{id}/{channel}")
    public Response delete(@PathParam("id") String id, @PathParam("channel") String channel) {
        if (!store.delete(id, channel(channel))) {
            throw ApiException.notFound("template '" + id + "' for " + channel);
        }
        return Response.noContent().build();
    }

    /** Sample data for a preview, in the shape the renderer gives templates. */
    public record Sample(Map<String, Object> profile, Map<String, String> identifiers, String eventName,
            Map<String, Object> eventProperties, Map<String, Object> vars) {
    }

    /**
     * @param profileId render with this service's copy of the profile (from profile-events) instead of sample data
     */
    public record PreviewRequest(String locale, String profileId, Sample sample) {
    }

    /** @param dataSource {@code profile} (the local copy of the profile) or {@code sample} */
    public record PreviewResponse(String templateId, String channel, String locale, String dataSource,
            Map<String, String> rendered, SmsInfo sms) {
    }

    @POST
    @Path("{id}/{channel}/preview")
    public PreviewResponse preview(@PathParam("id") String id, @PathParam("channel") String channelName,
            PreviewRequest request) {
        Template template = find(id, channel(channelName));
        PreviewRequest r = request == null ? new PreviewRequest(null, null, null) : request;
        Template.Resolved resolved = template.resolve(r.locale());
        Map<String, Object> data;
        String source;
        if (r.profileId() != null && !r.profileId().isBlank()) {
            data = profileData(r.profileId());
            source = "profile";
        } else {
            Sample s = r.sample() == null ? new Sample(null, null, null, null, null) : r.sample();
            Map<String, List<String>> ids = new LinkedHashMap<>();
            if (s.identifiers() != null) {
                s.identifiers().forEach((k, v) -> ids.put(k, List.of(v)));
            }
            data = TemplateData.of("sample-profile", ids, s.profile(),
                    new io.omnijourney.contract.notification.NotificationRequest.Trigger(null, s.eventName(),
                            s.eventProperties()), s.vars());
            source = "sample";
        }
        Map<String, String> rendered = renderer.render(resolved.content(), data);
        SmsInfo sms = template.channel() == MessageChannel.SMS ? SmsInfo.of(rendered.get("text")) : null;
        return new PreviewResponse(id, template.channel().wireName(), resolved.locale(), source, rendered, sms);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> profileData(String profileId) {
        if (profiles.isErased(profileId)) {
            throw ApiException.notFound("profile '" + profileId + "'");
        }
        Map<String, Object> snapshot = profiles.snapshot(profileId).orElseThrow(() -> ApiException.notFound(
                "local copy of profile '" + profileId + "' (this service knows a profile only after profile-events "
                        + "reported a touchpoint of it; use sample data)"));
        Map<String, List<String>> ids = new LinkedHashMap<>();
        if (snapshot.get("identifiers") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> ids.put(String.valueOf(k), v instanceof List<?> l
                    ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(v))));
        }
        Map<String, Object> traits = snapshot.get("traits") instanceof Map<?, ?> t ? (Map<String, Object>) t : Map.of();
        return TemplateData.of(profileId, ids, traits, null, Map.of());
    }

    private Template find(String id, MessageChannel channel) {
        return store.find(id, channel).orElseThrow(() -> ApiException.notFound("template '" + id + "' for "
                + channel.wireName()));
    }

    private static MessageChannel channel(String name) {
        return MessageChannel.parse(name).orElseThrow(() -> ApiException.badRequest("invalid request",
                List.of(new ErrorResponse.FieldProblem("channel", "must be one of email, sms, push, webhook, inbox"))));
    }

    private Template validate(String id, MessageChannel channel, TemplateRequest request) {
        List<ErrorResponse.FieldProblem> problems = new ArrayList<>();
        if (!ID.matcher(id).matches()) {
            problems.add(problem("templateId", "1-100 letters, digits, '.', '_' or '-'"));
        }
        if (request == null) {
            throw ApiException.badRequest("invalid template", List.of(problem("body", "required")));
        }
        if (request.defaultLocale() == null || !LOCALE.matcher(request.defaultLocale()).matches()) {
            problems.add(problem("defaultLocale", "required, a language tag such as en or pt-BR"));
        }
        if (request.locales() == null || request.locales().isEmpty()) {
            problems.add(problem("locales", "at least one locale variant is required"));
        } else if (request.locales().size() > MAX_LOCALES) {
            problems.add(problem("locales", "at most " + MAX_LOCALES + " variants"));
        } else if (request.defaultLocale() != null && !request.locales().containsKey(request.defaultLocale())) {
            problems.add(problem("locales", "the default locale '" + request.defaultLocale() + "' has no variant"));
        }
        if (channel == MessageChannel.WEBHOOK) {
            urlProblem(request.url()).ifPresent(p -> problems.add(problem("url", p)));
        } else if (request.url() != null) {
            problems.add(problem("url", "only webhook templates have a target URL"));
        }
        Map<String, TemplateContent> contents = new LinkedHashMap<>();
        if (request.locales() != null && request.locales().size() <= MAX_LOCALES) {
            request.locales().forEach((locale, variant) -> {
                String path = "locales." + locale;
                if (!LOCALE.matcher(locale).matches()) {
                    problems.add(problem(path, "not a language tag"));
                    return;
                }
                if (variant == null) {
                    problems.add(problem(path, "required"));
                    return;
                }
                content(channel, request.url(), variant, path, problems).ifPresent(c -> contents.put(locale, c));
            });
        }
        if (problems.isEmpty()) {
            contents.forEach((locale, content) -> {
                try {
                    renderer.validate(content);
                } catch (TemplateSyntaxException e) {
                    problems.add(problem("locales." + locale + "." + e.part(), "line " + e.line() + ", column "
                            + e.column() + ": " + e.getMessage()));
                }
            });
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid template", problems);
        }
        return new Template(id, channel, request.defaultLocale(), contents, clock.instant());
    }

    private static Optional<TemplateContent> content(MessageChannel channel, String url, Variant v, String path,
            List<ErrorResponse.FieldProblem> problems) {
        int before = problems.size();
        switch (channel) {
            case EMAIL -> {
                required(v.subject(), path + ".subject", problems);
                if (blank(v.html()) && blank(v.text())) {
                    problems.add(problem(path, "html or text is required"));
                }
                forbidden(path, problems, "title", v.title(), "body", v.body(), "deepLink", v.deepLink());
            }
            case SMS -> {
                required(v.text(), path + ".text", problems);
                forbidden(path, problems, "subject", v.subject(), "html", v.html(), "title", v.title(), "body",
                        v.body(), "deepLink", v.deepLink());
            }
            case PUSH, INBOX -> {
                required(v.title(), path + ".title", problems);
                required(v.body(), path + ".body", problems);
                forbidden(path, problems, "subject", v.subject(), "html", v.html(), "text", v.text());
            }
            case WEBHOOK -> {
                required(v.body(), path + ".body", problems);
                forbidden(path, problems, "subject", v.subject(), "html", v.html(), "text", v.text(), "title",
                        v.title(), "deepLink", v.deepLink());
            }
        }
        for (String part : new String[] {v.subject(), v.html(), v.text(), v.title(), v.body(), v.deepLink()}) {
            if (part != null && part.length() > MAX_PART_CHARS) {
                problems.add(problem(path, "a part is longer than " + MAX_PART_CHARS + " characters"));
                break;
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(switch (channel) {
            case EMAIL -> new TemplateContent.Email(v.subject(), v.html(), v.text());
            case SMS -> new TemplateContent.Sms(v.text());
            case PUSH -> new TemplateContent.Push(v.title(), v.body(), v.deepLink());
            case INBOX -> new TemplateContent.Inbox(v.title(), v.body(), v.deepLink());
            case WEBHOOK -> new TemplateContent.Webhook(url, v.body());
        });
    }

    private static Optional<String> urlProblem(String url) {
        if (blank(url)) {
            return Optional.of("required for webhook templates");
        }
        try {
            URI uri = new URI(url);
            if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null || uri.getUserInfo() != null) {
                return Optional.of("an absolute http(s) URL without credentials");
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("not a URL");
        }
    }

    private static void required(String value, String field, List<ErrorResponse.FieldProblem> problems) {
        if (blank(value)) {
            problems.add(problem(field, "required"));
        }
    }

    private static void forbidden(String path, List<ErrorResponse.FieldProblem> problems, String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                problems.add(problem(path + "." + namesAndValues[i], "not a part of this channel's templates"));
            }
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static ErrorResponse.FieldProblem problem(String field, String problem) {
        return new ErrorResponse.FieldProblem(field, problem);
    }
}
