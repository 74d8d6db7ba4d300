package io.omnijourney.notification.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.Template;
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
