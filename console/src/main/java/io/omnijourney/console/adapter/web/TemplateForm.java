package io.omnijourney.console.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnijourney.console.app.Reply;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A notification template as its edit form holds it: one fieldset per locale with the parts of the template's
 * channel, read from the service's answer or from the submitted form, and written as the body of
 * {@code PUT /templates/{id}/{channel}}. Form names: {@code locale.N} (the tag), {@code locale.N.<part>},
 * {@code remove.N}.
 */
public final class TemplateForm {

    static final List<String> CHANNELS = List.of("email", "sms", "whatsapp", "push", "inbox", "webhook");
    static final List<String> SURVEYS = List.of("none", "nps", "csat", "ces");
    /** notification-service keeps at most this many variants; the form takes no more. */
    static final int MAX_LOCALES = 50;
    private static final Pattern LOCALE_KEY = Pattern.compile("locale\\.(\\d{1,3})");

    /** One part of a channel's template: its JSON name, label, and whether it is a text area. */
    public record Part(String name, String label, boolean multiline) {
    }

    /** One input of a locale's fieldset, with the service's problem for it (empty when none). */
    public record Field(String id, String name, String label, boolean multiline, String value, String problem) {
    }

    public record Locale(int index, String tag, List<Field> fields, boolean isDefault) {
    }

    final String channel;
    String defaultLocale = "";
    String url = "";
    boolean transactional;
    String survey = "none";
    final List<Locale> locales = new ArrayList<>();

    private TemplateForm(String channel) {
        this.channel = channel;
    }

    static List<Part> parts(String channel) {
        return switch (channel) {
            case "email" -> List.of(new Part("subject", "Subject", false), new Part("html", "HTML", true),
                    new Part("text", "Plain text", true));
            case "sms" -> List.of(new Part("text", "Text", true));
            case "whatsapp" -> List.of(new Part("text", "Text (free-form, inside the 24-hour window)", true),
                    new Part("contentSid", "Content SID (approved template)", false),
                    new Part("variables", "Variables (JSON object, \"1\" to \"10\")", true));
            case "push", "inbox" -> List.of(new Part("title", "Title", false), new Part("body", "Body", true),
                    new Part("deepLink", "Deep link", false));
            case "webhook" -> List.of(new Part("body", "Body (JSON, each value a Qute template)", true));
            default -> List.of();
        };
    }

    /** A new template: one empty locale, {@code en}. */
    static TemplateForm empty(String channel) {
        TemplateForm form = new TemplateForm(channel);
        form.defaultLocale = "en";
        form.addLocale("en", Map.of());
        return form;
    }

    /** The service's template ({@code TemplateResponse}). */
    static TemplateForm of(JsonNode template, String channel) {
        TemplateForm form = new TemplateForm(channel);
        form.defaultLocale = template.path("defaultLocale").asText("");
        form.url = template.path("url").asText("");
        form.transactional = template.path("transactional").asBoolean(false);
        form.survey = template.path("survey").isTextual() ? template.path("survey").asText() : "none";
        template.path("locales").fields().forEachRemaining(e -> {
            Map<String, String> values = new LinkedHashMap<>();
            for (Part part : parts(channel)) {
                JsonNode value = e.getValue().path(part.name());
                if (part.name().equals("variables")) {
                    values.put(part.name(), value.isObject() ? Json.pretty(value) : "");
                } else {
                    values.put(part.name(), value.isTextual() ? value.asText() : "");
                }
            }
            form.addLocale(e.getKey(), values);
        });
        return form;
    }

