package io.omnijourney.notification.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message template for one channel, with locale variants. {@code defaultLocale} must have a variant: it is what a
 * recipient whose locale has none receives. {@code transactional}: an admin vouched that its content is
 * transactional, so that a request of category transactional may skip marketing opt-outs and caps with it.
 * {@code survey}: the message asks this survey's question (null: none), so its sends count towards the survey's
 * response rate and a numeric SMS reply to it is its answer.
 */
public record Template(String templateId, MessageChannel channel, String defaultLocale,
        Map<String, TemplateContent> locales, Instant updatedAt, boolean transactional, SurveyLinks.Kind survey) {

    /** A template no admin marked transactional. */
    public Template(String templateId, MessageChannel channel, String defaultLocale,
            Map<String, TemplateContent> locales, Instant updatedAt) {
        this(templateId, channel, defaultLocale, locales, updatedAt, false, null);
    }

    /** A template that asks no survey question. */
    public Template(String templateId, MessageChannel channel, String defaultLocale,
            Map<String, TemplateContent> locales, Instant updatedAt, boolean transactional) {
        this(templateId, channel, defaultLocale, locales, updatedAt, transactional, null);
    }

    public Template {
        Objects.requireNonNull(templateId, "templateId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(defaultLocale, "defaultLocale");
        locales = Map.copyOf(locales);
        if (!locales.containsKey(defaultLocale)) {
            throw new IllegalArgumentException("the default locale '" + defaultLocale + "' has no variant");
        }
    }

    /** The variant for {@code locale}: exact tag, then its language ({@code pt-BR} then {@code pt}), then default. */
    public Resolved resolve(String locale) {
        if (locale != null && !locale.isBlank()) {
            String tag = Locale.forLanguageTag(locale.replace('_', '-')).toLanguageTag();
            Optional<Resolved> exact = find(tag).or(() -> find(Locale.forLanguageTag(tag).getLanguage()));
            if (exact.isPresent()) {
                return exact.get();
            }
        }
        return new Resolved(defaultLocale, locales.get(defaultLocale));
    }

    private Optional<Resolved> find(String tag) {
        return locales.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(tag)).findFirst()
                .map(e -> new Resolved(e.getKey(), e.getValue()));
    }

    public record Resolved(String locale, TemplateContent content) {
    }
}
