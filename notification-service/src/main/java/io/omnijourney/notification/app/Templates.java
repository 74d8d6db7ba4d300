package io.omnijourney.notification.app;

import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.SmsSegments;
import io.omnijourney.notification.domain.SurveyLinks;
import io.omnijourney.notification.domain.Template;
import io.omnijourney.notification.domain.TemplateContent;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The marketer's templates: one per (templateId, channel), with locale variants. A template is checked whole before
 * it is stored: the parts its channel has and only those, bounded sizes and counts, a webhook's fixed target URL,
 * and every part parsed by the renderer (a syntax error names the part, line and column). Previews render a stored
 * template, or a draft checked the same way and stored nowhere, with sample data or with this service's copy of a
 * profile, and send nothing.
 */
public final class Templates {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,3}");
    private static final int MAX_LOCALES = 50;
    private static final int MAX_PART_CHARS = 100_000;
    private static final int MAX_LISTED = 500;
    /** Twilio Content API template SIDs: {@code HX} and 32 hex digits. */
    private static final Pattern CONTENT_SID = Pattern.compile("HX[0-9a-fA-F]{32}");
    /** WhatsApp template variables are numbered placeholders {@code {{1}}} to {@code {{10}}} here. */
    private static final Pattern VARIABLE_NAME = Pattern.compile("[1-9]|10");
    private static final int MAX_VARIABLES = 10;
    /** Characters of one variable's template text (WhatsApp refuses long parameters; a render may only grow it). */
    private static final int MAX_VARIABLE_CHARS = 1024;

    private final TemplateStore store;
    private final TemplateRenderer renderer;
    private final ProfileStates profiles;
    private final Clock clock;
    private final long maxTemplates;

    /** @param maxTemplates templates (per id and channel) an installation may hold */
    public Templates(TemplateStore store, TemplateRenderer renderer, ProfileStates profiles, Clock clock,
            long maxTemplates) {
        this.store = store;
        this.renderer = renderer;
        this.profiles = profiles;
        this.clock = clock;
        this.maxTemplates = maxTemplates;
    }

    /** Who saves or deletes: admins may mark templates transactional and change those so marked. */
    public enum Editor { MARKETER, ADMIN }

    /**
     * One locale's text; which parts apply depends on the channel. @param contentSid and @param variables WhatsApp
     * only: an approved template (Twilio Content API) and its variables {@code "1"} to {@code "10"}, each a template
     */
    public record Parts(String subject, String html, String text, String title, String body, String deepLink,
            String contentSid, Map<String, String> variables) {

        public Parts(String subject, String html, String text, String title, String body, String deepLink) {
            this(subject, html, text, title, body, deepLink, null, null);
        }
    }

    /**
     * A template as a marketer writes it. @param url the webhook target (webhook templates only);
     * @param transactional admins only: the content is transactional (null or false: it is not)
     */
    public record Draft(String defaultLocale, String url, Map<String, Parts> locales, Boolean transactional,
            String survey) {

        public Draft(String defaultLocale, String url, Map<String, Parts> locales, Boolean transactional) {
            this(defaultLocale, url, locales, transactional, null);
        }
    }

    /** Sample data for a preview, in the shape the renderer gives templates. */
    public record Sample(Map<String, Object> profile, Map<String, String> identifiers, String eventName,
            Map<String, Object> eventProperties, Map<String, Object> vars) {
    }

    /**
     * A rendered preview. @param dataSource {@code profile} (the local copy of a profile) or {@code sample};
     * @param sms for SMS templates, the segments of the rendered text
     */
    public record Preview(String templateId, MessageChannel channel, String locale, String dataSource,
            Map<String, String> rendered, SmsSegments sms) {
    }

    /** Every template (the first {@value #MAX_LISTED}). */
    public List<Template> list() {
        return store.list(MAX_LISTED);
    }

    /** Every channel of one template id; none is a {@link NotFoundException}. */
    public List<Template> byId(String templateId) {
        List<Template> found = store.byId(templateId);
        if (found.isEmpty()) {
            throw new NotFoundException("template '" + templateId + "'");
        }
        return found;
    }

    public Template get(String templateId, MessageChannel channel) {
        return store.find(templateId, channel).orElseThrow(() -> new NotFoundException("template '" + templateId
                + "' for " + channel.wireName()));
    }

    /**
     * Creates or replaces a template once it is valid whole; else {@link InvalidTemplateException}. Only an admin
     * marks a template transactional or changes one so marked; a new template beyond the installation's limit is
     * refused ({@link TemplateRefusedException}).
     */
    public Template save(String templateId, MessageChannel channel, Draft draft, Editor editor) {
        Template template = checked(templateId, channel, draft);
        Optional<Template> existing = store.find(templateId, channel);
        if (editor != Editor.ADMIN) {
            if (template.transactional()) {
                throw new TemplateRefusedException(TemplateRefusedException.Kind.FORBIDDEN, "transactional",
                        "only an admin marks a template transactional");
            }
            requireNotTransactional(existing);
        }
        // Checked before the write: concurrent creates may pass it together, exceeding it by as many.
        if (existing.isEmpty() && store.count() >= maxTemplates) {
            throw new TemplateRefusedException(TemplateRefusedException.Kind.LIMIT, "templates", "this "
                    + "installation holds " + maxTemplates + " templates, the most it may: delete one first");
        }
        store.save(template);
        return template;
    }

    /** The template a draft describes, once it is valid whole; else {@link InvalidTemplateException}. */
    private Template checked(String templateId, MessageChannel channel, Draft draft) {
        Template template = validate(templateId, channel, draft);
        SurveyLinks.Kind survey = draft.survey() == null ? null : SurveyLinks.Kind.parse(draft.survey())
                .orElseThrow(() -> new InvalidTemplateException(List.of(new InvalidTemplateException.Problem("survey",
                        "must be nps, csat or ces"))));
        return new Template(template.templateId(), channel, template.defaultLocale(), template.locales(),
                template.updatedAt(), Boolean.TRUE.equals(draft.transactional()), survey);
    }

    private static void requireNotTransactional(Optional<Template> existing) {
        if (existing.isPresent() && existing.get().transactional()) {
            throw new TemplateRefusedException(TemplateRefusedException.Kind.FORBIDDEN, "transactional",
                    "the template is marked transactional: only an admin may change or delete it");
        }
    }

    public void delete(String templateId, MessageChannel channel, Editor editor) {
        if (editor != Editor.ADMIN) {
            requireNotTransactional(store.find(templateId, channel));
        }
        if (!store.delete(templateId, channel)) {
            throw new NotFoundException("template '" + templateId + "' for " + channel.wireName());
        }
    }

    /**
     * Renders a template in {@code locale} (with the usual fallback) over this service's copy of {@code profileId}
     * when given (known only once profile-events reported a touchpoint of it), else over the sample. The template is
     * {@code draft} when given (checked as {@link #save} checks it, and stored nowhere: the id need not exist yet),
     * else the stored one. A render over the renderer's budget is a {@link TemplateLimitException} naming the field
     * ({@code locales.en.html}) it stopped in.
     */
    public Preview preview(String templateId, MessageChannel channel, Draft draft, String locale, String profileId,
            Sample sample) {
        Template template = draft == null ? get(templateId, channel) : checked(templateId, channel, draft);
        Template.Resolved resolved = template.resolve(locale);
        Map<String, Object> data;
        String source;
        if (profileId != null && !profileId.isBlank()) {
            data = profileData(profileId);
            source = "profile";
        } else {
            Sample s = sample == null ? new Sample(null, null, null, null, null) : sample;
            Map<String, List<String>> ids = new LinkedHashMap<>();
            if (s.identifiers() != null) {
                s.identifiers().forEach((k, v) -> ids.put(k, List.of(v)));
            }
            data = TemplateData.of("sample-profile", ids, s.profile(),
                    new NotificationRequest.Trigger(null, s.eventName(), s.eventProperties()), s.vars(),
                    PREVIEW_SURVEY);
            source = "sample";
        }
        Map<String, String> rendered;
        try {
            rendered = renderer.render(resolved.content(), data);
        } catch (TemplateLimitException e) {
            throw e.at("locales." + resolved.locale() + (e.field() == null ? "" : "." + e.field()));
        }
        SmsSegments sms = channel == MessageChannel.SMS ? SmsSegments.of(rendered.get("text")) : null;
        return new Preview(templateId, channel, resolved.locale(), source, rendered, sms);
    }

    /** Survey links in a preview: the shape of the real ones, under an address that leads nowhere. */
    private static final Map<String, Object> PREVIEW_SURVEY = SurveyLinks.templateData("https://preview.invalid",
            "preview-only", "preview", java.time.Instant.EPOCH);

    /** The same copy sends are addressed and rendered from. */
    private Map<String, Object> profileData(String profileId) {
        if (profiles.isErased(profileId)) {
            throw new NotFoundException("profile '" + profileId + "'");
        }
        ProfileCopy copy = profiles.copy(profileId).orElseThrow(() -> new NotFoundException(
                "local copy of profile '" + profileId + "' (this service knows a profile only after profile-events "
                        + "reported a touchpoint of it; use sample data)"));
        return TemplateData.of(profileId, copy.identifiers(), copy.traits(), null, Map.of(), PREVIEW_SURVEY);
    }

    private Template validate(String id, MessageChannel channel, Draft draft) {
        List<InvalidTemplateException.Problem> problems = new ArrayList<>();
        if (!ID.matcher(id).matches()) {
            problems.add(problem("templateId", "1-100 letters, digits, '.', '_' or '-'"));
        }
        if (draft == null) {
            throw new InvalidTemplateException(List.of(problem("body", "required")));
        }
        if (draft.defaultLocale() == null || !LOCALE.matcher(draft.defaultLocale()).matches()) {
            problems.add(problem("defaultLocale", "required, a language tag such as en or pt-BR"));
        }
        if (draft.locales() == null || draft.locales().isEmpty()) {
            problems.add(problem("locales", "at least one locale variant is required"));
        } else if (draft.locales().size() > MAX_LOCALES) {
            problems.add(problem("locales", "at most " + MAX_LOCALES + " variants"));
        } else if (draft.defaultLocale() != null && !draft.locales().containsKey(draft.defaultLocale())) {
            problems.add(problem("locales", "the default locale '" + draft.defaultLocale() + "' has no variant"));
        }
        if (channel == MessageChannel.WEBHOOK) {
            urlProblem(draft.url()).ifPresent(p -> problems.add(problem("url", p)));
        } else if (draft.url() != null) {
            problems.add(problem("url", "only webhook templates have a target URL"));
        }
        Map<String, TemplateContent> contents = new LinkedHashMap<>();
        if (draft.locales() != null && draft.locales().size() <= MAX_LOCALES) {
            draft.locales().forEach((locale, parts) -> {
                String path = "locales." + locale;
                if (!LOCALE.matcher(locale).matches()) {
                    problems.add(problem(path, "not a language tag"));
                    return;
                }
                if (parts == null) {
                    problems.add(problem(path, "required"));
                    return;
                }
                content(channel, draft.url(), parts, path, problems).ifPresent(c -> contents.put(locale, c));
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
            throw new InvalidTemplateException(problems);
        }
        return new Template(id, channel, draft.defaultLocale(), contents, clock.instant());
    }

    private static Optional<TemplateContent> content(MessageChannel channel, String url, Parts v, String path,
            List<InvalidTemplateException.Problem> problems) {
        int before = problems.size();
        switch (channel) {
            case EMAIL -> {
                required(v.subject(), path + ".subject", problems);
                if (v.subject() != null && hasControlCharacter(v.subject())) {
                    problems.add(problem(path + ".subject", "one line: no CR, LF or other control characters"));
                }
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
            case WHATSAPP -> {
                whatsApp(v, path, problems);
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
        if (channel != MessageChannel.WHATSAPP) {
            forbidden(path, problems, "contentSid", v.contentSid(), "variables",
                    v.variables() == null ? null : "present");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(switch (channel) {
            case EMAIL -> new TemplateContent.Email(v.subject(), v.html(), v.text());
            case SMS -> new TemplateContent.Sms(v.text());
            case WHATSAPP -> new TemplateContent.WhatsApp(v.text(), v.contentSid(), v.variables());
            case PUSH -> new TemplateContent.Push(v.title(), v.body(), v.deepLink());
            case INBOX -> new TemplateContent.Inbox(v.title(), v.body(), v.deepLink());
            case WEBHOOK -> new TemplateContent.Webhook(url, v.body());
        });
    }

    /**
     * Free-form {@code text}, an approved template ({@code contentSid} with its {@code variables}), or both (the
     * template is sent, the text is kept for reading); variables only with a template.
     */
    private static void whatsApp(Parts v, String path, List<InvalidTemplateException.Problem> problems) {
        if (blank(v.text()) && blank(v.contentSid())) {
            problems.add(problem(path + ".text", "required unless contentSid names an approved WhatsApp template"));
        }
        if (v.contentSid() != null && !CONTENT_SID.matcher(v.contentSid()).matches()) {
            problems.add(problem(path + ".contentSid", "a Twilio Content SID: HX and 32 hexadecimal digits"));
        }
        Map<String, String> variables = v.variables();
        if (variables == null || variables.isEmpty()) {
            return;
        }
        if (v.contentSid() == null) {
            problems.add(problem(path + ".variables", "only with contentSid (they fill its template)"));
        }
        if (variables.size() > MAX_VARIABLES) {
            problems.add(problem(path + ".variables", "at most " + MAX_VARIABLES + " variables"));
            return;
        }
        variables.forEach((name, value) -> {
            String field = path + ".variables." + name;
            if (name == null || !VARIABLE_NAME.matcher(name).matches()) {
                problems.add(problem(path + ".variables", "names are \"1\" to \"" + MAX_VARIABLES + "\", not '"
                        + name + "'"));
            } else if (blank(value)) {
                problems.add(problem(field, "required: WhatsApp refuses an empty variable"));
            } else if (value.length() > MAX_VARIABLE_CHARS) {
                problems.add(problem(field, "at most " + MAX_VARIABLE_CHARS + " characters"));
            }
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

    /** CR, LF or another control character except tab: what may not be in a header line. */
    static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    private static void required(String value, String field, List<InvalidTemplateException.Problem> problems) {
        if (blank(value)) {
            problems.add(problem(field, "required"));
        }
    }

    private static void forbidden(String path, List<InvalidTemplateException.Problem> problems,
            String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                problems.add(problem(path + "." + namesAndValues[i], "not a part of this channel's templates"));
            }
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static InvalidTemplateException.Problem problem(String field, String problem) {
        return new InvalidTemplateException.Problem(field, problem);
    }
}
