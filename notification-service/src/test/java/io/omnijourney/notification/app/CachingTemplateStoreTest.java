package io.omnijourney.notification.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.Template;
import io.omnijourney.notification.domain.TemplateContent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachingTemplateStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    /** An in-memory store that counts reads; another "instance" may change it behind the cache's back. */
    private static final class CountingStore implements TemplateStore {
        final Map<String, Template> templates = new LinkedHashMap<>();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public void save(Template t) {
            templates.put(t.templateId() + "|" + t.channel(), t);
        }

        @Override
        public Optional<Template> find(String templateId, MessageChannel channel) {
            reads.incrementAndGet();
            return Optional.ofNullable(templates.get(templateId + "|" + channel));
        }

        @Override
        public List<Template> byId(String templateId) {
            return new ArrayList<>(templates.values());
        }

        @Override
        public List<Template> list(int limit) {
            return new ArrayList<>(templates.values());
        }

        @Override
        public boolean delete(String templateId, MessageChannel channel) {
            return templates.remove(templateId + "|" + channel) != null;
        }
    }

    private static Template sms(String text) {
        return new Template("t", MessageChannel.SMS, "en", Map.of("en", new TemplateContent.Sms(text)), NOW);
    }

    private static String text(Optional<Template> t) {
        return ((TemplateContent.Sms) t.orElseThrow().resolve("en").content()).text();
    }

    @Test
    void readsOnceWithinTheTtlSeesItsOwnChangesAtOnceAndOthersAfterTheTtl() {
        CountingStore store = new CountingStore();
        AtomicLong clock = new AtomicLong();
        CachingTemplateStore cache = new CachingTemplateStore(store, Duration.ofSeconds(5), clock::get);
        cache.save(sms("v1"));

        assertThat(text(cache.find("t", MessageChannel.SMS))).isEqualTo("v1");
        assertThat(text(cache.find("t", MessageChannel.SMS))).isEqualTo("v1");
        assertThat(store.reads).hasValue(1);

        cache.save(sms("v2"));
        assertThat(text(cache.find("t", MessageChannel.SMS))).isEqualTo("v2");

        store.save(sms("v3"));
        clock.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(text(cache.find("t", MessageChannel.SMS))).isEqualTo("v2");
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(text(cache.find("t", MessageChannel.SMS))).isEqualTo("v3");

        cache.delete("t", MessageChannel.SMS);
        assertThat(cache.find("t", MessageChannel.SMS)).isEmpty();
        assertThat(cache.find("t", MessageChannel.PUSH)).isEmpty();
    }
}
