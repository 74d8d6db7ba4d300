package io.omnijourney.notification.app;

import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.Template;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps what {@link #find} answered (a template, or that there is none) for a short time: every send needs its
 * template, and templates rarely change. A change made through this instance ({@link #save}, {@link #delete}) is
 * seen at once; one made through another instance is seen when the entry expires ({@code ttl}). Lists are not cached.
 */
public class CachingTemplateStore implements TemplateStore {

    private record Key(String templateId, MessageChannel channel) {
    }

    private record Entry(Optional<Template> template, long expiresAt) {
    }

    private final TemplateStore store;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

    public CachingTemplateStore(TemplateStore store, Duration ttl) {
        this(store, ttl, System::nanoTime);
    }

    CachingTemplateStore(TemplateStore store, Duration ttl, LongSupplier nanoTime) {
        this.store = store;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public Optional<Template> find(String templateId, MessageChannel channel) {
        if (ttlNanos <= 0) {
            return store.find(templateId, channel);
        }
        Key key = new Key(templateId, channel);
        long now = nanoTime.getAsLong();
        Entry entry = entries.get(key);
        if (entry != null && now - entry.expiresAt() < 0) {
            return entry.template();
        }
        Optional<Template> found = store.find(templateId, channel);
        entries.put(key, new Entry(found, now + ttlNanos));
        return found;
    }

    @Override
    public void save(Template template) {
        store.save(template);
        entries.remove(new Key(template.templateId(), template.channel()));
    }

    @Override
    public long count() {
        return store.count();
    }

    @Override
    public boolean delete(String templateId, MessageChannel channel) {
        boolean deleted = store.delete(templateId, channel);
        entries.remove(new Key(templateId, channel));
        return deleted;
    }

    @Override
    public List<Template> byId(String templateId) {
        return store.byId(templateId);
    }

    @Override
    public List<Template> list(int limit) {
        return store.list(limit);
    }
}
