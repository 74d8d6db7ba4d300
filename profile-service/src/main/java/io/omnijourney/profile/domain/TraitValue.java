package io.omnijourney.profile.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trait's current value and the write that set it. A {@code null} value is kept as a tombstone: it records that the
 * trait was cleared at that time, so that an older event delivered late cannot bring the old value back.
 */
public record TraitValue(Object value, Instant updatedAt, String messageId) implements Stamped {

    public TraitValue {
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(messageId, "messageId");
        value = frozen(value);
    }

    static TraitValue of(Object value, EventStamp stamp) {
        return new TraitValue(value, stamp.at(), stamp.messageId());
    }

    @Override
    public EventStamp stamp() {
        return new EventStamp(updatedAt, messageId);
    }

    public boolean isCleared() {
        return value == null;
    }

    private static Object frozen(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), frozen(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(frozen(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