    /** The submitted form; {@code addLocale} adds an empty fieldset for that tag (when not there yet). */
    static TemplateForm of(MultivaluedMap<String, String> submitted, String channel, String addLocale) {
        TemplateForm form = new TemplateForm(channel);
        form.defaultLocale = text(submitted, "defaultLocale").strip();
        form.url = text(submitted, "url").strip();
        form.transactional = "true".equals(submitted.getFirst("transactional"));
        String survey = text(submitted, "survey");
        form.survey = SURVEYS.contains(survey) ? survey : "none";
        Map<Integer, String> tags = new TreeMap<>();
        submitted.keySet().forEach(key -> {
            Matcher m = LOCALE_KEY.matcher(key);
            if (m.matches()) {
                tags.put(Integer.parseInt(m.group(1)), text(submitted, key).strip());
            }
        });
        tags.forEach((index, tag) -> {
            if (form.locales.size() >= MAX_LOCALES || "true".equals(submitted.getFirst("remove." + index))) {
                return;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Part part : parts(channel)) {
                values.put(part.name(), text(submitted, "locale." + index + "." + part.name()));
            }
            form.addLocale(tag, values);
        });
        if (addLocale != null && !addLocale.isBlank() && form.locales.size() < MAX_LOCALES
                && form.locales.stream().noneMatch(l -> l.tag().equals(addLocale.strip()))) {
            form.addLocale(addLocale.strip(), Map.of());
        }
        if (form.defaultLocale.isEmpty() && !form.locales.isEmpty()) {
            form.defaultLocale = form.locales.get(0).tag();
        }
        return form;
    }

    private void addLocale(String tag, Map<String, String> values) {
        int index = locales.size();
        List<Field> fields = new ArrayList<>();
        for (Part part : parts(channel)) {
            fields.add(new Field("locale-" + index + "-" + part.name(), "locale." + index + "." + part.name(),
                    part.label(), part.multiline(), values.getOrDefault(part.name(), ""), ""));
        }
        locales.add(new Locale(index, tag, fields, tag.equals(defaultLocale)));
    }

    /**
     * The body of {@code PUT /templates/{id}/{channel}}: empty parts left out; {@code transactional} only from an
     * admin (the service refuses it from anyone else). Problems of the form itself (variables that are not JSON) are
     * added to {@code problems}.
     */
    ObjectNode request(boolean admin, List<Reply.Problem> problems) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("defaultLocale", defaultLocale);
        if (channel.equals("webhook")) {
            body.put("url", url);
        }
        if (admin) {
            body.put("transactional", transactional);
        }
        if (!survey.equals("none")) {
            body.put("survey", survey);
        }
        ObjectNode byLocale = body.putObject("locales");
        for (Locale locale : locales) {
            ObjectNode parts = byLocale.putObject(locale.tag());
            for (Field field : locale.fields()) {
                String part = field.name().substring(field.name().lastIndexOf('.') + 1);
                if (field.value().isBlank()) {
                    continue;
                }
                if (part.equals("variables")) {
                    JsonForm.Parsed parsed = JsonForm.parse("locales." + locale.tag() + ".variables",
                            field.value());
                    problems.addAll(parsed.problems());
                    if (parsed.value() != null) {
                        parts.set(part, parsed.value());
                    }
                } else {
                    parts.put(part, field.value());
                }
            }
        }
        return body;
    }

    /** Puts each problem named {@code locales.<tag>.<part>} next to its field; the others are the form's. */
    List<Reply.Problem> place(List<Reply.Problem> problems) {
        List<Reply.Problem> general = new ArrayList<>();
        for (Reply.Problem problem : problems) {
            if (!placed(problem)) {
                general.add(problem);
            }
        }
        return general;
    }

    private boolean placed(Reply.Problem problem) {
        for (int i = 0; i < locales.size(); i++) {
            Locale locale = locales.get(i);
            List<Field> fields = locale.fields();
            for (int j = 0; j < fields.size(); j++) {
                Field f = fields.get(j);
                String part = f.name().substring(f.name().lastIndexOf('.') + 1);
                if (problem.field().equals("locales." + locale.tag() + "." + part)) {
                    String joined = f.problem().isEmpty() ? problem.problem() : f.problem() + "; " + problem.problem();
                    fields.set(j, new Field(f.id(), f.name(), f.label(), f.multiline(), f.value(), joined));
                    return true;
                }
            }
        }
        return false;
    }

    public String getChannel() {
        return channel;
    }

    public String getDefaultLocale() {
        return defaultLocale;
    }

    public String getUrl() {
        return url;
    }

    public boolean isTransactional() {
        return transactional;
    }

    public String getSurvey() {
        return survey;
    }

    public List<Locale> getLocales() {
        return locales;
    }

    /** The tags, for the preview's locale choice. */
    public List<String> getTags() {
        return locales.stream().map(Locale::tag).toList();
    }

    private static String text(MultivaluedMap<String, String> form, String name) {
        String value = form.getFirst(name);
        return value == null ? "" : value;
    }
}
