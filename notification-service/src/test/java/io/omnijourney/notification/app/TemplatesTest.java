package io.omnijourney.notification.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.Template;
import io.omnijourney.notification.domain.TemplateContent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The installation's template limit: new templates past it are refused, replacing one is not. */
class TemplatesTest {

    private static final class MemoryStore implements TemplateStore {
        final Map<String, Template> templates = new LinkedHashMap<>();

        @Override
        public void save(Template t) {
            templates.put(t.templateId() + "/" + t.channel(), t);
        }

        @Override
        public Optional<Template> find(String templateId, MessageChannel channel) {
            return Optional.ofNullable(templates.get(templateId + "/" + channel));
        }

        @Override
        public List<Template> byId(String templateId) {
            return templates.values().stream().filter(t -> t.templateId().equals(templateId)).toList();
        }

        @Override
        public List<Template> list(int limit) {
            return new ArrayList<>(templates.values());
        }

        @Override
        public boolean delete(String templateId, MessageChannel channel) {
            return templates.remove(templateId + "/" + channel) != null;
        }
    }

    private static Templates.Draft sms(String text) {
        return new Templates.Draft("en", null, Map.of("en", new Templates.Parts(null, null, text, null, null, null)),
                null);
    }

    private static Templates.Draft whatsApp(String text, String contentSid, Map<String, String> variables) {
        return new Templates.Draft("en", null, Map.of("en", new Templates.Parts(null, null, text, null, null, null,
                contentSid, variables)), null);
    }

    @Test
    void aWhatsAppTemplateKeepsItsContentSidAndVariablesInNumericOrder() {
        MemoryStore store = new MemoryStore();
        Templates templates = new Templates(store, new TemplateRenderer(), null, Clock.systemUTC(), 10);
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 10; i >= 1; i--) {
            variables.put(String.valueOf(i), "{vars.v" + i + "}");
        }

        Template saved = templates.save("w", MessageChannel.WHATSAPP, whatsApp(null,
                "HX0123456789abcdef0123456789abcdef", variables), Templates.Editor.MARKETER);

        TemplateContent.WhatsApp content = (TemplateContent.WhatsApp) saved.resolve("en").content();
        assertThat(content.contentSid()).isEqualTo("HX0123456789abcdef0123456789abcdef");
        assertThat(content.variables().keySet()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        assertThat(content.parts()).containsKeys("variables.1", "variables.10").doesNotContainKey("text");
    }

    @Test
    void aWhatsAppTemplateIsRefusedNamingEachBadField() {
        Templates templates = new Templates(new MemoryStore(), new TemplateRenderer(), null, Clock.systemUTC(), 10);
        Map<String, String> eleven = new LinkedHashMap<>();
        for (int i = 1; i <= 11; i++) {
            eleven.put(String.valueOf(i), "x");
        }

        assertThat(fields(templates, whatsApp(null, null, null))).containsExactly("locales.en.text");
        assertThat(fields(templates, whatsApp("Hi", "MG0123456789abcdef0123456789abcdef", null)))
                .containsExactly("locales.en.contentSid");
        assertThat(fields(templates, whatsApp("Hi", null, Map.of("1", "x")))).containsExactly("locales.en.variables");
        assertThat(fields(templates, whatsApp("Hi", "HX0123456789abcdef0123456789abcdef", eleven)))
                .containsExactly("locales.en.variables");
        assertThat(fields(templates, whatsApp("Hi", "HX0123456789abcdef0123456789abcdef",
                Map.of("0", "x", "name", "y")))).containsOnly("locales.en.variables");
        assertThat(fields(templates, whatsApp("Hi", "HX0123456789abcdef0123456789abcdef",
                Map.of("1", "", "2", "z".repeat(1025))))).containsExactlyInAnyOrder("locales.en.variables.1",
                        "locales.en.variables.2");
        assertThat(fields(templates, whatsApp("Hi", "HX0123456789abcdef0123456789abcdef",
                Map.of("1", "{#if}")))).singleElement().asString().startsWith("locales.en.variables.1");
    }

    private static List<String> fields(Templates templates, Templates.Draft draft) {
        try {
            templates.save("w", MessageChannel.WHATSAPP, draft, Templates.Editor.MARKETER);
            throw new AssertionError("expected the draft to be refused");
        } catch (InvalidTemplateException e) {
            return e.problems().stream().map(InvalidTemplateException.Problem::field).toList();
        }
    }

    @Test
    void aNewTemplatePastTheLimitIsRefusedWhileReplacingOrAfterADeleteIsNot() {
        MemoryStore store = new MemoryStore();
        Templates templates = new Templates(store, new TemplateRenderer(), null, Clock.systemUTC(), 2);
        templates.save("a", MessageChannel.SMS, sms("A"), Templates.Editor.MARKETER);
        templates.save("b", MessageChannel.SMS, sms("B"), Templates.Editor.MARKETER);
        assertThatThrownBy(() -> templates.save("c", MessageChannel.SMS, sms("C"), Templates.Editor.ADMIN))
                .isInstanceOfSatisfying(TemplateRefusedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TemplateRefusedException.Kind.LIMIT);
                    assertThat(e.field()).isEqualTo("templates");
                    assertThat(e.getMessage()).contains("2 templates");
                });
        templates.save("b", MessageChannel.SMS, sms("B2"), Templates.Editor.MARKETER);
        assertThat(store.templates).hasSize(2);
        templates.delete("a", MessageChannel.SMS, Templates.Editor.MARKETER);
        templates.save("c", MessageChannel.SMS, sms("C"), Templates.Editor.MARKETER);
        assertThat(store.templates.keySet()).containsExactly("b/SMS", "c/SMS");
    }
}
